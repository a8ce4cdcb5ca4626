/** `backprop train --checkpoint` then `backprop resume`: the resumed run is the uninterrupted one, bit for bit. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, loadModel } from '../../src/engine';
import { jsonLines, runCli } from './run-cli';

const root = fileURLToPath(new URL('../../', import.meta.url));
const iris = existsSync(join(root, '../shared/datasets/iris.csv')) ? join(root, '../shared/datasets/iris.csv') : join(root, 'resources/samples/iris.csv');
const dir = mkdtempSync(join(tmpdir(), 'backprop-resume-'));

/** SHA-256 of a saved model's weights (as the engine loads them). */
function weightsHash(modelPath: string): string {
  const { net } = loadModel(readFileSync(modelPath, 'utf8'));
  return createHash('sha256').update(new Uint8Array(net.params.buffer, net.params.byteOffset, net.params.byteLength)).digest('hex');
}

/** Dropout, shuffling, early stopping and a validation split all on. */
const common = (optimizer: string): string[] => [iris, '--target', 'species', '--hidden', '16,8', '--dropout', '0.2', '--optimizer', optimizer,
  '--lr', '0.01', '--batch', '16', '--val', '0.2', '--test', '0.2', '--seed', '3', '--early-stop', '20', '--json', '--threads', '1'];

describe('backprop resume continues a checkpointed run exactly', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam']) {
    it(`${optimizer}: train --epochs 2 --checkpoint, then resume --epochs 4, saves the weights of train --epochs 4 (SHA-256)`, async () => {
      const checkpoint = join(dir, `${optimizer}.ckpt`), resumed = join(dir, `${optimizer}-resumed.json`), straight = join(dir, `${optimizer}-straight.json`);
      expect((await runCli('train', ...common(optimizer), '--epochs', '2', '--checkpoint', checkpoint)).code).toBe(0);
      expect(decodeCheckpoint(readFileSync(checkpoint)).trainer.epoch).toBe(2);
      const resume = await runCli('resume', checkpoint, '--epochs', '4', '--out', resumed, '--json');
      expect(resume.stderr).toBe('');
      expect(resume.code).toBe(0);
      expect(jsonLines(resume.stdout).filter((line) => line.type === 'epoch').map((line) => line.epoch)).toEqual([3, 4]);
      expect((await runCli('train', ...common(optimizer), '--epochs', '4', '--out', straight)).code).toBe(0);
      expect(weightsHash(resumed)).toBe(weightsHash(straight));
      expect(decodeCheckpoint(readFileSync(checkpoint)).trainer.epoch).toBe(4); // resume keeps writing to the same file by default
    });
  }

  it('negative control: a 2-epoch run extended by a fresh 2-epoch train --init differs from the 4-epoch run', async () => {
    const first = join(dir, 'warm-2.json'), warm = join(dir, 'warm-4.json'), straight = join(dir, 'straight-4.json');
    expect((await runCli('train', ...common('adam'), '--epochs', '2', '--out', first)).code).toBe(0);
    expect((await runCli('train', iris, '--init', first, '--epochs', '2', '--json', '--threads', '1', '--out', warm)).code).toBe(0);
    expect((await runCli('train', ...common('adam'), '--epochs', '4', '--out', straight)).code).toBe(0);
    expect(weightsHash(warm)).not.toBe(weightsHash(straight));
  });

  it('names the threads the resumed run trained on (iris on the default net trains in halves on two): not the one it has after its helper stops', async () => {
    const checkpoint = join(dir, 'threads.ckpt');
    expect((await runCli('train', iris, '--epochs', '1', '--seed', '3', '--threads', '2', '--checkpoint', checkpoint)).code).toBe(0);
    const two = await runCli('resume', checkpoint, '--epochs', '2', '--threads', '2');
    expect(two.code).toBe(0);
    expect(two.stdout).toMatch(/^kernels: wasm-simd( \(fma\))? · 2 threads$/m);
    const one = await runCli('resume', checkpoint, '--epochs', '3', '--threads', '1'); // negative control
    expect(one.stdout).toMatch(/^kernels: wasm-simd( \(fma\))? · 1 thread$/m);
  });

  it('writes a checkpoint after every epoch with --checkpoint-every 0', async () => {
    const checkpoint = join(dir, 'every.ckpt');
    expect((await runCli('train', ...common('sgd'), '--epochs', '3', '--checkpoint', checkpoint, '--checkpoint-every', '0')).code).toBe(0);
    expect(decodeCheckpoint(readFileSync(checkpoint)).trainer.history).toHaveLength(3);
  });

  it('refuses to resume on changed data, naming the file', async () => {
    const csv = join(dir, 'iris-copy.csv'), checkpoint = join(dir, 'changed.ckpt');
    writeFileSync(csv, readFileSync(iris));
    const args = common('sgd'); args[0] = csv;
    expect((await runCli('train', ...args, '--epochs', '1', '--checkpoint', checkpoint)).code).toBe(0);
    writeFileSync(csv, readFileSync(iris, 'utf8').replace('5.1', '5.2'));
    const run = await runCli('resume', checkpoint, '--epochs', '2');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/iris-copy\.csv: the data differs from the run's/);
  });

  it('refuses --epochs below the epochs already done', async () => {
    const checkpoint = join(dir, 'fewer.ckpt');
    expect((await runCli('train', ...common('sgd'), '--epochs', '3', '--checkpoint', checkpoint)).code).toBe(0);
    const run = await runCli('resume', checkpoint, '--epochs', '2');
    expect(run.stderr).toMatch(/--epochs 2 is fewer than the 3 epochs/);
  });

  it('refuses a file that is not a checkpoint', async () => {
    const run = await runCli('resume', iris);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not a Backprop Studio checkpoint/);
  });
});
