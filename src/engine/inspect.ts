import { activations, type HiddenActivation } from './functions';
import type { Network } from './network';
import { shapeTable, type LayerShapes } from './shapes';
import type { StepRecord } from './trainer';

/** Which weight of which layer, seen through which sample of the batch. */
export interface InspectTarget {
  /** 0-based dense layer (hidden layers, then the output layer) */
  layer: number;
  /** row of the batch */
  sample: number;
  /** the weight W[from, to]: unit `from` of the layer below, unit `to` of this layer */
  from: number;
  to: number;
}

/** One factor of the chain rule, with its value in the step. */
export interface ChainFactor {
  symbol: string;
  meaning: string;
  value: number;
}

/** The backprop inspector's view of one recorded step: shapes, the sample's rows and the chain rule for one weight. */
export interface StepInspection extends InspectTarget {
  step: number;
  shapes: LayerShapes;
  /** the engine's buffer dimensions the shapes were read against: [rows, cols] of A, W, Z, dZ, dW and dA_prev */
  buffers: { a: [number, number]; w: [number, number]; z: [number, number]; dZ: [number, number]; dW: [number, number]; dAPrev: [number, number] | null };
  /** A_{l−1}[sample, :], the layer's input row */
  aRow: number[];
  /** dZ_l[sample, :], the engine's buffer */
  dZRow: number[];
  /** the dropout mask row (0 or 1/(1−p)), null where the layer has no dropout */
  maskRow: number[] | null;
  /** W[from, to] as the step used it (before its update) */
  weight: number;
  /** ∂L/∂W[from,to] for this sample = Π factors */
  factors: ChainFactor[];
  sampleTerm: number;
  /** A[s,from]·dZ[s,to] for every sample s of the batch, summed */
  batchSum: number;
  /** dW[from, to] in the engine's gradient buffer after backward (before L1/L2 and clipping) */
  gradient: number;
  /** the layer's weight with the largest |dW| in this step (a telling one to look at) */
  strongest: { from: number; to: number };
}

const rowOf = (buffer: ArrayLike<number>, row: number, width: number): number[] => Array.from({ length: width }, (_, k) => buffer[row * width + k]);

/** f′(z) as the engine's backward computes it: the activation table's backward with dA = 1. */
export function activationSlope(activation: HiddenActivation, z: number, h: number): number {
  const out = new Float64Array(1);
  activations[activation].backward(Float64Array.of(z), Float64Array.of(h), Float64Array.of(1), out, 1);
  return out[0];
}

/** Throws a readable message when the target is outside the recorded step. */
function assertTarget(net: Network, record: StepRecord, t: InspectTarget): void {
  const check = (name: string, value: number, size: number): void => {
    if (!Number.isInteger(value) || value < 0 || value >= size) throw new Error(`${name} must be a whole number from 0 to ${size - 1}, got ${value}`);
  };
  check('layer', t.layer, net.layers.length);
  check('sample', t.sample, record.rows);
  check('from', t.from, net.layers[t.layer].fanIn);
  check('to', t.to, net.layers[t.layer].fanOut);
}

/**
 * The chain rule for one sample s and one weight W_l[i,j]: ∂L/∂W[i,j] = A_{l−1}[s,i]·dZ_l[s,j], with
 * dZ = (Σ_k dZ_{l+1}[s,k]·W_{l+1}[j,k]) ⊙ mask ⊙ f′(Z) for a hidden layer and the loss's derivative for the output.
 */
export function inspectStep(net: Network, record: StepRecord, target: InspectTarget): StepInspection {
  assertTarget(net, record, target);
  const { layer: l, sample: s, from: i, to: j } = target;
  const { ws, rows: m } = record;
  const layer = net.layers[l];
  const input = l === 0 ? ws.input : ws.a[l - 1];
  const weightAt = (k: number, row: number, col: number): number => record.params[net.layers[k].weightOffset + row * net.layers[k].fanOut + col];
  const dZ = ws.dZ[l];
  let batchSum = 0;
  for (let r = 0; r < m; r++) batchSum += input[r * layer.fanIn + i] * dZ[r * layer.fanOut + j];
  const aFactor: ChainFactor = { symbol: `A${l === 0 ? '₀ = X' : ''}[s,i]`, meaning: l === 0 ? 'input feature i of sample s' : `activation of unit i of the layer below for sample s`, value: input[s * layer.fanIn + i] };
  const factors = [aFactor, ...(l < net.spec.hidden.length ? hiddenFactors(net, record, target, weightAt) : outputFactors(net, record, target))];
  const mask = ws.mask[l];
  return {
    ...target, step: record.step, shapes: shapeTable(net.spec, m)[l],
    buffers: {
      a: [m, input.length / ws.capacity], w: [layer.fanIn, layer.weights.length / layer.fanIn], z: [m, ws.z[l].length / ws.capacity],
      dZ: [m, dZ.length / ws.capacity], dW: [layer.fanIn, layer.dWeights.length / layer.fanIn],
      dAPrev: l === 0 ? null : [m, ws.dA[l - 1].length / ws.capacity],
    },
    aRow: rowOf(input, s, layer.fanIn), dZRow: rowOf(dZ, s, layer.fanOut), maskRow: mask ? rowOf(mask, s, layer.fanOut) : null,
    weight: weightAt(l, i, j), factors, sampleTerm: factors.reduce((product, f) => product * f.value, 1),
    batchSum, gradient: record.dataGradient[layer.weightOffset + i * layer.fanOut + j],
    strongest: largestGradient(record.dataGradient, layer.weightOffset, layer.fanIn, layer.fanOut),
  };
}

/** argmax_{i,j} |dW[i,j]| over one layer's block of the gradient buffer. */
function largestGradient(gradient: ArrayLike<number>, offset: number, fanIn: number, fanOut: number): { from: number; to: number } {
  let best = 0, bestIndex = 0;
  for (let k = 0; k < fanIn * fanOut; k++) {
    const size = Math.abs(gradient[offset + k]);
    if (size > best) { best = size; bestIndex = k; }
  }
  return { from: Math.floor(bestIndex / fanOut), to: bestIndex % fanOut };
}

/** dA[s,j] = Σ_k dZ_{l+1}[s,k]·W_{l+1}[j,k] (the weights the step used), the mask and f′(Z[s,j]). */
function hiddenFactors(net: Network, record: StepRecord, t: InspectTarget, weightAt: (k: number, row: number, col: number) => number): ChainFactor[] {
  const { layer: l, sample: s, to: j } = t;
  const { ws } = record;
  const above = net.layers[l + 1], width = net.layers[l].fanOut;
  let dA = 0;
  for (let k = 0; k < above.fanOut; k++) dA += ws.dZ[l + 1][s * above.fanOut + k] * weightAt(l + 1, j, k);
  const { activation } = net.spec.hidden[l];
  const z = ws.z[l][s * width + j], h = ws.h[l][s * width + j];
  const mask = ws.mask[l];
  return [
    { symbol: 'dA[s,j]', meaning: `Σₖ dZ_next[s,k]·W_next[j,k]: the error reaching unit j from the ${above.fanOut} units above`, value: dA },
    ...(mask ? [{ symbol: 'mask[s,j]', meaning: 'dropout: 0 if unit j was dropped for sample s, else 1/(1−p)', value: mask[s * width + j] }] : []),
    { symbol: `${activation}′(Z[s,j])`, meaning: `the activation's slope at Z = ${z.toPrecision(4)}`, value: activationSlope(activation, z, h) },
  ];
}

/** The loss's derivative: (p − y)/m for softmax cross-entropy, 2(ŷ − y)/(m·n) for squared error. */
function outputFactors(net: Network, record: StepRecord, t: InspectTarget): ChainFactor[] {
  const { sample: s, to: j } = t;
  const { ws, rows: m } = record;
  const n = net.outputSize;
  if (net.isClassifier) {
    const p = ws.probs[s * n + j], y = ws.targets[s] === j ? 1 : 0;
    return [
      { symbol: 'p[s,j] − y[s,j]', meaning: `softmax output ${p.toPrecision(4)} minus the one-hot target ${y}`, value: p - y },
      { symbol: '1/m', meaning: `the loss is the mean over the batch of ${m}`, value: 1 / m },
    ];
  }
  const prediction = ws.z[net.layers.length - 1][s * n + j], target = ws.targets[s * n + j];
  return [
    { symbol: 'ŷ[s,j] − y[s,j]', meaning: `prediction ${prediction.toPrecision(4)} minus the target ${target.toPrecision(4)}`, value: prediction - target },
    { symbol: '2/(m·n)', meaning: `squared error, mean over ${m} rows and ${n} outputs`, value: 2 / (m * n) },
  ];
}
