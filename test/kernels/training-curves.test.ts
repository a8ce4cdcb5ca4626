import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/engine/dataset';
import { evaluateLoss } from '../../src/engine/evaluate';
import { createKernels, type KernelTier } from '../../src/engine/kernels';
import { Network, type ModelSpec } from '../../src/engine/network';
import { Workspace } from '../../src/engine/passes';
import { Trainer, defaultTrainSettings, type TrainSettings } from '../../src/engine/trainer';
import { loadNumericCsv, scaleFeatures, scaleRowsToUnitNorm, splitHead } from '../helpers/load-numeric-csv';

// The same seed on both kernel tiers gives the same training run up to float32 rounding: the
// per-epoch accuracy curves track each other and the final test accuracy agrees within 0.5 points.

interface Curve { trainAccuracy: number[]; testAccuracy: number; kernels: string }

function trainOn(tier: KernelTier, spec: ModelSpec, settings: TrainSettings, train: Dataset, test: Dataset): Curve {
  const net = new Network(spec, { kernels: createKernels(tier) });
  const history = new Trainer(net, settings, train).run();
  const { accuracy } = evaluateLoss(net, test, new Workspace(net, 256));
  return { trainAccuracy: history.map((e) => e.accuracy!), testAccuracy: accuracy!, kernels: net.kernels.name };
}

function expectCurvesAgree(spec: ModelSpec, settings: TrainSettings, train: Dataset, test: Dataset, atLeast: number): void {
  const fast = trainOn('wasm-simd', spec, settings, train, test);
  const portable = trainOn('typed-array', spec, settings, train, test);
  expect([fast.kernels, portable.kernels]).toEqual(['wasm-simd', 'typed-array']);
  expect(Math.abs(fast.testAccuracy - portable.testAccuracy)).toBeLessThanOrEqual(0.005);
  fast.trainAccuracy.forEach((accuracy, epoch) => {
    expect(Math.abs(accuracy - portable.trainAccuracy[epoch]), `epoch ${epoch + 1}`).toBeLessThanOrEqual(0.01);
  });
  expect(fast.testAccuracy).toBeGreaterThan(atLeast); // both actually learned
}

describe('training curves of the two kernel tiers agree', () => {
  it('MNIST (3,000 digits, 784-128-64-32-10 relu, SGD, batch 64): final test accuracy within 0.5 points', () => {
    const { data } = loadNumericCsv('mnist-10k.csv.gz', 'label');
    scaleFeatures(data, 255);
    const { train, test } = splitHead(data, 8000);
    const small = splitHead(train, 3000).train, holdout = splitHead(test, 1000).train;
    const spec: ModelSpec = {
      inputSize: 784, hidden: [128, 64, 32].map((units) => ({ units, activation: 'relu' as const, dropout: 0 })),
      output: { units: 10, activation: 'softmax' }, init: 'auto',
    };
    const settings: TrainSettings = {
      ...defaultTrainSettings, epochs: 3, batchSize: 64, learningRate: 0.1, seed: 7,
      optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' },
    };
    expectCurvesAgree(spec, settings, small, holdout, 0.8);
  });

  it("the origin's workload (10-128-64-32-3 sigmoid, dropout 0.05, batch 32): final test accuracy within 0.5 points", () => {
    const { data } = loadNumericCsv('seed-synthetic-3class.csv', 'label');
    scaleRowsToUnitNorm(data);
    const { train, test } = splitHead(data, 8000);
    const spec: ModelSpec = {
      inputSize: 10, hidden: [128, 64, 32].map((units) => ({ units, activation: 'sigmoid' as const, dropout: 0.05 })),
      output: { units: 3, activation: 'softmax' }, init: 'original',
    };
    const settings: TrainSettings = {
      ...defaultTrainSettings, epochs: 6, batchSize: 32, learningRate: 1, seed: 3,
      optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' },
    };
    expectCurvesAgree(spec, settings, train, test, 0.45); // chance is 0.33
  });
});
