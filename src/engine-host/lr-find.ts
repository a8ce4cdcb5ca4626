/** The engine's answer to `lrFind`: the range test on the loaded training rows, with a network of its own. */
import { Network } from '../engine/network';
import { lrRangeTest } from '../engine/lr-find';
import type { TrainSettings } from '../engine/trainer';
import type { PreparedData } from './dataset';
import { specFor } from './defaults';
import type { EngineEvent, NetworkDesign } from '../shared/protocol';

type LrFound = Omit<Extract<EngineEvent, { type: 'lrFound' }>, 'requestId'>;

/** Runs the sweep (≈100 mini-batches) on a fresh network of `design`; the session's run and model are untouched. */
export function findLearningRate(data: PreparedData, design: NetworkDesign, settings: TrainSettings): LrFound {
  const { inputSize, outputSize, task } = data.info;
  const net = new Network(specFor(design, inputSize, outputSize, task)); // one thread: a short sweep, no helper to start
  const { rates, smoothed, suggested, minLossRate, steepestRate } = lrRangeTest(net, settings, data.train);
  return { type: 'lrFound', rates, smoothed, suggested, minLossRate, steepestRate };
}
