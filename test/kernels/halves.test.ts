// A classifier too small to split its products trains each batch as two row halves (kernels/halves.ts): on
// two threads a half each, on one the whole batch with the sums over rows taken per half. Both must give the
// same bits; and the halves must be the same gradient as the batch in one piece, up to rounding.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stopStartedThreads, twoThreads } from '../helpers/two-threads';
import { createWasmKernels, type Kernels } from '../../src/engine/kernels';
import { Network, halvesShape, type ModelSpec } from '../../src/engine/network';
import { Workspace, backward, firstHalfRows, forward, outputLoss, trainingPass } from '../../src/engine/passes';
import { Random } from '../../src/engine/random';
import { Trainer, defaultTrainSettings, type TrainSettings } from '../../src/engine/trainer';
import type { Dataset } from '../../src/engine/dataset';
import { BURST, EXPLORE_EVERY } from '../../src/engine/kernels/halves-choice';
import { sumPieces, type PlanLayer } from '../../src/engine/kernels/halves';
import { MAX_CHUNKS } from '../../src/engine/kernels/team';
import { gradientNorms, normsOfSquares } from '../../src/engine/regularize';

afterAll(stopStartedThreads);

/** The origin's shape: 10 → 128-64-32 sigmoid with dropout → 3 (11,843 parameters, no layer of 16,384 weights). */
const ORIGIN: ModelSpec = {
  inputSize: 10, hidden: [128, 64, 32].map((units) => ({ units, activation: 'sigmoid' as const, dropout: 0.05 })),
  output: { units: 3, activation: 'softmax' }, init: 'auto',
};

/** `rows` seeded rows of 10 features; the class is the sign pattern of two feature sums. */
function dataset(rows: number, seed = 11): Dataset {
  const rng = new Random(seed);
  const features = new Float32Array(rows * 10).map(() => rng.uniform() * 2 - 1);
  const targets = new Float32Array(rows).map((_, r) => {
    const a = features[r * 10] + features[r * 10 + 1], b = features[r * 10 + 2] - features[r * 10 + 3];
    return a > 0.3 ? 0 : b > 0 ? 1 : 2; // unbalanced classes, so class weights matter
  });
  return { features, targets, rows, inputSize: 10, targetSize: 1 };
}

/** 5,000 rows: over 128 steps an epoch, so two-thread runs also take the kernels' bursts on one thread (halves-choice.ts). */
function trainParams(kernels: Kernels, spec: ModelSpec, settings: Partial<TrainSettings>, rows = 5000): Float32Array {
  const net = new Network(spec, { kernels });
  new Trainer(net, { ...defaultTrainSettings, epochs: 2, learningRate: 0.05, seed: 7, ...settings }, dataset(rows)).run();
  return Float32Array.from(net.params);
}

const differing = (a: Float32Array, b: Float32Array): number => a.reduce((n, x, i) => n + (Object.is(x, b[i]) ? 0 : 1), 0);

describe('training in batch halves', () => {
  it('is what the origin\'s shape does, and not a regression net, a tiny net or a net with a big layer', () => {
    expect(halvesShape(ORIGIN)).toBe(true);
    expect(halvesShape({ ...ORIGIN, output: { units: 1, activation: 'linear' } })).toBe(false);
    expect(halvesShape({ ...ORIGIN, hidden: [{ units: 8, activation: 'relu', dropout: 0 }] })).toBe(false);
    expect(halvesShape({ ...ORIGIN, inputSize: 200 })).toBe(false); // 200 × 128 = 25,600 weights: products split instead
    expect(firstHalfRows(new Network(ORIGIN), 32)).toBe(16);
    expect(firstHalfRows(new Network(ORIGIN), 30)).toBe(16);
    expect(firstHalfRows(new Network(ORIGIN), 7)).toBe(0);
  });

  it.each([
    ['batch 32, dropout, SGD', ORIGIN, { batchSize: 32, optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' as const } }],
    ['batch 30 (halves 16 + 14) and a last batch of 20, class weights, adamw', ORIGIN, { batchSize: 30, classWeights: 'balanced' as const }],
    ['batch 9 (halves 8 + 1), relu, momentum', { ...ORIGIN, hidden: ORIGIN.hidden.map((h) => ({ ...h, activation: 'relu' as const })) },
      { batchSize: 9, optimizer: { ...defaultTrainSettings.optimizer, name: 'momentum' as const } }],
    ['eight hidden layers (18 gradient buffers: more pieces than a job has chunks, so one thread sums them), gradient clipping',
      { ...ORIGIN, hidden: Array.from({ length: 8 }, () => ({ units: 64, activation: 'tanh' as const, dropout: 0 })) },
      { batchSize: 32, clipping: { mode: 'norm' as const, threshold: 0.5 } }],
  ])('gives the same weights on two threads as on one: %s', (_, spec, settings) => {
    const two = twoThreads();
    const before = two.helperJobs;
    const twoThreadParams = trainParams(two, spec, settings);
    expect(two.helperJobs, 'the helper ran second halves').toBeGreaterThan(before);
    expect(differing(twoThreadParams, trainParams(createWasmKernels()!, spec, settings))).toBe(0);
  });

  it('trains in halves on two threads after the memory grew past what it was when the helper started (the helper reads the plan in the grown memory)', () => {
    const two = twoThreads();
    const before = two.helperJobs;
    two.allocate(32 * 1024 * 1024); // 128 MB: the network's buffers and plan now lie beyond the helper's first view of the memory
    const settings = { batchSize: 32 };
    expect(differing(trainParams(two, ORIGIN, settings, 640), trainParams(createWasmKernels()!, ORIGIN, settings, 640))).toBe(0);
    expect(two.helperJobs, 'the helper ran second halves').toBeGreaterThan(before);
  });

  it('declines a pass with a buffer outside its memory before drawing any dropout key (the batch then trains in one piece)', () => {
    const net = new Network(ORIGIN, { kernels: createWasmKernels()! });
    const ws = new Workspace(net, 32);
    trainingPass(net, ws, 32, new Random(1), null); // builds ws.halves
    const pass = ws.halves!.pass;
    const rng = new Random(3);
    expect(net.kernels.runHalves!({ ...pass, input: new Float32Array(pass.input.length) }, 32, 16, rng, null, new Float64Array(8))).toBeNull();
    expect(rng.nextUint32()).toBe(new Random(3).nextUint32());
    expect(net.kernels.runHalves!(pass, 32, 16, rng, null, new Float64Array(8)), 'negative control: its own buffers run').not.toBeNull();
  });

  it('gives other weights with another seed on two threads (negative control)', () => {
    const settings = { batchSize: 32 };
    const a = trainParams(twoThreads(), ORIGIN, settings), b = trainParams(twoThreads(), ORIGIN, { ...settings, seed: 8 });
    expect(differing(a, b)).toBeGreaterThan(a.length / 2);
  });

  it('is the gradient of the batch in one piece up to rounding, and not its bits (the halves are summed apart)', () => {
    const onePiece = gradientsOfOneStep(false), halves = gradientsOfOneStep(true);
    let worst = 0, scale = 0;
    for (let i = 0; i < halves.grads.length; i++) {
      worst = Math.max(worst, Math.abs(halves.grads[i] - onePiece.grads[i]));
      scale = Math.max(scale, Math.abs(onePiece.grads[i]));
    }
    expect(worst).toBeLessThan(1e-5 * scale);
    expect(Math.abs(halves.lossSum - onePiece.lossSum)).toBeLessThan(1e-9 * onePiece.lossSum);
    expect(halves.correct).toBe(onePiece.correct);
    expect(differing(halves.grads, onePiece.grads), 'negative control: summing in halves changes the rounding').toBeGreaterThan(0);
  });

  it('takes the squares of the halves\' sum on the way: the norms gradientNorms finds, within rounding, and the same bits on one thread and two', () => {
    const one = squaresOfOneStep(createWasmKernels()!, 9), two = squaresOfOneStep(twoThreads(), 9);
    expect(Array.from(two.squares)).toEqual(Array.from(one.squares));
    expect(differing(two.grads, one.grads)).toBe(0);
    const taken = normsOfSquares(two.squares), summed = two.norms;
    taken.layers.forEach((norm, l) => expect(Math.abs(norm - summed.layers[l])).toBeLessThanOrEqual(1e-12 * summed.layers[l]));
    expect(Math.abs(taken.global - summed.global)).toBeLessThanOrEqual(1e-12 * summed.global);
    const other = squaresOfOneStep(createWasmKernels()!, 10); // negative control: another dropout draw
    expect(Math.abs(normsOfSquares(other.squares).global - taken.global)).toBeGreaterThan(1e-6 * taken.global);
  });

  it('reports a step\'s gradient norm with the penalty in it, which the pass\'s squares (taken before the penalty) miss', () => {
    const firstStep = (l2: number): { gradNorm: number; net: Network } => {
      const net = new Network(ORIGIN, { kernels: twoThreads() });
      const trainer = new Trainer(net, { ...defaultTrainSettings, epochs: 1, learningRate: 0.05, seed: 7, l2 }, dataset(64));
      return { gradNorm: trainer.step().metrics.gradNorm, net };
    };
    const penalized = firstStep(0.05), plain = firstStep(0);
    expect(penalized.net.trainsInHalves).toBe(true);
    expect(penalized.gradNorm).toBe(gradientNorms(penalized.net).global); // the gradients as the update used them
    expect(Math.abs(penalized.gradNorm - plain.gradNorm), 'negative control: the penalty changes the norm').toBeGreaterThan(1e-4 * plain.gradNorm);
  });

  it('cuts the sum in pieces that cover every gradient buffer once, in order, few enough for one job on the origin\'s net', () => {
    const layers = [[10, 128], [128, 64], [64, 32], [32, 3]].map(([fanIn, fanOut], l) => ({
      fanIn, fanOut, dWeights: [100_000 * (l + 1), 500_000 * (l + 1)] as [number, number], dBias: [100_000 * (l + 1) + 60_000, 500_000 * (l + 1) + 60_000] as [number, number],
    })) as unknown as PlanLayer[];
    const pieces = sumPieces(layers);
    expect(pieces.length).toBeGreaterThan(8); // the 8,192-weight layer is cut
    expect(pieces.length).toBeLessThanOrEqual(MAX_CHUNKS);
    const buffers = (layer: PlanLayer): [[number, number], number][] => [[layer.dWeights, layer.fanIn * layer.fanOut], [layer.dBias, layer.fanOut]];
    layers.forEach((layer, l) => buffers(layer).forEach(([[x, y], count], i) => {
      const own = pieces.filter((p) => p.buffer === 2 * l + i);
      expect(own.reduce((n, p) => n + p.count, 0)).toBe(count);
      own.forEach((p, k) => {
        const from = own.slice(0, k).reduce((n, q) => n + q.count, 0);
        expect([p.x, p.y]).toEqual([x + 4 * from, y + 4 * from]);
      });
    }));
  });

  it.each([
    ['one thread measured faster: it says 1', 1, 1],
    ['one thread measured slower: it still says 2 (negative control)', 30, 2],
  ])('says how many threads its steps run on as its kernels choose: %s', (_, burstStepTime, threadsAfter) => {
    const net = new Network(ORIGIN, { kernels: twoThreads() });
    net.initialize(new Random(5));
    const ws = new Workspace(net, 32);
    const data = dataset(32);
    ws.input.set(data.features);
    ws.targets.set(data.targets);
    expect(net.threadsInUse).toBe(2);
    // the chooser reads the clock as a step starts and ends; steps 128–131 are its first burst on one thread (halves-choice.ts)
    let calls = 0, now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => {
      const step = (calls >> 1) + 1;
      if (calls++ % 2 === 1) now += step >= EXPLORE_EVERY && step < EXPLORE_EVERY + BURST ? burstStepTime : 10;
      return now;
    });
    try {
      const rng = new Random(9);
      for (let step = 1; step < EXPLORE_EVERY + BURST - 1; step++) trainingPass(net, ws, 32, rng, null);
      expect(net.threadsInUse).toBe(2); // the burst's last step decides
      trainingPass(net, ws, 32, rng, null);
      expect(net.threadsInUse).toBe(threadsAfter);
    } finally {
      clock.mockRestore();
    }
  });
});

/** One step in halves on a fresh origin-shaped net: the squares it took, its summed gradients and their norms (gradientNorms). */
function squaresOfOneStep(kernels: Kernels, seed: number): { squares: Float64Array; grads: Float32Array; norms: { layers: number[]; global: number } } {
  const net = new Network(ORIGIN, { kernels });
  net.initialize(new Random(5));
  const ws = new Workspace(net, 32);
  const data = dataset(32);
  ws.input.set(data.features);
  ws.targets.set(data.targets);
  const { gradientSquares } = trainingPass(net, ws, 32, new Random(seed), null);
  return { squares: Float64Array.from(gradientSquares!), grads: Float32Array.from(net.grads), norms: gradientNorms(net) };
}

/** One step's gradients on a fresh origin-shaped net and batch: in halves (trainingPass) or in one piece (the three passes). */
function gradientsOfOneStep(inHalves: boolean): { grads: Float32Array; lossSum: number; correct: number } {
  const net = new Network(ORIGIN, { kernels: createWasmKernels()! });
  net.initialize(new Random(5));
  const ws = new Workspace(net, 32);
  const data = dataset(32);
  ws.input.set(data.features);
  ws.targets.set(data.targets);
  const rng = new Random(9);
  let sums;
  if (inHalves) sums = trainingPass(net, ws, 32, rng, null);
  else {
    forward(net, ws, 32, 'sample', rng);
    sums = outputLoss(net, ws, 32, true);
    backward(net, ws, 32);
  }
  return { grads: Float32Array.from(net.grads), ...sums };
}
