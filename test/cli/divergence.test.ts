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
