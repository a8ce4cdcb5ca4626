import type { Dataset } from './dataset';
import type { Floats } from './kernels/types';
import type { Network } from './network';

/** Throws when the data's feature and target widths (and class indices) do not fit the network. */
export function assertDataFitsNetwork(net: Network, data: Dataset): void {
  if (data.inputSize !== net.spec.inputSize) {
    throw new Error(`data has ${data.inputSize} features but the network's input layer has ${net.spec.inputSize} units`);
  }
  const expectedTargets = net.isClassifier ? 1 : net.outputSize;
  if (data.targetSize !== expectedTargets) {
    throw new Error(`data has ${data.targetSize} target columns, the network expects ${expectedTargets}`);
  }
  if (net.isClassifier) {
    for (let i = 0; i < data.rows; i++) {
      const label = data.targets[i];
      if (!Number.isInteger(label) || label < 0 || label >= net.outputSize) {
        throw new Error(`row ${i + 1}: class index ${label} is outside 0..${net.outputSize - 1}`);
      }
    }
  }
}

/** Rows this long are copied as one block (set of a subarray); shorter ones element by element, cheaper than making a view. */
const BLOCK_COPY_MIN = 48;

/** to[toStart …] = from[fromStart …], `length` values. */
export function copyRow(from: Floats, fromStart: number, to: Floats, toStart: number, length: number): void {
  if (length >= BLOCK_COPY_MIN) { to.set(from.subarray(fromStart, fromStart + length), toStart); return; }
  for (let j = 0; j < length; j++) to[toStart + j] = from[fromStart + j];
}

/**
 * The mini-batch rows order[start … start+m) of `data`, copied into the batch's input and target buffers;
 * with class weights, rowWeights[i] = classWeights[class of batch row i] (the loss weighs each row by it).
 */
export function gatherRows(data: Dataset, order: Uint32Array, start: number, m: number, input: Floats, batchTargets: Floats,
  rowWeights: Floats | null = null, classWeights: Float32Array | null = null): void {
  const { inputSize, targetSize, features, targets } = data;
  for (let i = 0; i < m; i++) {
    const row = order[start + i];
    copyRow(features, row * inputSize, input, i * inputSize, inputSize);
    copyRow(targets, row * targetSize, batchTargets, i * targetSize, targetSize);
    if (rowWeights && classWeights) rowWeights[i] = classWeights[targets[row]];
  }
}
