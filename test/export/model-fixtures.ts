import type { Preprocessing } from '../../src/engine/data/types';
import { MODEL_FORMAT, MODEL_VERSION, defaultTrainSettings, type ModelFile } from '../../src/engine';

/** Iris-like preprocessing: four numeric columns standardized, three classes. */
export const irisPreprocessing: Preprocessing = {
  version: 1,
  columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name, i) => ({
    name, kind: 'numeric' as const, impute: [5.8, 3.0, 4.35, 1.3][i], center: [5.84, 3.06, 3.76, 1.2][i], scale: [0.83, 0.44, 1.77, 0.76][i],
  })),
  scaling: 'standard',
  target: { name: 'species', task: 'classification', classes: ['setosa', 'versicolor', 'virginica'] },
  format: { delimiter: ',', decimalComma: false },
};

/** A small valid model file (4 → 5 relu → 3 softmax) with every section filled. */
export function validModelFile(): ModelFile {
  const weights = (rows: number, cols: number, seed: number): number[][] =>
    Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => Math.fround(Math.sin(seed + i * cols + j) / 2)));
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    spec: { inputSize: 4, hidden: [{ units: 5, activation: 'relu', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' },
    layers: [{ weights: weights(4, 5, 1), bias: [0, 0.1, -0.1, 0, 0.2] }, { weights: weights(5, 3, 2), bias: [0, 0, 0.05] }],
    preprocessing: irisPreprocessing,
    training: defaultTrainSettings,
    metrics: { split: 'test', loss: 0.12, accuracy: 0.96 },
    data: { name: 'iris.csv', hash: 'fnv1a64:0123456789abcdef', rows: 150, columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'] },
    createdAt: '2026-11-30T09:00:00.000Z',
  };
}
