import { describe, expect, test } from 'vitest';
import { foldTable, lrFinderTable } from '../../src/renderer/studio/charts/job-tables';
import type { CrossValidated } from '../../src/renderer/studio/state/cross-validation.svelte';
import type { LrFound } from '../../src/renderer/studio/state/lr-finder.svelte';

describe('the tables of the learning-rate finder and cross-validation', () => {
  test('the finder\'s table lists each rate tried with its smoothed loss, and names the suggested rate', () => {
    const found = { rates: [1e-4, 1e-3, 1e-2], smoothed: [1.2, 0.8, 2.5], suggested: 0.00123 } as unknown as LrFound;
    const table = lrFinderTable(found);
    expect(table.rows.map((r) => [r.x, r.values[0]])).toEqual([[1e-4, 1.2], [1e-3, 0.8], [1e-2, 2.5]]);
    expect(table.notes).toEqual(['suggested 0.0012 at learning rate 0.00123']);
  });

  test('a fold\'s table column is its validation loss, or its training loss where validation loss is missing', () => {
    const result = { folds: [
      { loss: [1, 0.5], valLoss: [1.1, 0.7], score: 0.9 },
      { loss: [2, 1.5], valLoss: [null, null], score: 0.8 },
    ] } as unknown as CrossValidated;
    const table = foldTable(result);
    expect(table.columns).toEqual(['fold 1 validation loss', 'fold 2 training loss']);
    expect(table.rows.map((r) => [r.x, ...r.values])).toEqual([[1, 1.1, 2], [2, 0.7, 1.5]]);
    expect(table.rows[0].values[0]).not.toBe(1); // negative control: not fold 1's training loss
  });
});
