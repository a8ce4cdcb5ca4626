/** One decoding of network outputs (src/engine/data/transform.ts), used by the CLI's predict and the engine host's predict/predictCsv. */
import { describe, expect, it } from 'vitest';
import { decodeOutputs, decodeRows, inputWidth, preprocessedWidth, type Preprocessing } from '../../src/engine/data';

const columns: Preprocessing['columns'] = [
  { name: 'x', kind: 'numeric', impute: 0, center: 0, scale: 1 },
  { name: 'city', kind: 'categorical', impute: 'a', categories: ['a', 'b', 'c'], other: true },
  { name: 'when', kind: 'date', impute: 0, parts: ['year', 'month'], center: [0, 0], scale: [1, 1] },
];
const format: Preprocessing['format'] = { delimiter: ',', decimalComma: false };
const classifier: Preprocessing = { version: 1, columns, scaling: 'standard', format, target: { name: 'y', task: 'classification', classes: ['cat', 'dog', 'owl'] } };
const regression: Preprocessing = { version: 1, columns, scaling: 'standard', format, target: { name: 'y', task: 'regression', classes: null, mean: 10, std: 2 } };

describe('decoding network outputs row by row', () => {
  it('names the most probable class of each row and keeps its probabilities', () => {
    const rows = decodeRows(classifier, Float32Array.of(0.1, 0.7, 0.2, 0.5, 0.25, 0.25), 2);
    expect(rows.map((row) => row.label)).toEqual(['dog', 'cat']);
    expect(rows[0].outputs).toEqual([0.1, 0.7, 0.2].map(Math.fround));
    expect(rows.map((row) => row.label)).not.toEqual(['owl', 'owl']); // negative control: not the last class
  });

  it('brings regression outputs back to the target units as z·std + mean', () => {
    const rows = decodeRows(regression, Float32Array.of(0, 1.5, -1), 3);
    expect(rows.map((row) => row.outputs)).toEqual([[10], [13], [8]]);
    expect(rows.every((row) => row.label === null)).toBe(true);
    expect(rows[1].outputs[0]).not.toBe(1.5); // negative control: the standardized value is not what the user sees
  });

  it('picks the argmax for a classifier whose file names no classes, with no label', () => {
    const unnamed: Preprocessing = { ...classifier, target: { ...classifier.target, classes: null } };
    const decoded = decodeOutputs(unnamed, Float32Array.of(0.2, 0.8), 1);
    expect(decoded.task === 'classification' && [decoded.labels, Array.from(decoded.classIndex)]).toEqual([null, [1]]);
    expect(decodeRows(unnamed, Float32Array.of(0.2, 0.8), 1)).toEqual([{ label: null, outputs: [Math.fround(0.2), Math.fround(0.8)] }]);
  });
});

describe('counting network inputs', () => {
  it('counts one per numeric column, one per category plus "other", one per date part', () => {
    expect(columns.map(inputWidth)).toEqual([1, 4, 2]);
    expect(preprocessedWidth(classifier)).toBe(7);
    expect(preprocessedWidth({ ...classifier, columns: [{ ...columns[1], other: false } as Preprocessing['columns'][number]] })).toBe(3);
  });
});
