import type { Dataset } from './dataset';
import { analyticGradient, maxRelativeError, numericGradientAt } from './gradcheck';
import { Network } from './network';
import { Workspace, sampleDropoutMask } from './passes';
import { Random } from './random';
import type { Penalty } from './regularize';
import { layerName } from './shapes';

/** A layer passes when its max relative error |a − n| / max(|a| + |n|, 1e-7) is below this (float64, five-point differences). */
export const GRADIENT_CHECK_TOLERANCE = 1e-6;

/** One layer's row of the gradient check table. */
export interface LayerGradientCheck {
  layer: number;
  name: string;
  parameters: number;
  checked: number;
  maxRelativeError: number;
  passed: boolean;
}

export interface GradientCheckReport {
  rows: number;
  tolerance: number;
  layers: LayerGradientCheck[];
  passed: boolean;
}

export interface GradientCheckOptions {
  /** batch rows taken from the start of the data */
  rows?: number;
  penalty?: Penalty;
  /** parameters checked per layer at most (evenly spaced over its weights and biases) */
  perLayer?: number;
  /** seeds the fixed dropout masks */
  seed?: number;
}

/** `count` indices spread evenly over [start, end), every one when the range is that small. */
function spreadIndices(start: number, end: number, count: number): number[] {
  const size = end - start;
  if (size <= count) return Array.from({ length: size }, (_, k) => start + k);
  return Array.from({ length: count }, (_, k) => start + Math.floor((k * size) / count));
}

/**
 * Per-layer gradient check of a float64 copy of `source` on the first rows of `data`: backprop's gradient
 * against five-point centred differences, dropout masks drawn once and held fixed, the penalty included.
 */
export function checkLayerGradients(source: Network, data: Dataset, options: GradientCheckOptions = {}): GradientCheckReport {
  const { rows = 8, penalty = { l1: 0, l2: 0 }, perLayer = 64, seed = 1 } = options;
  const m = Math.min(rows, data.rows);
  if (m < 1) throw new Error('the gradient check needs at least one row of data');
  const net = new Network(source.spec, { precision: 'float64' });
  net.params.set(source.params);
  const ws = new Workspace(net, m);
  ws.input.set(data.features.subarray(0, m * data.inputSize));
  ws.targets.set(data.targets.subarray(0, m * data.targetSize));
  const rng = new Random(seed);
  ws.mask.forEach((mask, l) => { if (mask) sampleDropoutMask(mask, m * net.layers[l].fanOut, net.spec.hidden[l].dropout, rng); });
  const analytic = analyticGradient(net, ws, m, penalty);
  const layers = net.layers.map((layer, l): LayerGradientCheck => {
    const end = layer.biasOffset + layer.fanOut;
    const indices = spreadIndices(layer.weightOffset, end, perLayer);
    const numeric = numericGradientAt(net, ws, m, penalty, indices);
    const { maxRelativeError: error } = maxRelativeError(indices.map((i) => analytic[i]), numeric);
    return { layer: l, name: layerName(net.spec, l), parameters: end - layer.weightOffset, checked: indices.length,
      maxRelativeError: error, passed: error < GRADIENT_CHECK_TOLERANCE };
  });
  return { rows: m, tolerance: GRADIENT_CHECK_TOLERANCE, layers, passed: layers.every((row) => row.passed) };
}
