import type { Dataset } from '../../src/engine/dataset';
import type { HiddenActivation, OutputActivation } from '../../src/engine/functions';
import { Network, type ModelSpec, type Precision } from '../../src/engine/network';
import { Random } from '../../src/engine/random';

/** A small spec: `hidden` widths all with one activation and dropout. */
export function smallSpec(inputSize: number, hidden: number[], outputs: number, activation: HiddenActivation,
  output: OutputActivation, dropout = 0): ModelSpec {
  return {
    inputSize,
    hidden: hidden.map((units) => ({ units, activation, dropout })),
    output: { units: outputs, activation: output },
    init: 'xavier',
  };
}

/** A network with weights drawn from `seed`, biases nudged off zero so their gradients are exercised. */
export function seededNetwork(spec: ModelSpec, seed: number, precision: Precision = 'float64'): Network {
  const net = new Network(spec, { precision });
  const rng = new Random(seed);
  net.initialize(rng);
  for (const layer of net.layers) for (let i = 0; i < layer.bias.length; i++) layer.bias[i] = 0.1 * rng.normal();
  return net;
}

/** Random Gaussian features with class labels (or regression targets) from a seed. */
export function randomDataset(rows: number, inputSize: number, outputs: number, task: 'classification' | 'regression', seed: number): Dataset {
  const rng = new Random(seed);
  const features = Float32Array.from({ length: rows * inputSize }, () => rng.normal());
  const targetSize = task === 'classification' ? 1 : outputs;
  const targets = Float32Array.from({ length: rows * targetSize }, () => (task === 'classification' ? rng.int(outputs) : rng.normal()));
  return { features, targets, rows, inputSize, targetSize };
}

/** Two separable Gaussian blobs per class: an easy classification problem. */
export function blobs(rows: number, inputSize: number, classes: number, seed: number): Dataset {
  const rng = new Random(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: inputSize }, () => 3 * rng.normal()));
  const features = new Float32Array(rows * inputSize);
  const targets = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % classes;
    targets[r] = c;
    for (let j = 0; j < inputSize; j++) features[r * inputSize + j] = centres[c][j] + rng.normal();
  }
  return { features, targets, rows, inputSize, targetSize: 1 };
}
