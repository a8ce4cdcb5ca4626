/**
 * Numeric training data, row-major: features [rows × inputSize]; targets [rows × targetSize] where a
 * classifier's target is its class index (targetSize 1) and a regressor's the values to predict.
 */
export interface Dataset {
  features: Float32Array;
  targets: Float32Array;
  rows: number;
  inputSize: number;
  targetSize: number;
}

/** Throws when the arrays do not have the sizes the dataset claims, or hold non-finite numbers. */
export function assertValidDataset(data: Dataset, name = 'dataset'): void {
  if (data.features.length !== data.rows * data.inputSize) {
    throw new Error(`${name}: features hold ${data.features.length} numbers, expected ${data.rows} rows × ${data.inputSize}`);
  }
  if (data.targets.length !== data.rows * data.targetSize) {
    throw new Error(`${name}: targets hold ${data.targets.length} numbers, expected ${data.rows} rows × ${data.targetSize}`);
  }
  const bad = firstNonFinite(data.features);
  if (bad >= 0) {
    throw new Error(`${name}: row ${Math.floor(bad / data.inputSize) + 1}, feature ${(bad % data.inputSize) + 1} is ${data.features[bad]}`);
  }
  const badTarget = firstNonFinite(data.targets);
  if (badTarget >= 0) throw new Error(`${name}: row ${Math.floor(badTarget / data.targetSize) + 1} has target ${data.targets[badTarget]}`);
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** The rows at `indices` as a new dataset (for splits). */
export function selectRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const { inputSize, targetSize } = data;
  const features = new Float32Array(indices.length * inputSize);
  const targets = new Float32Array(indices.length * targetSize);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    features.set(data.features.subarray(r * inputSize, (r + 1) * inputSize), i * inputSize);
    targets.set(data.targets.subarray(r * targetSize, (r + 1) * targetSize), i * targetSize);
  }
  return { features, targets, rows: indices.length, inputSize, targetSize };
}
