import { afterAll, describe, expect, it } from 'vitest';
import { startNodeHelper } from '../../bench/threads';
import { endLater, stopStartedThreads, twoThreads } from '../helpers/two-threads';
import type { Dataset } from '../../src/engine/dataset';
import { THREADS_MIN_LAYER_WEIGHTS, VECTOR_OPS, VECTOR_OP_NAMES, createWasmKernels, runVectorOp, type KernelHelperInit, type Kernels, type WasmKernels } from '../../src/engine/kernels';
import { Network, type ModelSpec } from '../../src/engine/network';
import { Trainer, defaultTrainSettings, type TrainSettings } from '../../src/engine/trainer';
import { loadNumericCsv, scaleFeatures, splitHead } from '../helpers/load-numeric-csv';

// Two threads split each big matmul by output rows (no reduction across threads), so a run on two
// threads gives the same bits as on one, and stays deterministic per seed.

afterAll(stopStartedThreads);

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

  /** A value for each float argument of the vector ops (an unknown name fails the test). */
  const floatValues: Record<string, number> = {
    s: 0.5, lr: 0.001, mu: 0.9, beta: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, c1: 1.5, c2: 1.2, rho: 0.9, weightDecay: 0.01, l1: 0.001, l2: 0.01,
  };
  const floatsOf = (name: keyof typeof VECTOR_OPS): number[] => VECTOR_OPS[name].floats.map((f) => {
    expect(floatValues[f], `a value for ${name}'s float ${f}`).toBeDefined();
    return floatValues[f];
  });

  /** Four long vectors in each of two kernel memories, equal bit for bit: p, g, and two positive state buffers. */
  function longVectors(one: WasmKernels, two: WasmKernels): [Float32Array[], Float32Array[]] {
    const length = 242_762; // the MNIST net's parameter count: cut into 7 chunks
    const fill = (kernels: WasmKernels, seed: number): Float32Array => {
      const array = kernels.allocate(length);
      for (let i = 0; i < length; i++) array[i] = seed > 2 ? Math.abs(Math.sin(seed * 1000 + i * 0.37)) : Math.sin(seed * 1000 + i * 0.37);
      return array;
    };
    return [[1, 2, 3, 4].map((seed) => fill(one, seed)), [1, 2, 3, 4].map((seed) => fill(two, seed))];
  }
  const sameBits = (a: Float32Array, b: Float32Array): boolean =>
    Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength));

  it('every long-vector op (sums of squares, scale, penalties, every optimizer step) gives the same bits on one and two threads', () => {
    const two = twoThreads(), one = createWasmKernels()!;
    const [ones, twos] = longVectors(one, two);
    const before = two.helperJobs;
    for (const name of VECTOR_OP_NAMES) {
      const buffers = VECTOR_OPS[name].buffers.length;
      const result1 = runVectorOp(one, name, ones.slice(0, buffers), floatsOf(name));
      const result2 = runVectorOp(two, name, twos.slice(0, buffers), floatsOf(name));
      expect(result2, `${name}'s result`).toBe(result1);
      ones.forEach((a, i) => expect(sameBits(a, twos[i]), `${name}: buffer ${i}`).toBe(true));
    }
    // whether the helper claims a chunk depends on timing (on a busy machine the caller may take them
    // all): repeat a sum until it has, checking the bits each time
    for (let tries = 0; tries < 200 && two.helperJobs === before; tries++) expect(two.sumSquares(twos[0])).toBe(one.sumSquares(ones[0]));
    expect(two.sumSquares(twos[0])).toBe(one.sumSquares(ones[0]));
    expect(two.helperJobs, 'the helper thread ran chunks of these updates').toBeGreaterThan(before);
  });

  it('the bit-for-bit comparison notices an optimizer step run with another hyperparameter (negative control)', () => {
    const two = twoThreads(), one = createWasmKernels()!;
    const [[p1, g1, v1], [p2, g2, v2]] = longVectors(one, two);
    one.rmsprop(p1, g1, v1, 0.001, 0.9, 1e-8);
    two.rmsprop(p2, g2, v2, 0.001, 0.9 + 1e-6, 1e-8);
    expect(sameBits(p1, p2)).toBe(false);
  });

  it('a sum of squares over a long vector is the float64 sum of its exact chunk sums, on one thread too', () => {
    const one = createWasmKernels()!;
    const x = one.allocate(100_001);
    for (let i = 0; i < x.length; i++) x[i] = Math.cos(i);
    let exact = 0;
    for (let i = 0; i < x.length; i++) exact += x[i] * x[i];
    expect(Math.abs(one.sumSquares(x)! - exact) / exact).toBeLessThan(1e-12);
  });

  it('a helper thread that never starts costs nothing but speed: the caller runs every chunk and the bits are the same', () => {
    const lonely = createWasmKernels()!;
    expect(lonely.useThreads(() => { /* a host whose thread never comes up */ })).toBe(true);
    expect(lonely.threads).toBe(2);
    const reference = createWasmKernels()!;
    const { data } = loadNumericCsv('mnist-10k.csv.gz', 'label');
    scaleFeatures(data, 255);
    const train = splitHead(data, 300).train;
    const withLonely = trainParams(lonely, train, 7);
    expect(lonely.helperJobs).toBe(0);
    expect(Buffer.from(withLonely.buffer).equals(Buffer.from(trainParams(reference, train, 7).buffer))).toBe(true);
    lonely.stopThreads();
  });

  it('with a host helper starter, a network with a big layer gets two threads, a classifier of 8,192 parameters too (batch halves), and a smaller one or a regression net stays on one', () => {
    const startHelper = (init: KernelHelperInit): void => { startNodeHelper(init); };
    const layer = (inputSize: number, units: number): ModelSpec => ({
      inputSize, hidden: [{ units, activation: 'relu', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto',
    });
    const big = new Network(layer(THREADS_MIN_LAYER_WEIGHTS / 64, 64), { startHelper }).kernels as WasmKernels;
    endLater(big);
    expect(big.threads).toBe(2);
    expect(big.waitForHelper(30_000), 'the helper thread started').toBe(true);
    const halves = new Network(layer(THREADS_MIN_LAYER_WEIGHTS / 64 - 1, 64), { startHelper }); // 16,320 weights: no split, but halves
    endLater(halves.kernels as WasmKernels);
    expect([halves.kernels.threads, halves.trainsInHalves]).toEqual([2, true]);
    expect(new Network(layer(20, 64), { startHelper }).kernels.threads, '1,539 parameters').toBe(1);
    const regression: ModelSpec = { ...layer(THREADS_MIN_LAYER_WEIGHTS / 64 - 1, 64), output: { units: 1, activation: 'linear' } };
    expect(new Network(regression, { startHelper }).kernels.threads, 'a regression net trains in one piece').toBe(1);
    expect(new Network({ inputSize: 784, hidden: [{ units: 256, activation: 'relu', dropout: 0 }], output: { units: 10, activation: 'softmax' }, init: 'auto' }).kernels.threads,
      'no starter: one thread').toBe(1);
  });

  it('hands the helper the compiled module it runs, so the helper starts from the same (already optimized) code; a helper sent none compiles its own and gives the same bits', () => {
    let sent: KernelHelperInit | null = null;
    const withModule = createWasmKernels()!;
    withModule.useThreads((init) => { sent = init; startNodeHelper(init); });
    endLater(withModule);
    expect(sent!.module).toBeInstanceOf(WebAssembly.Module);
    const withoutModule = createWasmKernels()!;
    withoutModule.useThreads((init) => { startNodeHelper({ ...init, module: undefined }); }); // negative control: the helper compiles from the bytes
    endLater(withoutModule);
    for (const kernels of [withModule, withoutModule]) expect(kernels.waitForHelper(30_000), 'the helper thread started').toBe(true);
    const [m, k, n] = [64, 300, 96];
    const product = (kernels: WasmKernels): Float32Array => {
      const x = kernels.allocate(m * k), w = kernels.allocate(k * n), bias = kernels.allocate(n), z = kernels.allocate(m * n);
      x.forEach((_, i) => { x[i] = Math.sin(i * 0.37); });
      w.forEach((_, i) => { w[i] = Math.cos(i * 0.11); });
      for (let attempt = 0; attempt < 100 && kernels.helperJobs === 0; attempt++) kernels.matmulBias(x, w, bias, z, m, k, n);
      return Float32Array.from(z);
    };
    const [a, b] = [product(withModule), product(withoutModule)];
    expect(withModule.helperJobs, 'the helper given the module did part of the work').toBeGreaterThan(0);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('dispose() ends a network\'s helper thread: it goes back to one thread', () => {
    const kernels = twoThreads();
    expect(kernels.threads).toBe(2);
    kernels.dispose();
    expect(kernels.threads).toBe(1);
  });
});
