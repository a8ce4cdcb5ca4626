// The training-health rules: thresholds with where they come from, the pattern each warning looks for in
// the step metrics, and its one-click fix. Pure functions over plain numbers (test/engine-host/health.test.ts).
import { activationRegistry, type HiddenActivation, type TrainSettings } from '../engine';
import type { HealthCode, HealthFix } from '../shared/protocol';

/**
 * A layer whose gradient norm is under 1/1000 of the output layer's learns three orders of magnitude slower:
 * the vanishing-gradient pattern of deep sigmoid nets (Glorot & Bengio 2010, "Understanding the difficulty of
 * training deep feedforward neural networks", whose fig. 7 shows exactly this layer-by-layer decay).
 */
export const VANISHING_RATIO = 1e-3;
/**
 * Below this norm a layer's updates, at learning rates ≤ 0.1, are under 1e-7 per weight: beneath float32's
 * resolution (2⁻²⁴ ≈ 6e-8) for weights near 1, so they round away. The chart's vanishing band.
 */
export const VANISHING_NORM = 1e-6;
/**
 * A global gradient norm this large means steps far bigger than the weights (initialised at norm ~1 per layer):
 * the exploding pattern of Pascanu, Mikolov & Bengio 2013 ("On the difficulty of training recurrent neural
 * networks"), whose remedy is clipping the norm to about 1. The chart's exploding band.
 */
export const EXPLODING_NORM = 1e2;
/** "As much as 40% of your network can be dead" with too high a learning rate (Karpathy, CS231n notes, "Neural Networks Part 1"): we warn past half. */
export const DEAD_SHARE_LIMIT = 0.5;
/** Half a layer's units saturated for a whole batch: their gradients are all but zero (CS231n, "sigmoids saturate and kill gradients"). */
export const SATURATED_SHARE_LIMIT = 0.5;
/**
 * ‖ΔW‖/‖W‖ ≈ 1e-3 is the healthy update size (Karpathy, CS231n notes, "Neural Networks Part 3", ratio of
 * weights:updates); 100× that rewrites a tenth of every weight each step: the learning rate is too high.
 */
export const HEALTHY_UPDATE_RATIO = 1e-3;
export const LARGE_UPDATE_RATIO = 100 * HEALTHY_UPDATE_RATIO;
/** Norm patterns are judged on the median of this many recent steps (one noisy batch raises nothing). */
export const HEALTH_WINDOW_STEPS = 8;
/** …once at least this many steps are in the window. */
export const HEALTH_MIN_STEPS = 4;
/** Unit shares and update ratios must hold at this many consecutive probes. */
export const PROBES_TO_WARN = 2;
/** The probe (unit shares, update ratio) runs every this many steps: a copy of the weights and a pass over H each time. */
export const PROBE_EVERY_STEPS = 5;
/** A lower learning rate fix divides by ten: one decade, the step of a log-scale learning-rate search (Bengio 2012, "Practical recommendations"). */
export const LEARNING_RATE_FIX_FACTOR = 0.1;
/** The clip-norm fix's threshold (Pascanu et al. 2013 clip near the typical norm; 1 is the origin's and the table's default). */
export const CLIP_NORM_FIX = 1;

/** Median of a list (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Hidden layers whose median norm is under VANISHING_RATIO × the output layer's, or under VANISHING_NORM (0-based). */
export function vanishingLayers(layerMedians: readonly number[]): number[] {
  const output = layerMedians[layerMedians.length - 1];
  const found: number[] = [];
  for (let l = 0; l < layerMedians.length - 1; l++) {
    const norm = layerMedians[l];
    if (norm < VANISHING_NORM || norm < VANISHING_RATIO * output) found.push(l);
  }
  return found;
}

/** Exploding: the median global norm is past EXPLODING_NORM, or the latest step's norm is not finite. */
export function isExploding(globalNorms: readonly number[]): boolean {
  const last = globalNorms[globalNorms.length - 1];
  return (last !== undefined && !Number.isFinite(last)) || median(globalNorms) > EXPLODING_NORM;
}

/** Layers (0-based) whose share is past `limit` (null shares never count). */
export function layersOver(shares: readonly (number | null)[], limit: number): number[] {
  return shares.flatMap((share, l) => (share !== null && share > limit ? [l] : []));
}

/** "layer 1" or "layers 1, 2, 3" (1-based, as the studio numbers them). */
export function layerList(layers: readonly number[]): string {
  return `layer${layers.length > 1 ? 's' : ''} ${layers.map((l) => l + 1).join(', ')}`;
}

const round = (x: number): number => Number(x.toPrecision(2));

/** The live lower-learning-rate change. */
function lowerRate(settings: TrainSettings): { learningRate: number } {
  return { learningRate: round(settings.learningRate * LEARNING_RATE_FIX_FACTOR) };
}

/** The fix for a warning, given the hidden activations and the run's current settings. */
export function fixFor(code: HealthCode, activations: readonly HiddenActivation[], settings: TrainSettings): HealthFix {
  switch (code) {
    case 'vanishing':
    case 'saturated-units': {
      // relu-like units neither saturate nor shrink the gradient by f′ ≤ ¼ per layer; He's gain keeps its scale
      const allReluLike = activations.every((a) => activationRegistry[a].reluLike);
      return allReluLike
        ? { label: 'Use He init (new run)', live: null, design: { activation: null, init: 'he' } }
        : { label: 'Use relu + He init (new run)', live: null, design: { activation: 'relu', init: 'he' } };
    }
    case 'exploding': {
      const rate = lowerRate(settings);
      const clip = { mode: 'norm' as const, threshold: CLIP_NORM_FIX };
      return { label: `Clip-norm ${CLIP_NORM_FIX}, lr ${settings.learningRate} → ${rate.learningRate} (now)`, live: { clipping: clip, ...rate }, design: null };
    }
    case 'dead-units':
      return { label: 'Use leaky relu (new run)', live: null, design: { activation: 'leaky_relu', init: null } };
    case 'large-updates': {
      const rate = lowerRate(settings);
      return { label: `Lower lr ${settings.learningRate} → ${rate.learningRate} (now)`, live: rate, design: null };
    }
  }
}
