import { describe, expect, it } from 'vitest';
import { activations, softmaxCrossEntropy } from '../../src/engine/functions';
import { Network } from '../../src/engine/network';
import { Workspace, backward, forward, outputLoss } from '../../src/engine/passes';
import { Trainer, defaultTrainSettings, type StepMetrics } from '../../src/engine/trainer';
import { blobs, seededNetwork, smallSpec } from './helpers';

/** One test per defect of the numpy origin (DESIGN.md, "The origin"). */
describe('the origin\'s bugs stay fixed', () => {
  it('softmax shifts each row by its own max, so rows of very different scale give finite probabilities', () => {
    // batch-wide max: row 2's exps all underflow to 0 → 0/0 = NaN
    const z = Float64Array.from([1000, 999, 998, -1000, -1001, -1002]);
    const probs = new Float64Array(6);
    const { lossSum } = softmaxCrossEntropy(z, Float64Array.from([0, 2]), probs, new Float64Array(6), 2, 3);
    expect(Number.isFinite(lossSum)).toBe(true);
    expect(probs.every(Number.isFinite)).toBe(true);
    expect(probs[3] + probs[4] + probs[5]).toBeCloseTo(1, 12);
  });

  it('cross-entropy of a confidently wrong prediction is large but finite (no log(0))', () => {
    const z = Float64Array.from([0, 2000]); // p(class 0) = e^−2000 underflows to 0
    const { lossSum } = softmaxCrossEntropy(z, Float64Array.from([0]), new Float64Array(2), null, 1, 2);
    expect(lossSum).toBeCloseTo(2000, 6);
  });

  it('sigmoid and its derivative stay finite at |z| = 1000 (no overflow of e^−z)', () => {
    const z = Float64Array.from([-1000, 1000, -745, 745]);
    const h = new Float64Array(4), dz = new Float64Array(4);
    activations.sigmoid.apply(z, h, 4);
    activations.sigmoid.backward(z, h, Float64Array.from([1, 1, 1, 1]), dz, 4);
    expect([...h, ...dz].every(Number.isFinite)).toBe(true);
    expect(activations.sigmoid.df(-1000)).toBe(0);
  });

  it('momentum works from the first step (its velocity is built with the weights, not before them)', () => {
    const data = blobs(40, 3, 2, 1);
    const net = new Network(smallSpec(3, [4, 4, 4], 2, 'relu', 'softmax'));
    const trainer = new Trainer(net, { ...defaultTrainSettings, epochs: 1, batchSize: 8, learningRate: 0.1,
      optimizer: { ...defaultTrainSettings.optimizer, name: 'momentum' } }, data);
    const before = Float32Array.from(net.params);
    expect(() => trainer.step()).not.toThrow();
    expect(net.params).not.toEqual(before);
  });

  it('relu is trained with relu\'s derivative: dZ passes dA where z > 0 and is 0 elsewhere', () => {
    const z = Float64Array.from([-2, -0.5, 0.5, 2]);
    const h = new Float64Array(4), dz = new Float64Array(4);
    activations.relu.apply(z, h, 4);
    activations.relu.backward(z, h, Float64Array.from([3, 3, 3, 3]), dz, 4);
    expect(Array.from(dz)).toEqual([0, 0, 3, 3]);
  });

  it('a unit dropped in forward gets no gradient in backward', () => {
    const net = seededNetwork(smallSpec(3, [5, 4, 3], 2, 'tanh', 'softmax', 0.5), 4);
    const ws = new Workspace(net, 2);
    ws.input.set([0.3, -0.1, 0.8, -0.5, 0.2, 0.9]);
    ws.targets.set([0, 1]);
    ws.mask[0]!.set([2, 0, 2, 0, 2, 2, 0, 2, 0, 2]);
    forward(net, ws, 2, 'fixed');
    outputLoss(net, ws, 2, true);
    backward(net, ws, 2);
    const dropped = [1, 3, 6, 8];
    for (const k of dropped) {
      expect(ws.a[0][k] === 0).toBe(true);
      expect(ws.dZ[0][k] === 0).toBe(true); // so the unit's incoming weights learn nothing from this row
    }
  });

  it('every sample is used once per epoch, the last partial batch included', () => {
    const data = blobs(103, 2, 2, 2);
    const net = new Network(smallSpec(2, [4, 4, 4], 2, 'relu', 'softmax'));
    const trainer = new Trainer(net, { ...defaultTrainSettings, epochs: 2, batchSize: 10 }, data);
    const steps: StepMetrics[] = [];
    while (trainer.epochsDone < 1) steps.push(trainer.step().metrics);
    expect(steps.length).toBe(11);
    expect(steps.reduce((sum, s) => sum + s.rows, 0)).toBe(103);
    expect(steps[10].rows).toBe(3);
  });
});
