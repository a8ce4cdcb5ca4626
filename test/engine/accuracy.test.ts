import { describe, expect, it } from 'vitest';
import { selectRows, type Dataset } from '../../src/engine/dataset';
import { argmaxRows, predict } from '../../src/engine/evaluate';
import { accuracy } from '../../src/engine/metrics';
import { Network } from '../../src/engine/network';
import { Random } from '../../src/engine/random';
import { Trainer, defaultTrainSettings } from '../../src/engine/trainer';
import { loadNumericCsv, scaleFeatures, scaleRowsToUnitNorm } from '../helpers/load-numeric-csv';

/** A seeded shuffled split: the first `trainFraction` of a permutation trains, the rest tests. */
function shuffledSplit(data: Dataset, trainFraction: number, seed: number): { train: Dataset; test: Dataset } {
  const order = Uint32Array.from({ length: data.rows }, (_, i) => i);
  new Random(seed).shuffle(order);
  const cut = Math.round(data.rows * trainFraction);
  return { train: selectRows(data, order.subarray(0, cut)), test: selectRows(data, order.subarray(cut)) };
}

function testAccuracy(net: Network, test: Dataset): number {
  const probs = predict(net, test.features, test.rows);
  return accuracy(Array.from(test.targets), argmaxRows(probs, test.rows, net.outputSize));
}

describe('published results are reproduced', () => {
  it('the origin\'s run (10-128-64-32-3 sigmoid, SGD lr 0.1, batch 32, dropout 0.05, 150 epochs, rows scaled to unit norm) reaches test accuracy ≥ 0.80', () => {
    const { data } = loadNumericCsv('seed-synthetic-3class.csv', 'label');
    const { train, test } = shuffledSplit(scaleRowsToUnitNorm(data), 0.8, 2024);
    const net = new Network({
      inputSize: 10,
      hidden: [128, 64, 32].map((units) => ({ units, activation: 'sigmoid' as const, dropout: 0.05 })),
      output: { units: 3, activation: 'softmax' },
      init: 'original',
    });
    new Trainer(net, { ...defaultTrainSettings, optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' },
      learningRate: 0.1, batchSize: 32, epochs: 150, seed: 1 }, train).run();
    const result = testAccuracy(net, test);
    console.log(`origin workload: test accuracy ${result.toFixed(4)} (the origin reports 0.81)`);
    expect(result).toBeGreaterThanOrEqual(0.8);
  }, 600_000);

  it('MNIST 10k (8,000 train / 2,000 test, 784-128-64-32-10 relu, adam lr 0.003 cosine, batch 32) reaches test accuracy ≥ 0.95 within 10 epochs', () => {
    const { data } = loadNumericCsv('mnist-10k.csv.gz', 'label');
    scaleFeatures(data, 255);
    const train = selectRows(data, Array.from({ length: 8000 }, (_, i) => i));
    const test = selectRows(data, Array.from({ length: 2000 }, (_, i) => 8000 + i));
    const net = new Network({
      inputSize: 784,
      hidden: [128, 64, 32].map((units) => ({ units, activation: 'relu' as const, dropout: 0 })),
      output: { units: 10, activation: 'softmax' },
      init: 'he',
    });
    new Trainer(net, { ...defaultTrainSettings, learningRate: 0.003, batchSize: 32, epochs: 10, seed: 1,
      schedule: { ...defaultTrainSettings.schedule, name: 'cosine' } }, train).run();
    const result = testAccuracy(net, test);
    console.log(`MNIST 10k: test accuracy ${result.toFixed(4)} after 10 epochs`);
    expect(result).toBeGreaterThanOrEqual(0.95);
  }, 600_000);
});
