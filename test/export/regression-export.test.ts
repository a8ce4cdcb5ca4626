import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { exportJavaScript, exportOnnx, exportPython } from '../../src/engine/export';
import { enginePredictions, housesCase, onnxInputs } from './datasets';
import { maxAbsDifference } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'backprop-regression-'));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('exports of a regression model (standardized target, one categorical column)', () => {
  const trained = housesCase();
  const expected = enginePredictions(trained);

  it('ONNX "prediction" is in the target\'s units and within 1e-4 relative of the engine', async () => {
    const session = await ort.InferenceSession.create(exportOnnx(trained.file));
    const rows = trained.records.length, { numeric, categorical } = onnxInputs(trained.preprocessing, trained.records);
    const out = await session.run({
      numeric: new ort.Tensor('float32', numeric, [rows, numeric.length / rows]),
      categorical: new ort.Tensor('string', categorical, [rows, categorical.length / rows]),
    });
    const diff = maxAbsDifference(out.prediction.data as Float32Array, expected);
    console.log(`houses: max |ONNX − engine| = ${diff.toExponential(2)} (prices ≈ ${expected[0].toFixed(1)})`);
    expect(diff).toBeLessThan(1e-4 * 130);
  });

  it('the JS module predicts the engine values exactly', async () => {
    const path = join(dir, 'houses.mjs');
    writeFileSync(path, exportJavaScript(trained.file));
    const module = await import(pathToFileURL(path).href) as { predict(row: Record<string, string>): { value: number } };
    trained.records.forEach((record, r) => expect(module.predict(record).value).toBe(expected[r]));
  });

  it.skipIf(!hasNumpy)('the Python file predicts the engine values within 1e-5 relative', () => {
    writeFileSync(join(dir, 'houses_model.py'), exportPython(trained.file));
    writeFileSync(join(dir, 'records.json'), JSON.stringify(trained.records));
    const output = execFileSync('python3', ['-c', 'import json, houses_model as m\nprint(json.dumps([m.predict(r)["value"] for r in json.load(open("records.json"))]))'], { cwd: dir, encoding: 'utf8' });
    const values = JSON.parse(output) as number[];
    expect(maxAbsDifference(values, expected)).toBeLessThan(1e-5 * 130);
  });

  it('is far from the engine without the target decoding (negative control)', () => {
    const raw = Array.from(expected, (_, r) => (expected[r] - (trained.preprocessing.target.mean ?? 0)) / (trained.preprocessing.target.std ?? 1));
    expect(maxAbsDifference(raw, expected)).toBeGreaterThan(1);
  });
});

describe('exports of a model file without preprocessing', () => {
  const trained = housesCase();
  const file = { ...trained.file, preprocessing: null };
  const features = [0.1, -0.3, 1, 0, 0, 0];

  it('the JS module takes the input vector and returns the raw outputs', async () => {
    const path = join(dir, 'raw.mjs');
    writeFileSync(path, exportJavaScript(file));
    const module = await import(pathToFileURL(path).href) as { predict(features: number[]): { outputs: number[] } };
    expect(module.predict(features.slice(0, file.spec.inputSize)).outputs).toHaveLength(1);
  });

  it('ONNX takes "features" and documents that the inputs must be preprocessed already', async () => {
    const bytes = exportOnnx(file);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['features']);
    expect(new TextDecoder().decode(bytes)).toContain('already preprocessed as during training');
  });
});
