import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkpointOf, decodeCheckpoint, encodeCheckpoint, resumeTrainer,
} from '../../src/engine/checkpoint';
import { selectRows } from '../../src/engine/dataset';
import { Network } from '../../src/engine/network';
import { OPTIMIZERS, defaultOptimizer, type OptimizerName } from '../../src/engine/optimizers';
import { Trainer, defaultTrainSettings, type TrainSettings } from '../../src/engine/trainer';
import { blobs, smallSpec } from './helpers';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

const spec = smallSpec(4, [12, 8], 3, 'relu', 'softmax', 0.2); // dropout on every hidden layer
const rows = blobs(120, 4, 3, 11);
const train = selectRows(rows, range(0, 90)), validation = selectRows(rows, range(90, 120)); // one distribution: the best epoch moves

/** Dropout, shuffling and early stopping all on; `optimizer` from the registry. */
function settingsFor(optimizer: OptimizerName, epochs: number): TrainSettings {
  return {
    ...defaultTrainSettings, epochs, batchSize: 16, learningRate: 0.02, seed: 7,
    optimizer: { ...defaultOptimizer, name: optimizer }, earlyStopping: { patience: 5, minDelta: 0 },
  };
}

/** SHA-256 of the weights' bytes. */
const sha256 = (values: Float32Array | Float64Array): string => createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');

function trainedFor(optimizer: OptimizerName, epochs: number): Trainer {
  const trainer = new Trainer(new Network(spec), settingsFor(optimizer, epochs), train, validation);
  trainer.run();
  return trainer;
}

/** Trains `first` epochs, round-trips a checkpoint through bytes, restores, trains up to 4 epochs in all. */
function resumedAfter(optimizer: OptimizerName, first: number, alter: (bytes: Uint8Array) => Uint8Array = (b) => b): Trainer {
  const before = trainedFor(optimizer, first);
  const checkpoint = decodeCheckpoint(alter(encodeCheckpoint(checkpointOf(before))));
  const resumed = resumeTrainer(checkpoint, train, validation);
  resumed.updateSettings({ epochs: 4 });
  resumed.run();
  return resumed;
}

describe('a checkpoint continues a run bit for bit', () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer}: 2 epochs + checkpoint + restore + 2 more equals 4 epochs (SHA-256 of the weights)`, () => {
      const straight = trainedFor(optimizer, 4), resumed = resumedAfter(optimizer, 2);
      expect(sha256(resumed.net.params)).toBe(sha256(straight.net.params));
      expect(resumed.history).toEqual(straight.history);
    });
  }

  it('a checkpoint taken mid-epoch (between batches) continues the same way', () => {
    const straight = trainedFor('adam', 3);
    const first = new Trainer(new Network(spec), settingsFor('adam', 3), train, validation);
    for (let i = 0; i < 9; i++) first.step(); // 6 batches an epoch: stops inside the second epoch
    const resumed = resumeTrainer(decodeCheckpoint(encodeCheckpoint(checkpointOf(first))), train, validation);
    resumed.run();
    expect(sha256(resumed.net.params)).toBe(sha256(straight.net.params));
  });

  it('a finished run with early stopping saves its live weights and its best weights apart', () => {
    const trainer = trainedFor('momentum', 2);
    const checkpoint = checkpointOf(trainer);
    expect(checkpoint.trainer.best.params).not.toBeNull();
    expect(sha256(checkpoint.trainer.best.params!)).toBe(sha256(trainer.net.params)); // the finished run shows its best weights
  });
});

describe('negative controls: a checkpoint missing a part does not continue the run', () => {
  const straight = (optimizer: OptimizerName): string => sha256(trainedFor(optimizer, 4).net.params);

  it('dropping the optimizer state (zeroed moments) gives different weights', () => {
    const first = trainedFor('adam', 2);
    const checkpoint = checkpointOf(first);
    for (const buffer of checkpoint.trainer.optimizer.buffers) buffer.fill(0);
    const resumed = resumeTrainer(decodeCheckpoint(encodeCheckpoint(checkpoint)), train, validation);
    resumed.updateSettings({ epochs: 4 });
    resumed.run();
    expect(sha256(resumed.net.params)).not.toBe(straight('adam'));
  });

  it('restarting the generator from its seed (shuffle and dropout) gives different weights', () => {
    const first = trainedFor('sgd', 2);
    const checkpoint = checkpointOf(first);
    checkpoint.trainer.random = new Trainer(new Network(spec), settingsFor('sgd', 4), train, validation).snapshot().random;
    const resumed = resumeTrainer(checkpoint, train, validation);
    resumed.updateSettings({ epochs: 4 });
    resumed.run();
    expect(sha256(resumed.net.params)).not.toBe(straight('sgd'));
  });

  it('continuing from the best weights instead of the live ones gives a different run (its later epochs\' losses)', () => {
    const otherValidation = blobs(30, 4, 3, 12); // another distribution: the best epoch stays 1
    const run = (epochs: number): Trainer => {
      const trainer = new Trainer(new Network(spec), settingsFor('sgd', epochs), train, otherValidation);
      trainer.run();
      return trainer;
    };
    const straight = run(4), first = run(2);
    const checkpoint = checkpointOf(first);
    expect(sha256(checkpoint.trainer.params)).not.toBe(sha256(first.net.params)); // the live and the best weights differ here
    checkpoint.trainer.params = first.net.params.slice(); // the best weights the finished run shows
    const resumed = resumeTrainer(checkpoint, train, otherValidation);
    resumed.updateSettings({ epochs: 4 });
    resumed.run();
    expect(resumed.history.map((e) => e.loss)).not.toEqual(straight.history.map((e) => e.loss));
    const faithful = resumeTrainer(checkpointOf(first), train, otherValidation); // and the control's control: the live weights match
    faithful.updateSettings({ epochs: 4 });
    faithful.run();
    expect(faithful.history).toEqual(straight.history);
  });
});

describe('the checkpoint file', () => {
  it('refuses bytes that are not a checkpoint, and a cut-short one, with a readable message', () => {
    expect(() => decodeCheckpoint(new TextEncoder().encode('{"not":"a checkpoint"}'))).toThrow(/not a Backprop Studio checkpoint/);
    const bytes = encodeCheckpoint(checkpointOf(trainedFor('adam', 1)));
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 16))).toThrow(/cut short/);
  });

  it('reads the same checkpoint from a Node Buffer that sits inside a larger pooled buffer', () => {
    const bytes = encodeCheckpoint(checkpointOf(trainedFor('adam', 1)));
    const pooled = Buffer.concat([Buffer.from('padding!'), Buffer.from(bytes)]).subarray(8);
    expect(decodeCheckpoint(pooled).trainer.params).toEqual(decodeCheckpoint(bytes).trainer.params);
  });

  it('refuses to restore onto a different optimizer', () => {
    const checkpoint = checkpointOf(trainedFor('adam', 1));
    const other = new Trainer(new Network(spec), settingsFor('sgd', 1), train, validation);
    expect(() => other.restore(checkpoint.trainer)).toThrow(/trains with adam/);
  });
});
