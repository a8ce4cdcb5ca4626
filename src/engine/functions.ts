import type { Floats } from './kernels/types';

export const HIDDEN_ACTIVATIONS = ['sigmoid', 'relu', 'leaky_relu', 'tanh', 'linear'] as const;
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];
export const OUTPUT_ACTIVATIONS = ['softmax', 'linear'] as const;
export type OutputActivation = (typeof OUTPUT_ACTIVATIONS)[number];
export const LOSSES = ['cross_entropy', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

/** Slope of leaky relu for z < 0. */
export const LEAKY_SLOPE = 0.01;

/** An elementwise activation: h = f(z), and dZ = dH ⊙ f'(z) written from z and h. */
export interface Activation {
  /** h[i] = f(z[i]) for i < count. */
  apply(z: Floats, h: Floats, count: number): void;
  /** dz[i] = dh[i] · f'(z[i]) (h = f(z) is given so the derivative need not recompute f). */
  backward(z: Floats, h: Floats, dh: Floats, dz: Floats, count: number): void;
  /** Scalar forms, for oracles and tests. */
  f(z: number): number;
  df(z: number): number;
}

/** σ(z) = 1/(1+e^−z), written so that neither branch overflows. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export const activations: Record<HiddenActivation, Activation> = {
  sigmoid: {
    apply(z, h, count) { for (let i = 0; i < count; i++) h[i] = sigmoid(z[i]); },
    // σ' = σ(1−σ), from the stored σ: no exp, no overflow (the origin's sigmoid' overflowed).
    backward(_z, h, dh, dz, count) { for (let i = 0; i < count; i++) dz[i] = dh[i] * h[i] * (1 - h[i]); },
    f: sigmoid,
    df(z) { const s = sigmoid(z); return s * (1 - s); },
  },
  relu: {
    apply(z, h, count) { for (let i = 0; i < count; i++) h[i] = z[i] > 0 ? z[i] : 0; },
    backward(z, _h, dh, dz, count) { for (let i = 0; i < count; i++) dz[i] = z[i] > 0 ? dh[i] : 0; },
    f(z) { return z > 0 ? z : 0; },
    df(z) { return z > 0 ? 1 : 0; },
  },
  leaky_relu: {
    apply(z, h, count) { for (let i = 0; i < count; i++) h[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i]; },
    backward(z, _h, dh, dz, count) {
      for (let i = 0; i < count; i++) dz[i] = z[i] > 0 ? dh[i] : LEAKY_SLOPE * dh[i];
    },
    f(z) { return z > 0 ? z : LEAKY_SLOPE * z; },
    df(z) { return z > 0 ? 1 : LEAKY_SLOPE; },
  },
  tanh: {
    apply(z, h, count) { for (let i = 0; i < count; i++) h[i] = Math.tanh(z[i]); },
    backward(_z, h, dh, dz, count) { for (let i = 0; i < count; i++) dz[i] = dh[i] * (1 - h[i] * h[i]); },
    f: Math.tanh,
    df(z) { const t = Math.tanh(z); return 1 - t * t; },
  },
  linear: {
    apply(z, h, count) { if (z !== h) h.set(z.subarray(0, count)); },
    backward(_z, _h, dh, dz, count) { if (dh !== dz) dz.set(dh.subarray(0, count)); },
    f(z) { return z; },
    df() { return 1; },
  },
};

/** The loss that goes with each output layer. */
export const lossForOutput: Record<OutputActivation, LossName> = { softmax: 'cross_entropy', linear: 'mse' };

/**
 * Softmax cross-entropy over a batch, per row with log-sum-exp (each row's own max, never the batch's):
 * loss = (1/m) Σ_i [log Σ_j e^{z_ij} − z_i,y_i]; writes P = softmax(Z) and dZ = (P − onehot(y)) / m.
 * Returns the summed (not averaged) loss and the count of correct argmax predictions.
 */
export function softmaxCrossEntropy(
  z: Floats, labels: Floats, probs: Floats, dz: Floats | null, m: number, classes: number,
): { lossSum: number; correct: number } {
  let lossSum = 0;
  let correct = 0;
  const scale = 1 / m;
  for (let i = 0; i < m; i++) {
    const row = i * classes;
    let max = -Infinity;
    let argmax = 0;
    for (let j = 0; j < classes; j++) if (z[row + j] > max) { max = z[row + j]; argmax = j; }
    let sum = 0;
    for (let j = 0; j < classes; j++) { const e = Math.exp(z[row + j] - max); probs[row + j] = e; sum += e; }
    const label = labels[i];
    lossSum += Math.log(sum) + max - z[row + label]; // log-sum-exp − z_y: finite for every finite z
    if (argmax === label) correct++;
    const inv = 1 / sum;
    for (let j = 0; j < classes; j++) probs[row + j] *= inv;
    if (dz) {
      for (let j = 0; j < classes; j++) dz[row + j] = (probs[row + j] - (j === label ? 1 : 0)) * scale;
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
