// Cheap statistics of one training step for the training-health view, read from buffers the step already has:
// the workspace's activations H_l = f(Z_l) and the weights before and after the update.
import { activationRegistry } from './activations';
import type { Floats } from './kernels/types';
import type { Network } from './network';
import type { Workspace } from './passes';

/** One layer's health figures at a probed step (hidden layers' unit shares; null where the activation cannot die or saturate). */
export interface LayerProbe {
  /** share of units whose activation is 0 for every row of the batch (activations with `canDie`) */
  deadShare: number | null;
  /** share of units whose activation lies outside the entry's `saturatesOutside` band for every row of the batch */
  saturatedShare: number | null;
  /** ‖ΔW_l‖ / ‖W_l‖ of this step's update (weights only) */
  updateRatio: number;
}

/** What a probed step adds to its metrics: per dense layer, and the weight sums the penalty formulas show. */
export interface StepProbe {
  layers: LayerProbe[];
  /** ΣW² over every weight matrix (L2's λ₂·ΣW² is this times λ₂) */
  weightSquares: number;
  /** Σ|W| over every weight matrix */
  weightAbs: number;
}

/** Per hidden unit j of H [m × units]: is h[i][j] outside [lo, hi] (or = 0 for `dead`) for every row i? Returns the share of such units. */
function shareOfUnits(h: Floats, m: number, units: number, isStuck: (value: number) => boolean): number {
  let stuck = 0;
  for (let j = 0; j < units; j++) {
    let i = 0;
    while (i < m && isStuck(h[i * units + j])) i++;
    if (i === m) stuck++;
  }
  return stuck / units;
}

/** Dead and saturated shares of each hidden layer from the last forward pass's H_l (before dropout); the output layer gets nulls. */
export function unitShares(net: Network, ws: Workspace, m: number): { deadShare: number | null; saturatedShare: number | null }[] {
  return net.layers.map((layer, l) => {
    const hidden = net.spec.hidden[l];
    if (!hidden || m === 0) return { deadShare: null, saturatedShare: null };
    const entry = activationRegistry[hidden.activation];
    const band = entry.saturatesOutside;
    return {
      deadShare: entry.canDie ? shareOfUnits(ws.h[l], m, layer.fanOut, (v) => v === 0) : null,
      saturatedShare: band ? shareOfUnits(ws.h[l], m, layer.fanOut, (v) => v < band[0] || v > band[1]) : null,
    };
  });
}

/** Copies every layer's weights into `into` (laid out as in params), before an update. */
export function copyWeights(net: Network, into: Float64Array): void {
  for (const layer of net.layers) into.set(layer.weights, layer.weightOffset);
}

/** ‖W_l − W_l,before‖ / ‖W_l‖ per layer (0 for all-zero weights), and ΣW², Σ|W| over every layer. */
export function updateRatios(net: Network, before: Float64Array): { ratios: number[]; weightSquares: number; weightAbs: number } {
  let weightSquares = 0, weightAbs = 0;
  const ratios = net.layers.map((layer) => {
    const w = layer.weights, offset = layer.weightOffset;
    let delta = 0, squares = 0, abs = 0;
    for (let i = 0; i < w.length; i++) {
      const d = w[i] - before[offset + i];
      delta += d * d;
      squares += w[i] * w[i];
      abs += Math.abs(w[i]);
    }
    weightSquares += squares;
    weightAbs += abs;
    return squares > 0 ? Math.sqrt(delta / squares) : 0;
  });
  return { ratios, weightSquares, weightAbs };
}

/** A probed step's figures: unit shares from this batch's activations, update ratios against the weights before the update. */
export function probeStep(net: Network, ws: Workspace, weightsBefore: Float64Array, m: number): StepProbe {
  const shares = unitShares(net, ws, m);
  const { ratios, weightSquares, weightAbs } = updateRatios(net, weightsBefore);
  return { layers: shares.map((share, l) => ({ ...share, updateRatio: ratios[l] })), weightSquares, weightAbs };
}
