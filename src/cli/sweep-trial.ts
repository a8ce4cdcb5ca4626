/** One sweep trial, as a worker thread runs it: prepare the file's data, train the trial's network, score it. */
import { Network, prepareData, type DataChoices, type HiddenLayerSpec, type InitScheme, type RawTable, type TrainSettings } from '../engine';
import { unwrap } from './errors';
import { loadTable } from './load';
import { scoreDataset } from './scores';
import { makeTrainer } from './training';

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

/** Trains one trial; deterministic given the job (the same job gives the same outcome on any thread). */
export async function runTrial(job: TrialJob): Promise<TrialOutcome> {
  if (!tables.has(job.file)) tables.set(job.file, loadTable(job.file, { keepRows: true, badRows: job.choices.badRows }));
  const prepared = unwrap(prepareData(await tables.get(job.file)!, job.choices), job.file);
  const outputs = prepared.classes?.length ?? 1;
  const net = new Network({
    inputSize: prepared.train.inputSize, hidden: job.hidden, init: job.init,
    output: { units: prepared.task === 'classification' ? outputs : 1, activation: prepared.task === 'classification' ? 'softmax' : 'linear' },
  });
  const trainer = makeTrainer(net, job.settings, prepared.train, prepared.validation, false);
  const history = trainer.run();
  const held = prepared.validation.rows > 0 ? prepared.validation : prepared.train;
  const scores = scoreDataset(net, held, prepared.preprocessing);
  return {
    index: job.index, metric: scores.task === 'classification' ? 'accuracy' : 'r2', score: scores.task === 'classification' ? scores.accuracy : scores.r2,
    epochs: trainer.epochsDone, stoppedBecause: trainer.stoppedBecause, loss: history.map((e) => e.loss), valLoss: history.map((e) => e.valLoss), params: net.params.length,
  };
}
