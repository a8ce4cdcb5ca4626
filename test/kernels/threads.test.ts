import { afterAll, describe, expect, it } from 'vitest';
import { createTwoThreadKernels } from '../../bench/threads';
import type { Dataset } from '../../src/engine/dataset';
import { createWasmKernels, type Kernels, type WasmKernels } from '../../src/engine/kernels';
import { Network, type ModelSpec } from '../../src/engine/network';
import { Trainer, defaultTrainSettings, type TrainSettings } from '../../src/engine/trainer';
import { loadNumericCsv, scaleFeatures, splitHead } from '../helpers/load-numeric-csv';

// Two threads split each big matmul by output rows (no reduction across threads), so a run on two
// threads gives the same bits as on one, and stays deterministic per seed.

const started: WasmKernels[] = [];
afterAll(() => started.forEach((k) => k.stopThreads()));

function twoThreads(): WasmKernels {
  const kernels = createTwoThreadKernels();
  expect(kernels, 'shared WebAssembly memory is available in Node').not.toBeNull();
  started.push(kernels!);
  expect(kernels!.waitForHelper(30_000), 'the helper thread started').toBe(true);
  return kernels!;
}

function trainParams(kernels: Kernels, train: Dataset, seed: number): Float32Array {
  const spec: ModelSpec = {
    inputSize: 784, hidden: [256, 128, 64].map((units) => ({ units, activation: 'relu' as const, dropout: 0.1 })),
    output: { units: 10, activation: 'softmax' }, init: 'auto',
  };
  const settings: TrainSettings = {
    ...defaultTrainSettings, epochs: 1, batchSize: 64, learningRate: 0.05, seed,
    optimizer: { ...defaultTrainSettings.optimizer, name: 'momentum' },
  };
  const net = new Network(spec, { kernels });
  new Trainer(net, settings, train).run();
  return Float32Array.from(net.params);
}

describe('two threads', () => {
  it('split matmuls give the same bits as one thread', () => {
    const two = twoThreads(), one = createWasmKernels()!;
    expect(two.threads).toBe(2);
    const [m, k, n] = [65, 784, 129];
    const fill = (kernels: WasmKernels, length: number, seed: number): Float32Array => {
      const array = kernels.allocate(length);
      for (let i = 0; i < length; i++) array[i] = Math.sin(seed * 1000 + i * 0.37);
      return array;
    };
    const onBoth = (length: number, seed: number): [Float32Array, Float32Array] => [fill(one, length, seed), fill(two, length, seed)];
    const [x1, x2] = onBoth(m * k, 1), [w1, w2] = onBoth(k * n, 2), [b1, b2] = onBoth(n, 3), [d1, d2] = onBoth(m * n, 4);
    const [z1, z2] = [one.allocate(m * n), two.allocate(m * n)];
    one.matmulBias(x1, w1, b1, z1, m, k, n); two.matmulBias(x2, w2, b2, z2, m, k, n);
    expect(Array.from(z2)).toEqual(Array.from(z1));
    const [g1, g2] = [one.allocate(k * n), two.allocate(k * n)];
    one.matmulTransA(x1, d1, g1, m, k, n); two.matmulTransA(x2, d2, g2, m, k, n);
    expect(Array.from(g2)).toEqual(Array.from(g1));
    const [e1, e2] = [one.allocate(m * k), two.allocate(m * k)];
    one.matmulTransB(d1, w1, e1, m, n, k); two.matmulTransB(d2, w2, e2, m, n, k);
    expect(Array.from(e2)).toEqual(Array.from(e1));
  });

  it('an epoch of MNIST (784-256-128-64-10, dropout, momentum) ends with the same weights on one and two threads', () => {
    const { data } = loadNumericCsv('mnist-10k.csv.gz', 'label');
    scaleFeatures(data, 255);
    const train = splitHead(data, 1000).train;
    const oneThread = trainParams(createWasmKernels()!, train, 5);
    const two = twoThreads();
    const twoThread = trainParams(two, train, 5);
    expect(two.helperJobs, 'the helper thread did part of the work').toBeGreaterThan(0);
    expect(Buffer.from(twoThread.buffer).equals(Buffer.from(oneThread.buffer))).toBe(true);
    expect(Buffer.from(trainParams(twoThreads(), train, 6).buffer).equals(Buffer.from(oneThread.buffer))).toBe(false); // another seed differs
  });
});
