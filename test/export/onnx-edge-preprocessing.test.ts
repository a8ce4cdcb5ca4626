import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Network, Random, predict, toModelFile, transformRows, type Preprocessing } from '../../src/engine';
import { exportOnnx } from '../../src/engine/export';
import { onnxInputs } from './datasets';
import { maxAbsDifference } from './helpers';

const format = { delimiter: ',' as const, decimalComma: false };
const target = { name: 'y', task: 'classification' as const, classes: ['a', 'b', 'c'] };

/** [what, preprocessing, raw rows] for graphs with a single kind of input, or rows that l2row must leave at zero. */
const cases: [string, Preprocessing, Record<string, string>[]][] = [
  ['only categorical columns, without "other"', {
    version: 1, scaling: 'none', format, target,
    columns: [{ name: 'c1', kind: 'categorical', impute: 'x', categories: ['x', 'y'], other: false }, { name: 'c2', kind: 'categorical', impute: 'q', categories: ['p', 'q', 'r'], other: true }],
  }, [{ c1: 'x', c2: 'p' }, { c1: 'y', c2: 'zzz' }, { c1: 'unseen', c2: 'NA' }, { c1: '', c2: 'r' }]],
  ['only a date column', {
    version: 1, scaling: 'standard', format, target,
    columns: [{ name: 'd', kind: 'date', impute: Date.UTC(2022, 5, 15), parts: ['year', 'weekday', 'month'], center: [2021.5, 3, 6.5], scale: [1.7, 2, 3.4] }],
  }, [{ d: '2020-02-29' }, { d: '' }, { d: '2024-12-31T23:59' }, { d: 'null' }]],
  ['l2row with rows that are zero after centring', {
    version: 1, scaling: 'l2row', format, target,
    columns: [{ name: 'n1', kind: 'numeric', impute: 1, center: 1, scale: 1 }, { name: 'n2', kind: 'numeric', impute: 2, center: 2, scale: 1 }],
  }, [{ n1: '1', n2: '2' }, { n1: 'NA', n2: '' }, { n1: '4', n2: '-2' }]],
];

describe.each(cases)('ONNX export with %s', (_what, preprocessing, records) => {
  it('gives the engine probabilities within 1e-6', async () => {
    const inputSize = preprocessing.columns.reduce((n, c) => n + (c.kind === 'numeric' ? 1 : c.kind === 'date' ? c.parts.length : c.categories.length + (c.other ? 1 : 0)), 0);
    const net = new Network({ inputSize, hidden: [{ units: 4, activation: 'relu', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' });
    net.initialize(new Random(inputSize));
    net.layers[0].bias.fill(0.3); // a zero input row still gives distinct outputs
    const features = transformRows(preprocessing, records);
    if (!features.ok) throw new Error(features.error.message);
    const session = await ort.InferenceSession.create(exportOnnx(toModelFile(net, { preprocessing })));
    const rows = records.length, { numeric, dateParts, categorical } = onnxInputs(preprocessing, records);
    const feeds: Record<string, ort.Tensor> = {};
    if (numeric.length) feeds.numeric = new ort.Tensor('float32', numeric, [rows, numeric.length / rows]);
    if (dateParts.length) feeds.date_parts = new ort.Tensor('float32', dateParts, [rows, dateParts.length / rows]);
    if (categorical.length) feeds.categorical = new ort.Tensor('string', categorical, [rows, categorical.length / rows]);
    expect([...session.inputNames].sort()).toEqual(Object.keys(feeds).sort());
    const out = await session.run(feeds);
    expect(maxAbsDifference(out.probabilities.data as Float32Array, predict(net, features.value, rows))).toBeLessThan(1e-6);
  });
});

describe('the l2row comparison', () => {
  it('fails when the graph leaves out the row scaling (negative control)', async () => {
    const [, preprocessing, records] = cases[2];
    const net = new Network({ inputSize: 2, hidden: [{ units: 4, activation: 'relu', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' });
    net.initialize(new Random(2));
    const features = transformRows(preprocessing, records);
    if (!features.ok) throw new Error(features.error.message);
    const session = await ort.InferenceSession.create(exportOnnx(toModelFile(net, { preprocessing: { ...preprocessing, scaling: 'none' } })));
    const { numeric } = onnxInputs(preprocessing, records);
    const out = await session.run({ numeric: new ort.Tensor('float32', numeric, [records.length, 2]) });
    expect(maxAbsDifference(out.probabilities.data as Float32Array, predict(net, features.value, records.length))).toBeGreaterThan(1e-3);
  });
});

describe('infinities in the numeric input', () => {
  it('are read as missing (imputed) like NaN, as the data module reads "inf"', async () => {
    const preprocessing: Preprocessing = { version: 1, scaling: 'standard', format, target, columns: [{ name: 'n1', kind: 'numeric', impute: 5, center: 1, scale: 2 }] };
    const net = new Network({ inputSize: 1, hidden: [{ units: 4, activation: 'relu', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' });
    net.initialize(new Random(5));
    const session = await ort.InferenceSession.create(exportOnnx(toModelFile(net, { preprocessing })));
    const out = await session.run({ numeric: new ort.Tensor('float32', Float32Array.from([Infinity, -Infinity, NaN, 7]), [4, 1]) });
    const p = Array.from(out.probabilities.data as Float32Array);
    const engine = transformRows(preprocessing, [{ n1: 'inf' }, { n1: '-1e39' }, { n1: '' }, { n1: '7' }]);
    if (!engine.ok) throw new Error(engine.error.message);
    expect(maxAbsDifference(p, predict(net, engine.value, 4))).toBeLessThan(1e-6);
    expect(p.slice(0, 3)).toEqual(p.slice(6, 9));
    expect(p.slice(9, 12)).not.toEqual(p.slice(6, 9)); // negative control: a number is not imputed
  });
});
