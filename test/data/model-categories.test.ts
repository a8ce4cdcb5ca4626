import { describe, expect, it } from 'vitest';
import { prepareData, readTable, summarizeDataset } from '../../src/engine';

describe('the categories a dataset summary offers the predict form', () => {
  it('are the fitted model\'s categories of each categorical feature (all 15 it has inputs for, beyond the 10 most frequent)', () => {
    const csv = `island,mass,y\n${Array.from({ length: 150 }, (_, i) => `I${i % 15},${3000 + i},${'ab'[i % 2]}`).join('\n')}\n`;
    const table = readTable(csv);
    if (!table.ok) throw new Error(table.error.message);
    const prepared = prepareData(table.value, { target: 'y', validationFraction: 0, testFraction: 0 });
    if (!prepared.ok) throw new Error(prepared.error.message);
    const summary = summarizeDataset('islands.csv', table.value.inspection, prepared.value);
    expect(summary.columns[0].topValues).toHaveLength(10); // what the form used to offer
    expect(summary.categories).toHaveLength(1);
    expect(summary.categories[0].name).toBe('island');
    expect([...summary.categories[0].values].sort()).toEqual(Array.from({ length: 15 }, (_, i) => `I${i}`).sort());
  });
});

describe('an imported model\'s summary', () => {
  it('carries each categorical column\'s categories from the file\'s preprocessing, and none without one (negative control)', async () => {
    const { summarizeModel } = await import('../../src/engine-host/model-summary');
    const { customersCase } = await import('../export/datasets');
    const { file, preprocessing } = customersCase();
    const expected = preprocessing.columns.flatMap((c) => (c.kind === 'categorical' ? [{ name: c.name, values: c.categories }] : []));
    expect(expected.length).toBeGreaterThan(0);
    expect(summarizeModel(file).categories).toEqual(expected);
    expect(summarizeModel({ ...file, preprocessing: null }).categories).toEqual([]);
  });
});
