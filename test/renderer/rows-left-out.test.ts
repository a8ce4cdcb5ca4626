import { describe, expect, it } from 'vitest';
import { rowsLeftOutNotes } from '../../src/renderer/studio/state/data-loader.svelte';

const none = { malformed: 0, missingTarget: 0, badCells: 0, missingValues: 0, unknownClass: 0 };

describe('the data panel\'s note on rows left out', () => {
  it('one ragged row is one bad row, and rows without a target are named as such, not as bad rows', () => {
    expect(rowsLeftOutNotes({ skippedRows: 7, rowsLeftOut: { ...none, malformed: 1, missingTarget: 6 } }))
      .toEqual(['1 bad row skipped (1 malformed)', '6 rows without a target value were left out']);
  });

  it('counts each reason, in words a person reads', () => {
    expect(rowsLeftOutNotes({ skippedRows: 1206, rowsLeftOut: { ...none, malformed: 1, badCells: 1200, missingTarget: 1, missingValues: 4 } })).toEqual([
      '1,201 bad rows skipped (1 malformed, 1,200 with a cell that does not read)', '1 row without a target value was left out', '4 rows with missing values dropped',
    ]);
  });

  it('says nothing when no row was left out (negative control)', () => {
    expect(rowsLeftOutNotes({ skippedRows: 0, rowsLeftOut: none })).toEqual([]);
  });
});
