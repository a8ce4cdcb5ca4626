import type { Floats } from './kernels/types';
import { vectorKernelsFor } from './kernels/wasm';
import type { Network } from './network';

/** L1 and L2 strengths; both may be on at once. They apply to weights only, never to biases. */
export interface Penalty {
  l1: number;
  l2: number;
}

/** Penalty value λ1·Σ|W| + λ2·ΣW² over every weight matrix. */
export function penaltyValue(net: Network, { l1, l2 }: Penalty): number {
  if (l1 === 0 && l2 === 0) return 0;
  let abs = 0, sq = 0;
  for (const layer of net.layers) {
    const w = layer.weights;
    for (let i = 0; i < w.length; i++) { abs += Math.abs(w[i]); sq += w[i] * w[i]; }
  }
  return l1 * abs + l2 * sq;
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
 * weights before this step), in one pass per layer where the kernels own the buffers.
 */
export function applyPenalty(net: Network, penalty: Penalty): number {
  const { l1, l2 } = penalty;
  if (l1 === 0 && l2 === 0) return 0;
  const kernels = vectorKernelsFor(net.params);
  if (!kernels || vectorKernelsFor(net.grads) !== kernels) { // not in a kernel memory: the plain loops
    const value = penaltyValue(net, penalty);
    addPenaltyGradient(net, penalty);
    return value;
  }
  let value = 0;
  for (const layer of net.layers) value += kernels.penalize(layer.weights, layer.dWeights, l1, l2)!;
  return value;
}

/** Σ g² over a buffer, summed in float64 (by the kernels where they own it). */
function sumOfSquares(values: Floats): number {
  const fast = vectorKernelsFor(values)?.sumSquares(values);
  if (fast != null) return fast;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum;
}

/** √Σ g² over a buffer. */
export function l2Norm(values: Floats): number {
  return Math.sqrt(sumOfSquares(values));
}

/**
 * Per layer ‖dW_l‖, and the global norm ‖g‖ of every gradient (weights and biases) from the same sums:
 * one pass over the gradients where two norms would take two.
 */
export function gradientNorms(net: Network): { layers: number[]; global: number } {
  let total = 0;
  const layers = net.layers.map((layer) => {
    const weights = sumOfSquares(layer.dWeights);
    total += weights + sumOfSquares(layer.dBias);
    return Math.sqrt(weights);
  });
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
export function clipGradient(grads: Floats, norm: number, { mode, threshold }: Clipping): boolean {
  if (mode === 'norm') {
    if (!(norm > threshold)) return false;
    const scale = threshold / norm;
    if (vectorKernelsFor(grads)?.scale(grads, scale)) return true;
    for (let i = 0; i < grads.length; i++) grads[i] *= scale;
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
