import { describe, expect, it } from 'vitest';
import { CsvReader, readTable } from '../../src/engine';

/** 60 data rows; line 11 opens a quote that never closes; line 30 has a field too many when `ragged`. */
function file(ragged = false): string {
  const lines = ['a,b,y'];
  for (let line = 2; line <= 61; line++) lines.push(line === 11 ? '1,"broken,x' : ragged && line === 30 ? '1,2,3,4' : `${line},${line * 2},${line % 2 ? 'p' : 'q'}`);
  return `${lines.join('\n')}\n`;
}

describe('a quote that never closes', () => {
  it('skipping bad rows loses only the row where it opens', () => {
    const table = readTable(file(), { badRows: 'skip' });
    expect(table.ok && table.value.inspection.rows).toBe(59);
  });

  it('the rows after it keep their own line numbers (a later bad row is named by its line)', () => {
    const reader = new CsvReader();
    const batches = [reader.push(file(true)), reader.end()];
    const bad = batches.flatMap((b) => b.bad.map((r) => [r.line, r.error.code]));
    expect(bad).toEqual([[11, 'unterminated-quote'], [30, 'ragged-row']]);
    const lines = batches.flatMap((b) => b.lines);
    expect(lines.slice(8, 11)).toEqual([10, 12, 13]);
    expect(lines.at(-1)).toBe(61);
  });

  it('a quote that closes on a later line is one multi-line cell, not a bad row (negative control)', () => {
    const table = readTable('a,b\n1,"two\nlines"\n3,4\n', { badRows: 'stop' });
    expect(table.ok && table.value.inspection.rows).toBe(2);
  });
});
