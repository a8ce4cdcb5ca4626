import { Network, Trainer, defaultTrainSettings, toModelFile, type ModelExtras, type ModelFile, type ModelSpec, predict, type Dataset } from '../../src/engine';

/** A small network trained briefly in-process (deterministic), as a model file. */
export function trainModel(data: Dataset, spec: Omit<ModelSpec, 'inputSize'>, epochs = 20, extras: ModelExtras = {}): { net: Network; file: ModelFile } {
  const net = new Network({ ...spec, inputSize: data.inputSize });
  new Trainer(net, { ...defaultTrainSettings, epochs, learningRate: 0.01, seed: 7 }, data).run();
  return { net, file: toModelFile(net, extras) };
}

/** The engine's outputs for every row of a dataset. */
export function engineOutputs(net: Network, data: Dataset): Float32Array {
  return predict(net, data.features, data.rows);
}

/** max |a − b| over two equal-length arrays. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
