import { describe, expect, it } from 'vitest';
import { selectRows } from '../../src/engine/dataset';
import { evaluateLoss } from '../../src/engine/evaluate';
import { Network } from '../../src/engine/network';
import { Workspace } from '../../src/engine/passes';
import { Trainer, defaultTrainSettings, type TrainSettings } from '../../src/engine/trainer';
import { blobs, randomDataset, smallSpec } from './helpers';

const spec = smallSpec(4, [16, 8, 8], 3, 'relu', 'softmax');
const settings = (changes: Partial<TrainSettings> = {}): TrainSettings => ({ ...defaultTrainSettings, epochs: 5, batchSize: 16, learningRate: 0.01, ...changes });

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

function trainWeights(seed: number): Float32Array {
  const net = new Network(smallSpec(4, [16, 8, 8], 3, 'relu', 'softmax', 0.2));
  new Trainer(net, settings({ seed }), blobs(120, 4, 3, 5), blobs(30, 4, 3, 6)).run();
  return Float32Array.from(net.params);
}

describe('training is deterministic given the seed', () => {
  it('the same seed twice gives identical weights, bit for bit', () => {
    const a = trainWeights(42), b = trainWeights(42);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('different seeds give different weights', () => {
    expect(trainWeights(42)).not.toEqual(trainWeights(43));
  });
});

describe('the trainer', () => {
  it('learns an easy problem: validation accuracy rises above 0.9', () => {
    const net = new Network(spec);
    const data = blobs(390, 4, 3, 1);
    const train = selectRows(data, range(0, 300)), validation = selectRows(data, range(300, 390));
    const history = new Trainer(net, settings({ epochs: 20 }), train, validation).run();
    expect(history.at(-1)!.valAccuracy).toBeGreaterThan(0.9);
    expect(history.at(-1)!.loss).toBeLessThan(history[0].loss);
  });

  it('stops within one batch when the loss is not finite and keeps the last finite weights', () => {
    const net = new Network(smallSpec(4, [16, 16, 16], 3, 'relu', 'softmax'));
    const trainer = new Trainer(net, settings({ learningRate: 1000, epochs: 100, optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' } }),
      randomDataset(64, 4, 3, 'classification', 3));
    let steps = 0;
    while (!trainer.isDone) { trainer.step(); steps++; }
    expect(trainer.stoppedBecause).toBe('non-finite');
    expect(steps).toBeLessThan(100 * 4);
    expect(net.params.every(Number.isFinite)).toBe(true);
  });

  it('early stopping restores the weights of the best validation epoch', () => {
    const net = new Network(spec);
    // noise labels: validation loss soon stops improving
    const trainer = new Trainer(net, settings({ epochs: 200, learningRate: 0.05, earlyStopping: { patience: 3, minDelta: 0 } }),
      randomDataset(64, 4, 3, 'classification', 7), randomDataset(64, 4, 3, 'classification', 8));
    const history = trainer.run();
    expect(trainer.stoppedBecause).toBe('early-stop');
    const best = history.reduce((a, b) => (b.valLoss! < a.valLoss! ? b : a));
    expect(history.at(-1)!.bestEpoch).toBe(best.epoch);
    expect(history.length).toBe(best.epoch + 3);
    const restored = evaluateLoss(net, trainer.validation!, new Workspace(net, 64));
    expect(restored.loss).toBeCloseTo(best.valLoss!, 6);
  });

  it('reports the pre-clip gradient norm and whether clipping by norm changed it', () => {
    const net = new Network(spec);
    const trainer = new Trainer(net, settings({ clipping: { mode: 'norm', threshold: 1e-3 } }), blobs(64, 4, 3, 1));
    const { metrics } = trainer.step();
    expect(metrics.gradNorm).toBeGreaterThan(1e-3);
    expect(metrics.clipped).toBe(true);
    const norm = Math.sqrt(Array.from(net.grads).reduce((s, g) => s + g * g, 0));
    expect(norm).toBeCloseTo(1e-3, 6);
  });

  it('clipping by value bounds every gradient component', () => {
    const net = new Network(spec);
    const trainer = new Trainer(net, settings({ clipping: { mode: 'value', threshold: 1e-4 } }), blobs(64, 4, 3, 1));
    expect(trainer.step().metrics.clipped).toBe(true);
    expect(Math.max(...Array.from(net.grads, Math.abs))).toBeLessThanOrEqual(1e-4 + 1e-12);
  });

  it('reports one gradient norm per layer', () => {
    const net = new Network(spec);
    const { metrics } = new Trainer(net, settings(), blobs(64, 4, 3, 1)).step();
    expect(metrics.layerGradNorms).toHaveLength(4);
    expect(metrics.layerGradNorms.every((n) => n > 0)).toBe(true);
  });

  it('takes a new learning rate between batches', () => {
    const net = new Network(spec);
    const trainer = new Trainer(net, settings(), blobs(64, 4, 3, 1));
    trainer.step();
    trainer.updateSettings({ learningRate: 0.5 });
    expect(trainer.step().metrics.learningRate).toBe(0.5);
  });

  it('L2 shrinks the weights compared with no penalty', () => {
    const norm = (l2: number): number => {
      const net = new Network(spec);
      new Trainer(net, settings({ l2, epochs: 10 }), blobs(120, 4, 3, 1)).run();
      return net.layers.reduce((s, l) => s + Array.from(l.weights).reduce((t, w) => t + w * w, 0), 0);
    };
    expect(norm(0.01)).toBeLessThan(norm(0));
  });

  it('rejects data whose width does not match the input layer, with both sizes in the message', () => {
    const net = new Network(spec);
    expect(() => new Trainer(net, settings(), blobs(10, 5, 3, 1))).toThrow(/5 features.*4 units/);
  });

  it('rejects a class index outside the output layer, naming the row', () => {
    const net = new Network(spec);
    const data = blobs(10, 4, 3, 1);
    data.targets[6] = 7;
    expect(() => new Trainer(net, settings(), data)).toThrow(/row 7: class index 7/);
  });

  it('rejects a learning rate of zero with a readable message', () => {
    expect(() => new Trainer(new Network(spec), settings({ learningRate: 0 }), blobs(10, 4, 3, 1))).toThrow(/learning rate/);
  });

  it('trains a regression network with MSE and lowers the loss', () => {
    const net = new Network(smallSpec(3, [16, 16, 8], 1, 'tanh', 'linear'));
    const data = randomDataset(200, 3, 1, 'regression', 4);
    for (let r = 0; r < 200; r++) data.targets[r] = data.features[r * 3] * 2 - data.features[r * 3 + 1];
    const history = new Trainer(net, settings({ epochs: 30 }), data).run();
    expect(history.at(-1)!.loss).toBeLessThan(history[0].loss * 0.2);
    expect(history[0].accuracy).toBeNull();
  });
});
