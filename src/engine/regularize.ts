import { typedArrayKernels } from './kernels/typed-array';
import type { Floats, Kernels } from './kernels/types';
import type { Network } from './network';

/** L1 and L2 strengths; both may be on at once. They apply to weights only, never to biases. */
export interface Penalty {
  l1: number;
  l2: number;
}

/** Penalty value λ1·Σ|W| + λ2·ΣW² over every weight matrix (summed layer by layer, as applyPenalty does). */
export function penaltyValue(net: Network, { l1, l2 }: Penalty): number {
  if (l1 === 0 && l2 === 0) return 0;
  let value = 0;
  for (const layer of net.layers) {
    const w = layer.weights;
    let abs = 0, sq = 0;
    for (let i = 0; i < w.length; i++) { abs += Math.abs(w[i]); sq += w[i] * w[i]; }
    value += l1 * abs + l2 * sq;
  }
  return value;
}

/** Adds the penalty's gradient to dW: λ1·sign(W) + 2λ2·W. */
export function addPenaltyGradient(net: Network, { l1, l2 }: Penalty): void {
  if (l1 === 0 && l2 === 0) return;
  const twoL2 = 2 * l2;
  for (const layer of net.layers) {
    const w = layer.weights, dw = layer.dWeights;
    for (let i = 0; i < w.length; i++) dw[i] += l1 * Math.sign(w[i]) + twoL2 * w[i];
  }
}

/**
 * One training step's penalty: adds its gradient to every dW and returns its value (penaltyValue of the
 * weights before this step), in one pass per layer on the network's kernels.
 */
export function applyPenalty(net: Network, { l1, l2 }: Penalty): number {
  if (l1 === 0 && l2 === 0) return 0;
  let value = 0;
  for (const layer of net.layers) value += net.kernels.penalize(layer.weights, layer.dWeights, l1, l2);
  return value;
}

/** √Σ g² over a buffer (summed in float64 by `kernels`). */
export function l2Norm(values: Floats, kernels: Kernels = typedArrayKernels): number {
  return Math.sqrt(kernels.sumSquares(values));
}

/**
 * Per layer ‖dW_l‖, and the global norm ‖g‖ of every gradient (weights and biases) from the same sums:
 * one pass over the gradients where two norms would take two.
 */
export function gradientNorms(net: Network): { layers: number[]; global: number } {
  const squares = new Float64Array(2 * net.layers.length);
  net.layers.forEach((layer, l) => {
    squares[2 * l] = net.kernels.sumSquares(layer.dWeights);
    squares[2 * l + 1] = net.kernels.sumSquares(layer.dBias);
  });
  return normsOfSquares(squares);
}

/** The norms of gradientNorms from each layer's Σ dW² (at 2l) and Σ db² (at 2l + 1), summed in that order. */
export function normsOfSquares(squares: ArrayLike<number>): { layers: number[]; global: number } {
  let total = 0;
  const layers: number[] = [];
  for (let l = 0; 2 * l < squares.length; l++) {
    total += squares[2 * l] + squares[2 * l + 1];
    layers.push(Math.sqrt(squares[2 * l]));
  }
  return { layers, global: Math.sqrt(total) };
}

export type ClipMode = 'none' | 'norm' | 'value';

export interface Clipping {
  mode: ClipMode;
  /** The max global norm (mode 'norm') or max |g| (mode 'value'). */
  threshold: number;
}

/**
 * Clips the whole gradient in place: by global norm (g ← g·c/‖g‖ when ‖g‖ > c) or elementwise to [−c, c].
 * `norm` is the pre-clip global norm ‖g‖ (the caller computed it); returns whether anything changed.
 */
export function clipGradient(grads: Floats, norm: number, { mode, threshold }: Clipping, kernels: Kernels = typedArrayKernels): boolean {
  if (mode === 'norm') {
    if (!(norm > threshold)) return false;
    kernels.scale(grads, threshold / norm);
    return true;
  }
  if (mode === 'value') {
    let clipped = false;
    for (let i = 0; i < grads.length; i++) {
      const g = grads[i];
      if (g > threshold) { grads[i] = threshold; clipped = true; } else if (g < -threshold) { grads[i] = -threshold; clipped = true; }
    }
    return clipped;
  }
  return false;
}
