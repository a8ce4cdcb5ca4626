/**
 * What the weighted diagram draws and what a clicked unit shows: the strongest edges between the units
 * shown, and one unit's incoming weights, bias and activations on a sample of rows.
 */
import { activationRegistry } from './activations';
import { copyRows, softmaxRows } from './evaluate';
import type { Network } from './network';
import { Workspace, forward } from './passes';

/** The units drawn in one diagram layer (0 = the inputs): all of them, or the `shown` strongest of `size`. */
export interface ShownLayer {
  size: number;
  /** unit indices, ascending */
  shown: number[];
}

/** Edges between two neighbouring shown layers: from[e] and to[e] index the shown lists, weight[e] = W[from, to]. */
export interface ShownEdges {
  from: Int32Array;
  to: Int32Array;
  weight: Float32Array;
}

export interface WeightsView {
  layers: ShownLayer[];
  edges: ShownEdges[];
  /** max |w| over the edges drawn (the width scale) */
  maxAbsWeight: number;
}

/** The `count` indices with the largest scores, ascending. */
function strongest(scores: Float64Array, count: number): number[] {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, count).sort((a, b) => a - b);
}

/** Unit i of diagram layer d scores Σ|w| over its incoming and outgoing weights. */
function unitStrengths(net: Network, d: number, size: number): Float64Array {
  const scores = new Float64Array(size);
  const incoming = net.layers[d - 1], outgoing = net.layers[d];
  if (incoming) for (let i = 0; i < incoming.fanIn; i++) for (let j = 0; j < size; j++) scores[j] += Math.abs(incoming.weights[i * size + j]);
  if (outgoing) for (let i = 0; i < size; i++) for (let j = 0; j < outgoing.fanOut; j++) scores[i] += Math.abs(outgoing.weights[i * outgoing.fanOut + j]);
  return scores;
}

/**
 * The diagram's data: per layer at most `maxUnits` units (the ones with the largest Σ|w|), and into each shown
 * unit its `edgesPerUnit` incoming edges with the largest |w| among the shown units before it.
 */
export function weightsView(net: Network, maxUnits: number, edgesPerUnit: number): WeightsView {
  const sizes = [net.spec.inputSize, ...net.layers.map((layer) => layer.fanOut)];
  const layers = sizes.map((size, d) => ({
    size, shown: size <= maxUnits ? Array.from({ length: size }, (_, i) => i) : strongest(unitStrengths(net, d, size), maxUnits),
  }));
  let maxAbsWeight = 0;
  const edges = net.layers.map((layer, l) => {
    const sources = layers[l].shown, targets = layers[l + 1].shown;
    const from: number[] = [], to: number[] = [], weight: number[] = [];
    targets.forEach((j, t) => {
      const ranked = sources.map((i, s) => ({ s, w: layer.weights[i * layer.fanOut + j] })).sort((a, b) => Math.abs(b.w) - Math.abs(a.w));
      for (const { s, w } of ranked.slice(0, edgesPerUnit)) {
        from.push(s); to.push(t); weight.push(w);
        maxAbsWeight = Math.max(maxAbsWeight, Math.abs(w));
      }
    });
    return { from: Int32Array.from(from), to: Int32Array.from(to), weight: Float32Array.from(weight) };
  });
  return { layers, edges, maxAbsWeight };
}

/** A unit's activations on a sample: a histogram, and the share of rows where it is flat (dead or saturated). */
export interface UnitActivations {
  rows: number;
  min: number;
  max: number;
  /** counts of equal-width bins over [min, max] */
  histogram: number[];
  /** relu-like units: share of rows with f′(z) = 0 (the unit passes no gradient; dead when 1) */
  inactiveShare: number;
  /** activations with a saturation band (the registry's `saturatesOutside`, as the training-health view uses): share of rows outside it */
  saturatedShare: number;
}
export const HISTOGRAM_BINS = 16;

const sampleWorkspaces = new WeakMap<Network, Workspace>();

/**
 * Unit `unit` of diagram layer d ≥ 1 on the first rows of `features` (dropout off): hidden units h = f(z),
 * output units the class probability (classifier) or the value (regressor).
 */
export function unitActivations(net: Network, features: Float32Array, rows: number, d: number, unit: number): UnitActivations {
  const layer = net.layers[d - 1];
  if (!layer || unit < 0 || unit >= layer.fanOut) throw new Error(`there is no unit ${unit} in layer ${d}`);
  let ws = sampleWorkspaces.get(net);
  if (!ws) { ws = new Workspace(net, 256); sampleWorkspaces.set(net, ws); }
  const m = Math.min(ws.capacity, rows);
  copyRows(features, ws.input, 0, m, net.spec.inputSize);
  forward(net, ws, m, 'off');
  const isHidden = d - 1 < net.spec.hidden.length;
  const values = isHidden ? ws.h[d - 1] : net.isClassifier ? softmaxRows(ws.output, ws.probs, m, layer.fanOut) : ws.output;
  const z = ws.z[d - 1];
  const picked = Float64Array.from({ length: m }, (_, r) => values[r * layer.fanOut + unit]);
  let inactive = 0, saturated = 0;
  if (isHidden) {
    const { df, reluLike, saturatesOutside: band } = activationRegistry[net.spec.hidden[d - 1].activation];
    for (let r = 0; r < m; r++) {
      if (reluLike && df(z[r * layer.fanOut + unit]) === 0) inactive++;
      else if (band && (picked[r] < band[0] || picked[r] > band[1])) saturated++;
    }
  }
  return { rows: m, ...histogramOf(picked), inactiveShare: inactive / Math.max(1, m), saturatedShare: saturated / Math.max(1, m) };
}

/** Counts in HISTOGRAM_BINS equal bins over [min, max] (all in the first bin when min = max). */
export function histogramOf(values: Float64Array): { min: number; max: number; histogram: number[] } {
  let min = Infinity, max = -Infinity;
  for (const v of values) { min = Math.min(min, v); max = Math.max(max, v); }
  if (values.length === 0) return { min: 0, max: 0, histogram: new Array<number>(HISTOGRAM_BINS).fill(0) };
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  const width = (max - min) / HISTOGRAM_BINS;
  for (const v of values) histogram[width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width)) : 0]++;
  return { min, max, histogram };
}
