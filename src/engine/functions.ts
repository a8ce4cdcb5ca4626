import { activationRegistry, HIDDEN_ACTIVATIONS, type Activation, type HiddenActivation } from './activations';
import type { Floats } from './kernels/types';

export { HIDDEN_ACTIVATIONS, LEAKY_SLOPE, activationRegistry, type Activation, type HiddenActivation } from './activations';
export const OUTPUT_ACTIVATIONS = ['softmax', 'linear'] as const;
export type OutputActivation = (typeof OUTPUT_ACTIVATIONS)[number];
export const LOSSES = ['cross_entropy', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * The engine's hidden activations {apply, backward, f, df} by name, from the registry (src/engine/activations.ts).
 * The typed-array kernels look them up here at each call, so a test may swap one in.
 */
export const activations: Record<HiddenActivation, Activation> = Object.fromEntries(HIDDEN_ACTIVATIONS.map((name) => {
  const { apply, backward, f, df } = activationRegistry[name];
  return [name, { apply, backward, f, df }];
})) as Record<HiddenActivation, Activation>;

/** The loss that goes with each output layer. */
export const lossForOutput: Record<OutputActivation, LossName> = { softmax: 'cross_entropy', linear: 'mse' };

/**
 * Softmax cross-entropy over a batch, per row with log-sum-exp (each row's own max, never the batch's):
 * loss = (1/m) Σ_i w_i·[log Σ_j e^{z_ij} − z_i,y_i]; writes P = softmax(Z) and dZ = w_i·(P − onehot(y)) / m,
 * with w_i = rowWeights[i] (the class weight of row i's label), or 1 for every row when rowWeights is null.
 * Returns the summed (not averaged) weighted loss and the count of correct argmax predictions. `divisor`
 * replaces m in dZ when these m rows are part of a bigger batch.
 */
export function softmaxCrossEntropy(
  z: Floats, labels: Floats, probs: Floats, dz: Floats | null, m: number, classes: number, rowWeights: Floats | null = null, divisor = m,
): { lossSum: number; correct: number } {
  let lossSum = 0;
  let correct = 0;
  const scale = 1 / divisor;
  for (let i = 0; i < m; i++) {
    const row = i * classes;
    let max = -Infinity;
    let argmax = 0;
    for (let j = 0; j < classes; j++) if (z[row + j] > max) { max = z[row + j]; argmax = j; }
    let sum = 0;
    for (let j = 0; j < classes; j++) { const e = Math.exp(z[row + j] - max); probs[row + j] = e; sum += e; }
    const label = labels[i];
    const weight = rowWeights ? rowWeights[i] : 1;
    lossSum += weight * (Math.log(sum) + max - z[row + label]); // log-sum-exp − z_y: finite for every finite z
    if (argmax === label) correct++;
    const inv = 1 / sum;
    for (let j = 0; j < classes; j++) probs[row + j] *= inv;
    if (dz) {
      const rowScale = scale * weight;
      for (let j = 0; j < classes; j++) dz[row + j] = (probs[row + j] - (j === label ? 1 : 0)) * rowScale;
    }
  }
  return { lossSum, correct };
}

/**
 * Mean squared error over a batch: loss = (1/(m·n)) Σ (ŷ − y)²; dZ = 2(ŷ − y)/(m·n).
 * Returns the summed squared error divided by n (so its mean over rows is the loss).
 */
export function meanSquaredError(
  z: Floats, targets: Floats, dz: Floats | null, m: number, n: number,
): { lossSum: number } {
  let sum = 0;
  const scale = 2 / (m * n);
  const count = m * n;
  for (let i = 0; i < count; i++) {
    const diff = z[i] - targets[i];
    sum += diff * diff;
    if (dz) dz[i] = diff * scale;
  }
  return { lossSum: sum / n };
}
