import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { main } from '../../src/cli/main';
import { modelFileText } from '../../src/engine';
import { validModelFile } from './model-fixtures';

/** Runs `backprop …` in-process; returns exit code, stdout and stderr. */
async function backprop(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (text) => { out += text; }, err: (text) => { err += text; }, isTTY: false });
  return { code, out, err };
}

describe('backprop export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-cli-export-'));
  const modelPath = join(dir, 'iris.model.json');
  writeFileSync(modelPath, modelFileText(validModelFile()));

  it.each([['onnx', 'iris.onnx'], ['js', 'iris.model.mjs'], ['python', 'iris_model.py'], ['pytorch', 'iris_train.py']])(
    'writes --format %s next to the model as %s', async (format, fileName) => {
      const result = await backprop('export', modelPath, '--format', format);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(existsSync(join(dir, fileName))).toBe(true);
    });

  it('writes an ONNX file onnxruntime loads to --out', async () => {
    const out = join(dir, 'custom.onnx');
    expect((await backprop('export', modelPath, '--format', 'onnx', '--out', out)).code).toBe(0);
    const session = await ort.InferenceSession.create(readFileSync(out));
    expect(session.inputNames).toEqual(['numeric']);
    expect(session.outputNames).toEqual(['probabilities', 'label']);
  });

  it('requires --format', async () => {
    expect(await backprop('export', modelPath)).toMatchObject({ code: 2, err: expect.stringContaining('--format is required') });
  });

  it('rejects a malformed model naming the bad field, and writes nothing', async () => {
    const bad = join(dir, 'bad.model.json');
    writeFileSync(bad, modelFileText(validModelFile()).replace('"units":5', '"units":1000000000'));
    const result = await backprop('export', bad, '--format', 'onnx');
    expect(result.code).toBe(2);
    expect(result.err).toContain('spec.hidden.0.units');
    expect(existsSync(join(dir, 'bad.onnx'))).toBe(false);
  });

  it('refuses to overwrite the model with its own JSON export', async () => {
    expect(await backprop('export', modelPath, '--format', 'json')).toMatchObject({ code: 2, err: expect.stringContaining('is the model itself') });
  });
});
