import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './run-cli';
import { nonFiniteRows } from '../../src/cli/divergence';

const iris = 'resources/samples/iris.csv';
const dir = mkdtempSync(join(tmpdir(), 'backprop-diverge-'));
const diverging = ['train', iris, '--target', 'species', '--lr', '1000', '--optimizer', 'sgd', '--epochs', '5'];

describe('a diverged training run', () => {
  it('says so on stderr in one line, exits 3 and saves nothing', async () => {
    const out = join(dir, 'm.json');
    const run = await runCli(...diverging, '--out', out);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^backprop train: training diverged: [^\n]*the model was not saved[^\n]*\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('saves the model when --save-diverged asks, still exiting 3, and the JSON "done" line names the divergence', async () => {
    const out = join(dir, 'kept.json');
    const run = await runCli(...diverging, '--out', out, '--save-diverged', '--json');
    expect(run.code).toBe(3);
    expect(existsSync(out)).toBe(true);
    expect(jsonLines(run.stdout).pop()).toMatchObject({ type: 'done', model: out, diverged: expect.stringContaining('NaN') });
  });

  it('an ordinary run exits 0 and saves (negative control)', async () => {
    const out = join(dir, 'fine.json');
    const run = await runCli('train', iris, '--target', 'species', '--epochs', '5', '--out', out);
    expect(run.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('counts rows with any NaN or infinite output', () => {
    expect(nonFiniteRows(Float32Array.from([0, 1, NaN, 0, 1, Infinity, 0.5, 0.5]), 4, 2)).toBe(2);
    expect(nonFiniteRows(Float32Array.from([0, 1, 0.2, 0.8]), 2, 2)).toBe(0);
  });
});

describe('predicting with a model whose numbers overflow', () => {
  it('leaves the prediction cells of NaN rows empty (never the first class), says how many, exits 3', async () => {
    const { loadModel, modelFileText } = await import('../../src/engine');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const good = join(dir, 'good.json');
    expect((await runCli('train', iris, '--target', 'species', '--epochs', '2', '--out', good)).code).toBe(0);
    const { file } = loadModel(readFileSync(good, 'utf8'));
    const huge = { ...file, layers: file.layers.map((layer, l) => (l === file.layers.length - 1 ? { ...layer, weights: layer.weights.map((row) => row.map((_, j) => (j === 0 ? 3e38 : -3e38))) } : layer)) };
    const bad = join(dir, 'overflow.json');
    writeFileSync(bad, modelFileText(huge));
    const out = join(dir, 'overflow-preds.csv');
    const run = await runCli('predict', bad, iris, '--out', out);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/150 of 150 rows gave NaN or infinite predictions/);
    const predictions = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[5]);
    expect(new Set(predictions)).toEqual(new Set(['']));
  });

  it('warns, once, about an older model file without a content hash', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const good = join(dir, 'good.json');
    const old = join(dir, 'old.json');
    writeFileSync(old, readFileSync(good, 'utf8').replace(/,"contentHash":"[^"]*"/, ''));
    const run = await runCli('predict', old, iris);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/no content hash/g)).toHaveLength(1);
    expect((await runCli('predict', good, iris)).stderr).not.toContain('content hash');
  });
});
