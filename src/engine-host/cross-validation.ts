/** The engine's answer to `crossValidate`: k folds of the loaded table under its current data choices. */
import { Network } from '../engine/network';
import { crossValidate, meanAndSd } from '../engine/cv';
import type { DataChoices } from '../engine/data/types';
import type { TrainSettings } from '../engine/trainer';
import { DataProblem, type LoadedTable } from './dataset';
import { specFor } from './defaults';
import type { DataChoicesMessage, EngineEvent, NetworkDesign } from '../shared/protocol';

type CrossValidated = Omit<Extract<EngineEvent, { type: 'crossValidated' }>, 'requestId'>;

/** Trains `folds` networks of `design` (each on the other folds' rows), scores each on its own fold. */
export function crossValidateTable(loaded: LoadedTable, choices: DataChoicesMessage, design: NetworkDesign, settings: TrainSettings, folds: number): CrossValidated {
  const build = (data: { train: { inputSize: number }; classes: string[] | null; task: 'classification' | 'regression' }): Network =>
    new Network(specFor(design, data.train.inputSize, data.classes?.length ?? 1, data.task));
  const result = crossValidate(loaded.table, choices as Partial<DataChoices>, folds, build, settings);
  if (!result.ok) throw new DataProblem(result.error);
  const { mean, sd } = meanAndSd(result.value.folds.map((f) => f.score));
  return { type: 'crossValidated', metric: result.value.metric, mean, sd, folds: result.value.folds };
}
