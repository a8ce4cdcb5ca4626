/** `backprop train --threads`: a big layer splits its matmuls over two threads, a smaller classifier trains its batches in halves, both with the same bits as one; tiny nets stay on one. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, type CliRun } from './run-cli';

const root = fileURLToPath(new URL('../../', import.meta.url));
const iris = existsSync(join(root, '../shared/datasets/iris.csv')) ? join(root, '../shared/datasets/iris.csv') : join(root, 'resources/samples/iris.csv');
const dir = mkdtempSync(join(tmpdir(), 'backprop-cli-threads-'));
const wide = join(dir, 'wide.csv');

/** 600 rows of 200 seeded features; the class is the sign pattern of two feature sums (3 classes). */
function writeWideFile(path: string): void {
  let state = 777;
  const uniform = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const lines = [[...Array.from({ length: 200 }, (_, i) => `x${i}`), 'label'].join(',')];
  for (let r = 0; r < 600; r++) {
    const x = Array.from({ length: 200 }, uniform);
    const a = x.slice(0, 20).reduce((s, v) => s + v, 0), b = x.slice(20, 40).reduce((s, v) => s + v, 0);
    lines.push([...x.map((v) => v.toFixed(4)), a > 0 ? 'up' : b > 0 ? 'side' : 'down'].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** 200 inputs → 128 hidden: a layer of 25,600 weights, above the 16,384 where the kernels split. */
const trainWide = (threads: string, seed = '3'): Promise<CliRun> =>
  runCli('train', wide, '--hidden', '128', '--epochs', '3', '--batch', '64', '--seed', seed, '--threads', threads, '--json', '--out', join(dir, `wide-${threads}-${seed}.json`));

/** The same run through bin/backprop.mjs: a fresh Node process sets the relaxed-SIMD flag itself and starts its helper through tsx. */
function trainWideThroughBin(threads: string): Promise<CliRun> {
  const args = ['train', wide, '--hidden', '128', '--epochs', '3', '--batch', '64', '--seed', '3', '--threads', threads, '--json', '--out', join(dir, `wide-${threads}-3.json`)];
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/backprop.mjs'), ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const doneLine = (run: CliRun): Record<string, unknown> => jsonLines(run.stdout).at(-1)!;
const layersIn = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8')).layers;
const weightsOf = (threads: string, seed = '3'): unknown => layersIn(`wide-${threads}-${seed}.json`);

describe('backprop train --threads', () => {
  let one: CliRun, two: CliRun;
  beforeAll(async () => {
    writeWideFile(wide);
    one = await trainWide('1');
    two = await trainWideThroughBin('2');
  });

  it('reports 2 threads for a net with a 25,600-weight layer, and 1 with --threads 1', () => {
    expect([one.code, one.stderr, two.code, two.stderr]).toEqual([0, '', 0, '']);
    expect(doneLine(two)).toMatchObject({ type: 'done', kernels: 'wasm-simd', fma: true, threads: 2 });
    expect(doneLine(one)).toMatchObject({ type: 'done', kernels: 'wasm-simd', fma: true, threads: 1 });
  });

  it('saves exactly the same weights on two threads (bin, fresh process) as on one (same seed)', () => {
    expect(weightsOf('2')).toEqual(weightsOf('1'));
    expect(doneLine(two).loss).toBe(doneLine(one).loss);
  });

  it('saves other weights with another seed (negative control)', async () => {
    expect((await trainWide('2', '4')).code).toBe(0);
    expect(weightsOf('2', '4')).not.toEqual(weightsOf('2'));
  });

  it('keeps a tiny net (iris, 8 hidden units) on one thread and names the kernels in the human summary', async () => {
    const run = await runCli('train', iris, '--hidden', '8', '--epochs', '2', '--threads', '2');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^kernels: wasm-simd( \(fma\))? · 1 thread$/m);
  });

  it('trains iris on the default 128-64-32 net on two threads, in batch halves, with the same weights as one thread', async () => {
    const two = await runCli('train', iris, '--epochs', '3', '--threads', '2', '--seed', '5', '--out', join(dir, 'two.json'));
    const one = await runCli('train', iris, '--epochs', '3', '--threads', '1', '--seed', '5', '--out', join(dir, 'one.json'));
    expect(two.stdout).toMatch(/^kernels: wasm-simd( \(fma\))? · 2 threads$/m);
    expect(one.stdout).toMatch(/^kernels: wasm-simd( \(fma\))? · 1 thread$/m);
    expect(layersIn('two.json')).toEqual(layersIn('one.json'));
  });

  it('names the fused multiply-add build and two threads in the human summary of a big net', async () => {
    const run = await runCli('train', wide, '--hidden', '128', '--epochs', '1', '--threads', '2');
    expect(run.stdout).toMatch(/^kernels: wasm-simd \(fma\) · 2 threads$/m);
  });

  it.each(['3', '0', 'two'])('exits 2 with one clear stderr line for --threads %s', async (value) => {
    const run = await runCli('train', iris, '--threads', value);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^backprop train: --threads/);
  });

  it('lists --threads in train --help', async () => {
    expect((await runCli('train', '--help')).stdout).toMatch(/--threads N +1 or 2/);
  });
});
