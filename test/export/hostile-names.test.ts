import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Network, Random, loadModel, modelFileText, predict, toModelFile, transformRows, typedArrayKernels, type Preprocessing } from '../../src/engine';
import { exportJavaScript, exportOnnx, exportPyTorch, exportPython } from '../../src/engine/export';
import { maxAbsDifference } from './helpers';

/** Names and values that break naive code generation: quotes, backslashes, newlines, comment and template syntax. */
const hostile = ['say "hi"', 'back\\slash', 'two\nlines', '"""', "it's", '*/ ${x} </script>', 'ünï 😀', '__proto__'];

const preprocessing: Preprocessing = {
  version: 1,
  columns: [
    ...hostile.slice(0, 4).map((name, i) => ({ name, kind: 'numeric' as const, impute: i, center: 0.5, scale: 2 })),
    { name: hostile[4], kind: 'categorical', impute: hostile[5], categories: [hostile[5], hostile[6], hostile[7]], other: true },
  ],
  scaling: 'standard',
  target: { name: hostile[2], task: 'classification', classes: [hostile[0], hostile[3], hostile[7]] },
  format: { delimiter: ',', decimalComma: false },
};

const net = new Network({ inputSize: 8, hidden: [{ units: 5, activation: 'tanh', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' }, { kernels: typedArrayKernels });
net.initialize(new Random(3));
const file = loadModel(modelFileText(toModelFile(net, { preprocessing }))).file;
const records = [hostile[5], hostile[6], hostile[7], 'unseen', ''].map((category, r) => ({
  ...Object.fromEntries(hostile.slice(0, 4).map((name, i) => [name, r === 4 ? 'NA' : String(i * r - 1.5)])), [hostile[4]]: category,
}));
const features = transformRows(preprocessing, records);
if (!features.ok) throw new Error(features.error.message);
const expected = predict(net, features.value, records.length);
const dir = mkdtempSync(join(tmpdir(), 'backprop-hostile-'));

describe('exports of a model whose column names, categories and classes are hostile strings', () => {
  it('survive a round trip through the model JSON', () => {
    expect(file.preprocessing).toEqual(preprocessing);
  });

  it('give a JS module that imports and predicts like the engine', async () => {
    writeFileSync(join(dir, 'hostile.mjs'), exportJavaScript(file));
    const module = await import(pathToFileURL(join(dir, 'hostile.mjs')).href) as { transform(row: object): Float32Array; forward(x: Float32Array): Float32Array; predict(row: object): { label: string } };
    const outputs = records.flatMap((record) => Array.from(module.forward(module.transform(record))));
    expect(outputs).toEqual(Array.from(expected));
    expect(hostile).toContain(module.predict(records[0]).label);
  });

  it('give an ONNX graph that onnxruntime runs like the engine', async () => {
    const session = await ort.InferenceSession.create(exportOnnx(file));
    const out = await session.run({
      numeric: new ort.Tensor('float32', Float32Array.from(records.flatMap((r) => hostile.slice(0, 4).map((name) => (r[name] === 'NA' ? NaN : Number(r[name]))))), [records.length, 4]),
      categorical: new ort.Tensor('string', records.map((r) => r[hostile[4]]), [records.length, 1]),
    });
    expect(maxAbsDifference(out.probabilities.data as Float32Array, expected)).toBeLessThan(1e-6);
  });

  it.skipIf(spawnSync('python3', ['-c', 'import numpy']).status !== 0)('give a Python file and a PyTorch script that compile, and the Python file predicts like the engine', () => {
    writeFileSync(join(dir, 'hostile_model.py'), exportPython(file));
    writeFileSync(join(dir, 'hostile_train.py'), exportPyTorch(file));
    writeFileSync(join(dir, 'records.json'), JSON.stringify(records));
    execFileSync('python3', ['-m', 'py_compile', join(dir, 'hostile_train.py')]);
    const output = execFileSync('python3', ['-c', 'import json, hostile_model as m\nprint(json.dumps([float(p) for r in json.load(open("records.json")) for p in m.forward([m.transform(r)])[0]]))'], { cwd: dir, encoding: 'utf8' });
    expect(maxAbsDifference(JSON.parse(output) as number[], expected)).toBeLessThan(1e-6);
  });
});
