import type { Dataset } from './dataset';
import type { Floats } from './kernels/types';
import type { Network } from './network';
import { Workspace, forward, outputLoss } from './passes';

/** Copies rows [start, start+count) of `source` (row width `width`) into `target` from its start. */
export function copyRows(source: Float32Array, target: Floats, start: number, count: number, width: number): void {
  target.set(source.subarray(start * width, (start + count) * width));
}

/** Loss (data loss, mean over rows) and, for a classifier, accuracy, with dropout off. */
export function evaluateLoss(net: Network, data: Dataset, ws: Workspace): { loss: number; accuracy: number | null } {
  let lossSum = 0, correct = 0;
  for (let start = 0; start < data.rows; start += ws.capacity) {
    const m = Math.min(ws.capacity, data.rows - start);
    copyRows(data.features, ws.input, start, m, data.inputSize);
    copyRows(data.targets, ws.targets, start, m, data.targetSize);
    forward(net, ws, m, 'off');
    const result = outputLoss(net, ws, m, false);
    lossSum += result.lossSum;
    correct += result.correct;
  }
  const rows = Math.max(1, data.rows);
  return { loss: lossSum / rows, accuracy: net.isClassifier ? correct / rows : null };
}

const predictionWorkspaces = new WeakMap<Network, Workspace>();

/**
 * predict()'s workspace for `net`, made once and grown when needed: a workspace lives in the kernels'
 * memory (WebAssembly), which the garbage collector does not see filling up, so calls must not each make one.
 */
function predictionWorkspace(net: Network, rows: number): Workspace {
  const capacity = Math.min(256, Math.max(1, rows));
  let ws = predictionWorkspaces.get(net);
  if (!ws || ws.capacity < capacity) {
    ws = new Workspace(net, capacity);
    predictionWorkspaces.set(net, ws);
  }
  return ws;
}

/**
 * The network's outputs for `rows` feature rows, dropout off: class probabilities [rows × classes]
 * for a classifier, predicted values [rows × outputs] for a regressor.
 */
export function predict(net: Network, features: Float32Array, rows: number, ws = predictionWorkspace(net, rows)): Float32Array {
  const width = net.spec.inputSize, outputs = net.outputSize;
  if (features.length !== rows * width) throw new Error(`predict: expected ${rows} rows × ${width} features, got ${features.length} numbers`);
  const result = new Float32Array(rows * outputs);
  for (let start = 0; start < rows; start += ws.capacity) {
    const m = Math.min(ws.capacity, rows - start);
    copyRows(features, ws.input, start, m, width);
    forward(net, ws, m, 'off');
    const out = net.isClassifier ? softmaxRows(ws.output, ws.probs, m, outputs) : ws.output;
    for (let i = 0; i < m * outputs; i++) result[start * outputs + i] = out[i];
  }
  return result;
}

/** P = softmax(Z) row by row, each row shifted by its own max. */
export function softmaxRows(z: Floats, probs: Floats, m: number, n: number): Floats {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, z[row + j]);
    let sum = 0;
    for (let j = 0; j < n; j++) { const e = Math.exp(z[row + j] - max); probs[row + j] = e; sum += e; }
    for (let j = 0; j < n; j++) probs[row + j] /= sum;
  }
  return probs;
}

/** Index of the largest value in each row of [rows × n]. */
export function argmaxRows(values: ArrayLike<number>, rows: number, n: number): Int32Array {
  const result = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 1; j < n; j++) if (values[i * n + j] > values[i * n + best]) best = j;
    result[i] = best;
  }
  return result;
}
