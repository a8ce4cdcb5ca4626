import type { Dataset } from '../src/engine/dataset';
import type { HiddenActivation, ModelSpec } from '../src/engine';
import { loadNumericCsv, samplesDir, scaleFeatures, scaleRowsToUnitNorm, splitHead } from '../test/helpers/load-numeric-csv';

/** One training workload of the benchmark: data, network shape and the SGD settings every contestant uses. */
export interface Workload {
  name: string;
  title: string;
  train: Dataset;
  sizes: number[]; // input, hidden…, output
  activation: HiddenActivation;
  dropout: number;
  batchSize: number;
  learningRate: number;
  /** The CSV the Python anchors read, and how. */
  csv: { file: string; numpyScale: '255' | 'l2row'; torchScale: number };
}

/** Matmul FLOPs one training sample costs in the engine: forward 2Σk·n, dW 2Σk·n, dX 2Σ_{l>0}k·n. */
export function flopsPerSample(sizes: number[]): number {
  let forward = 0, inputGradients = 0;
  for (let l = 1; l < sizes.length; l++) {
    forward += 2 * sizes[l - 1] * sizes[l];
    if (l > 1) inputGradients += 2 * sizes[l - 1] * sizes[l];
  }
  return 2 * forward + inputGradients;
}

export function specOf(w: Workload): ModelSpec {
  return {
    inputSize: w.sizes[0],
    hidden: w.sizes.slice(1, -1).map((units) => ({ units, activation: w.activation, dropout: w.dropout })),
    output: { units: w.sizes.at(-1)!, activation: 'softmax' },
    init: w.activation === 'relu' ? 'he' : 'original',
  };
}

/** MNIST: 8,000 digits, 784-256-128-64-10 relu, batch 64, SGD (issue 7's workload). */
export function mnistWorkload(): Workload {
  const { data } = loadNumericCsv('mnist-10k.csv.gz', 'label');
  scaleFeatures(data, 255);
  return {
    name: 'mnist', title: 'MNIST 8,000 × 784 → 256-128-64 relu → 10, batch 64, SGD',
    train: splitHead(data, 8000).train, sizes: [784, 256, 128, 64, 10], activation: 'relu', dropout: 0,
    batchSize: 64, learningRate: 0.1,
    csv: { file: samplesDir + 'mnist-10k.csv.gz', numpyScale: '255', torchScale: 255 },
  };
}

/** The origin's run: seed-synthetic-3class (8,000 rows, unit L2 norm), 10-128-64-32-3 sigmoid, batch 32, dropout 0.05. */
export function originWorkload(): Workload {
  const { data } = loadNumericCsv('seed-synthetic-3class.csv', 'label');
  scaleRowsToUnitNorm(data);
  return {
    name: 'origin', title: "origin's 8,000 × 10 → 128-64-32 sigmoid (dropout 0.05) → 3, batch 32, SGD",
    train: splitHead(data, 8000).train, sizes: [10, 128, 64, 32, 3], activation: 'sigmoid', dropout: 0.05,
    batchSize: 32, learningRate: 0.1,
    csv: { file: samplesDir + 'seed-synthetic-3class.csv', numpyScale: 'l2row', torchScale: 1 },
  };
}
