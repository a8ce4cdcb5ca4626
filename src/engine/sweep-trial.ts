/**
 * One sweep trial: a fresh network of the trial's hidden layers trained on encoded rows and scored on the
 * held-out rows. The one trial runner the CLI's worker threads and the engine host's trial workers share.
 */
import { heldOutScore } from './cv';
import type { Preprocessing } from './data/types';
import type { Dataset } from './dataset';
import { Network, type HiddenLayerSpec, type InitScheme } from './network';
import { Trainer, type TrainSettings } from './trainer';

/** What every trial of a sweep trains on (plain data: it crosses to a trial worker once per sweep). */
export interface TrialData {
  task: 'classification' | 'regression';
  inputSize: number;
  outputSize: number;
  train: Dataset;
  /** early stopping's rows (null: none) */
  validation: Dataset | null;
  /** the rows the trial is scored on */
  held: Dataset;
  preprocessing: Preprocessing;
}

/** One trial to train (plain data): its place in the sweep, hidden layers and settings. */
export interface TrialJob {
  index: number;
  hidden: HiddenLayerSpec[];
  init: InitScheme;
  settings: TrainSettings;
}

/** A trained trial: held-out score (accuracy or R²) and the per-epoch curves. */
export interface TrialOutcome {
  index: number;
  score: number;
  epochs: number;
  stoppedBecause: string | null;
  parameterCount: number;
  loss: number[];
  valLoss: (number | null)[];
  valAccuracy: (number | null)[];
}

/** Trains and scores one trial; deterministic given (data, job): the same outcome on any thread. */
export function runTrial(data: TrialData, job: TrialJob): TrialOutcome {
  const classify = data.task === 'classification';
  const net = new Network({
    inputSize: data.inputSize, hidden: job.hidden, init: job.init,
    output: { units: classify ? data.outputSize : 1, activation: classify ? 'softmax' : 'linear' },
  });
  const trainer = new Trainer(net, job.settings, data.train, data.validation);
  const history = trainer.run();
  return {
    index: job.index, score: heldOutScore(net, data.held, data.preprocessing), epochs: trainer.epochsDone, stoppedBecause: trainer.stoppedBecause,
    parameterCount: net.params.length, loss: history.map((e) => e.loss), valLoss: history.map((e) => e.valLoss), valAccuracy: history.map((e) => e.valAccuracy),
  };
}
