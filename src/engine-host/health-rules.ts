// The training-health rules: the pattern each warning looks for in the step metrics, and its one-click fix
// (thresholds and their sources: health-thresholds.ts). Pure functions over plain numbers (test/engine-host/health.test.ts).
import { activationRegistry, type HiddenActivation, type TrainSettings } from '../engine';
import type { HealthCode, HealthFix } from '../shared/protocol';
import { CLIP_NORM_FIX, EXPLODING_NORM, LEARNING_RATE_FIX_FACTOR, VANISHING_NORM, VANISHING_RATIO } from './health-thresholds';

export * from './health-thresholds';

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
