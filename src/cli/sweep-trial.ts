/** One sweep trial, as a CLI worker thread runs it: prepare the file's data, then the engine's runTrial. */
import { prepareData, runTrial as trainTrial, type DataChoices, type HiddenLayerSpec, type InitScheme, type RawTable, type TrainSettings } from '../engine';
import { unwrap } from './errors';
import { loadTable } from './load';

/** What a worker is sent for one trial (plain data). */
export interface TrialJob {
  index: number;
  file: string;
  choices: Partial<DataChoices>;
  hidden: HiddenLayerSpec[];
  init: InitScheme;
  settings: TrainSettings;
}

/** What comes back: the held-out score (accuracy or R², on the validation rows) and the curves. */
export interface TrialOutcome {
  index: number;
  metric: 'accuracy' | 'r2';
  score: number;
  epochs: number;
  stoppedBecause: string | null;
  loss: number[];
  valLoss: (number | null)[];
  params: number;
}

const tables = new Map<string, Promise<RawTable>>();

/** Prepares the file's data (its table read once per thread), then trains the trial with the engine's one trial runner. */
export async function runTrial(job: TrialJob): Promise<TrialOutcome> {
  if (!tables.has(job.file)) tables.set(job.file, loadTable(job.file, { keepRows: true, badRows: job.choices.badRows }));
  const prepared = unwrap(prepareData(await tables.get(job.file)!, job.choices), job.file);
  const validation = prepared.validation.rows > 0 ? prepared.validation : null;
  const outcome = trainTrial({
    task: prepared.task, inputSize: prepared.train.inputSize, outputSize: prepared.classes?.length ?? 1,
    train: prepared.train, validation, held: validation ?? prepared.train, preprocessing: prepared.preprocessing,
  }, { index: job.index, hidden: job.hidden, init: job.init, settings: job.settings });
  return {
    index: job.index, metric: prepared.task === 'classification' ? 'accuracy' : 'r2', score: outcome.score, epochs: outcome.epochs,
    stoppedBecause: outcome.stoppedBecause, loss: outcome.loss, valLoss: outcome.valLoss, params: outcome.parameterCount,
  };
}
