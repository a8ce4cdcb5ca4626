import { describe, expect, it } from 'vitest';
import { balancedWeights, classWeightsOf } from '../../src/engine/class-weights';
import { softmaxCrossEntropy } from '../../src/engine/functions';
import { createWasmKernels } from '../../src/engine/kernels';
import { Network } from '../../src/engine/network';
import { Random } from '../../src/engine/random';
import { checkSetting, setting, argmaxRows, predict, defaultTrainSettings, Trainer, type Dataset, type TrainSettings } from '../../src/engine';
import { smallSpec } from './helpers';

/** Two overlapping Gaussian classes in 2-D: `minority` rows of class 1 centred at (1.2, 1.2) among `rows` of class 0 at the origin. */
function imbalanced(rows: number, minority: number, seed: number): Dataset {
  const rng = new Random(seed);
  const n = rows + minority;
  const features = new Float32Array(n * 2), targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % Math.round(n / minority) === 0 && targets.filter((t) => t === 1).length < minority ? 1 : 0;
    targets[i] = label;
    features[2 * i] = rng.normal() + 1.2 * label;
    features[2 * i + 1] = rng.normal() + 1.2 * label;
  }
  return { features, targets, rows: n, inputSize: 2, targetSize: 1 };
}

/** Share of class-1 rows predicted as class 1. */
function minorityRecall(net: Network, data: Dataset): number {
  const outputs = predict(net, data.features, data.rows);
  const predicted = argmaxRows(outputs, data.rows, 2);
  let hits = 0, total = 0;
  for (let i = 0; i < data.rows; i++) if (data.targets[i] === 1) { total++; if (predicted[i] === 1) hits++; }
  return hits / total;
}

function trained(classWeights: string, data: Dataset): Network {
  const net = new Network(smallSpec(2, [16], 2, 'relu', 'softmax'));
  const settings: TrainSettings = { ...defaultTrainSettings, epochs: 30, learningRate: 0.01, earlyStopping: { patience: 0, minDelta: 0 }, classWeights };
  new Trainer(net, settings, data).run();
  return net;
}

describe('class weights', () => {
  it('balanced weights are n / (classes · rows of the class), so each class carries the same total weight', () => {
    const labels = Float32Array.from([0, 0, 0, 1]);
    expect(Array.from(balancedWeights(labels, 4, 2))).toEqual([Math.fround(4 / 6), 2]);
    expect(Array.from(balancedWeights(labels, 4, 3))).toEqual([Math.fround(4 / 9), Math.fround(4 / 3), 1].map(Math.fround)); // an absent class weighs 1
  });

  it('a per-class list must have one non-negative number per class', () => {
    expect(Array.from(classWeightsOf('1,4', Float32Array.from([0, 1]), 2, 2)!)).toEqual([1, 4]);
    expect(classWeightsOf('none', Float32Array.from([0, 1]), 2, 2)).toBeNull();
    expect(() => classWeightsOf('1,4,1', Float32Array.from([0, 1]), 2, 2)).toThrow(/3 values given for 2 classes/);
  });

  it('the setting accepts none, balanced and a number list, and rejects anything else', () => {
    const entry = setting('train', 'classWeights');
    for (const ok of ['none', 'balanced', '1,4,1', '0.5,2']) expect(checkSetting(entry, ok), ok).toBeNull();
    for (const bad of ['Balanced', '1,,2', '-1,2', 'x', '']) expect(checkSetting(entry, bad), bad).not.toBeNull();
  });

  it('scales each row\'s loss and gradient by its weight (weight 1 is the unweighted loss; weight 2 is not)', () => {
    const z = Float32Array.from([1, -1, 0.5, 0.2, 0.3, -2]), labels = Float32Array.from([0, 2]);
    const run = (weights: Float32Array | null) => {
      const probs = new Float32Array(6), dz = new Float32Array(6);
      return { ...softmaxCrossEntropy(z, labels, probs, dz, 2, 3, weights), dz };
    };
    const plain = run(null), ones = run(Float32Array.from([1, 1])), doubled = run(Float32Array.from([2, 1]));
    expect(ones.lossSum).toBe(plain.lossSum);
    expect(Array.from(ones.dz)).toEqual(Array.from(plain.dz));
    expect(doubled.lossSum).not.toBeCloseTo(plain.lossSum, 3);
    expect(doubled.dz[0]).toBeCloseTo(2 * plain.dz[0], 6);
    expect(doubled.dz[3]).toBeCloseTo(plain.dz[3], 6);
  });

  it('the WebAssembly loss with row weights equals the typed-array one within float32 tolerance', () => {
    const wasm = createWasmKernels();
    if (!wasm) return expect(wasm).toBeNull();
    const rng = new Random(5);
    for (const [m, classes] of [[7, 3], [33, 5], [4, 10]]) {
      const z = wasm.allocate(m * classes), labels = wasm.allocate(m), weights = wasm.allocate(m);
      for (let i = 0; i < m * classes; i++) z[i] = rng.normal();
      for (let i = 0; i < m; i++) { labels[i] = rng.int(classes); weights[i] = 0.25 + 3 * rng.uniform(); }
      const probs = wasm.allocate(m * classes), dz = wasm.allocate(m * classes);
      const tsProbs = new Float32Array(m * classes), tsDz = new Float32Array(m * classes);
      const fast = wasm.softmaxCrossEntropy(z, labels, probs, dz, m, classes, weights)!;
      const slow = softmaxCrossEntropy(z, labels, tsProbs, tsDz, m, classes, weights);
      expect(Math.abs(fast.lossSum - slow.lossSum) / (1 + Math.abs(slow.lossSum))).toBeLessThan(1e-5);
      for (let i = 0; i < m * classes; i++) expect(Math.abs(dz[i] - tsDz[i])).toBeLessThan(1e-6);
      const unweighted = wasm.softmaxCrossEntropy(z, labels, probs, dz, m, classes, null)!; // negative control: the weights mattered
      expect(Math.abs(unweighted.lossSum - slow.lossSum)).toBeGreaterThan(1e-3);
    }
  });

  it('balanced class weights raise the minority class\'s recall on an imbalanced dataset', () => {
    const train = imbalanced(950, 50, 1), test = imbalanced(950, 50, 2);
    const plain = minorityRecall(trained('none', train), test);
    const balanced = minorityRecall(trained('balanced', train), test);
    expect(plain).toBeLessThan(0.5);
    expect(balanced).toBeGreaterThan(plain + 0.25);
  });

  it('weights of 1 for every class train exactly as no class weights (the negative control)', () => {
    const train = imbalanced(190, 10, 3);
    expect(Array.from(trained('1,1', train).params)).toEqual(Array.from(trained('none', train).params));
  });
});
