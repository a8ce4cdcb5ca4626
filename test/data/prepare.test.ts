import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeOutputs, decodeTargets, prepareData, readTable, transformCells, transformRows, type DataChoices, type PreparedData, type RawTable,
} from '../../src/engine';

const samples = fileURLToPath(new URL('../../resources/samples/', import.meta.url));
const irisText = readFileSync(`${samples}iris.csv`, 'utf8');

function table(text: string): RawTable {
  const result = readTable(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function prepare(text: string, choices: Partial<DataChoices> = {}): PreparedData {
  const result = prepareData(table(text), choices);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Raw rows of a CSV text (header excluded), in file order. */
function rawRows(text: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = text.trim().split('\n').map((line) => line.split(','));
  return { header, rows };
}

/** Rows of the prepared splits mapped back to file rows through their first feature (unique in this test file). */
/** A CSV of `n` rows with a number (some missing), a category, a date, a decimal and a class. */
const mixedCsv = (n: number): string => ['age,city,when,score,label', ...Array.from({ length: n }, (_, i) => [
  i % 11 === 3 ? 'NA' : String(20 + ((i * 7) % 43)),
  ['Paris', 'Lyon', 'Nice', 'Lille'][i % 4],
  `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`,
  ((i * 37) % 101 / 10).toFixed(1),
  ['yes', 'no', 'maybe'][i % 3],
].join(','))].join('\n');
const mixedText = mixedCsv(60);

describe('prepareData', () => {
  it('fits scaling on the training rows only', () => {
    const prepared = prepare(irisText, { target: 'species' });
    const column = prepared.preprocessing.columns[0] as { center: number; scale: number };
    const train = prepared.train;
    let sum = 0;
    for (let i = 0; i < train.rows; i++) sum += train.features[i * train.inputSize];
    expect(Math.abs(sum / train.rows)).toBeLessThan(1e-6); // standardized train column has mean 0
    const allRowsMean = rawRows(irisText).rows.reduce((s, r) => s + Number(r[0]), 0) / 150;
    expect(Math.abs(column.center - allRowsMean)).toBeGreaterThan(1e-4); // negative control: not the mean of all rows
  });

  it('splits each class in the same proportions, reproducibly for a seed', () => {
    const split = { validationFraction: 0.2, testFraction: 0.2 }; // given, not the defaults (validation 0.1 since bench/defaults)
    const a = prepare(irisText, { ...split, seed: 7 }), b = prepare(irisText, { ...split, seed: 7 }), c = prepare(irisText, { ...split, seed: 8 });
    const counts = (targets: Float32Array): number[] => [0, 1, 2].map((k) => targets.filter((t) => t === k).length);
    expect([counts(a.train.targets), counts(a.validation.targets), counts(a.test.targets)]).toEqual([[30, 30, 30], [10, 10, 10], [10, 10, 10]]);
    expect(Array.from(b.test.features)).toEqual(Array.from(a.test.features));
    expect(Array.from(c.test.features)).not.toEqual(Array.from(a.test.features));
  });

  it('gives the same inputs as transformRows on the raw rows (train path = predict path)', () => {
    const prepared = prepare(mixedText, { validationFraction: 0, testFraction: 0 });
    const { header, rows } = rawRows(mixedText);
    const records = rows.map((row) => Object.fromEntries(header.map((name, j) => [name, row[j]])));
    const fromRecords = transformRows(prepared.preprocessing, records);
    const fromCells = transformCells(prepared.preprocessing, header, rows);
    expect(fromRecords.ok && Array.from(fromRecords.value)).toEqual(Array.from(prepared.train.features));
    expect(fromCells.ok && Array.from(fromCells.value)).toEqual(Array.from(prepared.train.features));
    expect(prepared.featureNames).toEqual(['age', 'city=Lille', 'city=Lyon', 'city=Nice', 'city=Paris', 'when.year', 'when.month', 'when.day', 'when.weekday', 'score']);
  });

  it('encodes rows in blocks that give the same inputs as transformCells row by row, for every scaling', () => {
    const text = mixedCsv(203); // blocks of 64 rows: three full ones and a partial one
    const { header, rows } = rawRows(text);
    for (const scaling of ['standard', 'minmax', 'l2row'] as const) {
      const prepared = prepare(text, { validationFraction: 0, testFraction: 0, scaling });
      const fromCells = transformCells(prepared.preprocessing, header, rows);
      expect(fromCells.ok && Array.from(fromCells.value)).toEqual(Array.from(prepared.train.features));
      const shifted = transformCells(prepared.preprocessing, header, [...rows.slice(1), rows[0]]); // negative control
      expect(shifted.ok && Array.from(shifted.value)).not.toEqual(Array.from(prepared.train.features));
    }
  });

  it('imputes a missing number with the training mean, median or mode', () => {
    for (const imputation of ['mean', 'median', 'mode'] as const) {
      const prepared = prepare(mixedText, { imputation, validationFraction: 0, testFraction: 0 });
      const ages = rawRows(mixedText).rows.map((r) => r[0]).filter((a) => a !== 'NA').map(Number).sort((x, y) => x - y);
      const expected = { mean: ages.reduce((s, a) => s + Math.fround(a), 0) / ages.length, median: (ages[26] + ages[27]) / 2, mode: 20 }[imputation];
      expect((prepared.preprocessing.columns[0] as { impute: number }).impute, imputation).toBeCloseTo(expected, 4);
    }
  });

  it('drops rows with missing values when imputation is "drop"', () => {
    const prepared = prepare(mixedText, { imputation: 'drop', validationFraction: 0, testFraction: 0 });
    expect([prepared.train.rows, prepared.skippedRows]).toEqual([54, 6]);
  });

  it('maps an unseen category to "other" and a missing one to the most frequent', () => {
    const prepared = prepare(mixedText, { oneHotCap: 2, validationFraction: 0, testFraction: 0 });
    const row = (city: string): number[] => {
      const result = transformRows(prepared.preprocessing, [{ age: '30', city, when: '2024-01-01', score: '1' }]);
      if (!result.ok) throw new Error(result.error.message);
      return Array.from(result.value.subarray(1, 4));
    };
    expect(prepared.featureNames.slice(1, 4)).toEqual(['city=Lille', 'city=Lyon', 'city=other']);
    expect(row('Berlin')).toEqual([0, 0, 1]);
    expect(row('')).toEqual([1, 0, 0]);
  });

  it('scales minmax training inputs into [0, 1] and l2row rows to unit length', () => {
    const minmax = prepare(irisText, { scaling: 'minmax' });
    expect(Math.min(...minmax.train.features)).toBe(0);
    expect(Math.max(...minmax.train.features)).toBe(1);
    const l2 = prepare(irisText, { scaling: 'l2row' });
    const norm = Math.hypot(...l2.train.features.subarray(0, 4));
    expect(norm).toBeCloseTo(1, 6);
  });

  it('standardizes a regression target and decodes it back to its own units', () => {
    const prepared = prepare(mixedText, { target: 'score', excluded: ['label'] });
    expect(prepared.task).toBe('regression');
    const { mean, std } = prepared.preprocessing.target;
    expect(std).toBeGreaterThan(1);
    const decoded = decodeTargets(prepared.preprocessing, prepared.train.targets);
    const scores = new Set(rawRows(mixedText).rows.map((r) => Number(r[3])));
    for (const y of decoded) expect(scores.has(Math.round(y * 10) / 10)).toBe(true);
    const outputs = decodeOutputs(prepared.preprocessing, Float32Array.of(0, 1), 2);
    expect(outputs.task === 'regression' && Array.from(outputs.values)).toEqual([mean, mean! + std!]);
  });

  it('names the row and column of a cell it cannot read at predict time', () => {
    const prepared = prepare(irisText);
    const result = transformRows(prepared.preprocessing, [{ sepal_length: '5', sepal_width: '3', petal_length: '1', petal_width: '0.2' }, { sepal_length: 'five' }]);
    expect(!result.ok && result.error).toEqual({ code: 'bad-cell', message: 'column "sepal_length" row 2: "five" is not a number', line: null, column: 'sepal_length' });
  });

  it('reads __proto__ and constructor as ordinary column names', () => {
    const text = `__proto__,constructor,y\n${Array.from({ length: 20 }, (_, i) => `${i % 5},${(i * 3) % 7},${'ab'[i % 2]}`).join('\n')}`;
    const prepared = prepare(text);
    const record = JSON.parse('{"__proto__": "3", "constructor": "2"}') as Record<string, string>;
    const result = transformRows(prepared.preprocessing, [record]);
    expect(result.ok && result.value.length).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reproduces the same datasets from a saved preprocessing without refitting', () => {
    const first = prepare(mixedText);
    const again = prepareData(table(mixedText), first.choices, { preprocessing: first.preprocessing });
    expect(again.ok && Array.from(again.value.test.features)).toEqual(Array.from(first.test.features));
    expect(again.ok && again.value.preprocessing).toBe(first.preprocessing);
  });
});
