/** `backprop cv FILE --target COL --folds 5`: k-fold cross-validation with the given settings; mean ± sd of the metric. */
import { Network, crossValidate, meanAndSd } from '../../engine';
import { jsonLine, type CliIO, type Command } from '../command';
import { dataFromFlags, settingFlags } from '../setting-flags';
import { UserError, unwrap } from '../errors';
import { loadTable } from '../load';
import { clippingShorthandFlags, settingsFromFlags, specFromFlags } from '../training';
import type { CommandArgs } from '../args';

const MAX_FOLDS = 20;

export const cv: Command = {
  name: 'cv',
  summary: 'k-fold cross-validation: train once per fold (stratified), score the held-out fold, report mean ± sd',
  positional: ['FILE'],
  flags: {
    ...settingFlags(['data', 'network', 'train']),
    ...clippingShorthandFlags,
    folds: { type: 'integer', help: `how many folds, 2 to ${MAX_FOLDS} (default 5); each row is held out once` },
    json: { type: 'boolean', help: 'print one JSON object per fold (with its loss curves), then the summary' },
  },
  run: runCrossValidation,
};

async function runCrossValidation(args: CommandArgs, io: CliIO): Promise<void> {
  const [file] = args.positional;
  const { flags } = args;
  const folds = (flags.folds as number | undefined) ?? 5;
  if (folds < 2 || folds > MAX_FOLDS) throw new UserError(`--folds must be from 2 to ${MAX_FOLDS}, got ${folds}`);
  const choices = dataFromFlags(flags);
  const table = await loadTable(file, { keepRows: true, badRows: choices.badRows });
  const build = (data: { train: { inputSize: number }; classes: string[] | null; task: 'classification' | 'regression' }): Network =>
    new Network(specFromFlags(flags, data.train.inputSize, data.classes?.length ?? 1, data.task));
  const { metric, folds: results } = unwrap(crossValidate(table, choices, folds, build, settingsFromFlags(flags)), file);
  for (const result of results) {
    if (flags.json) io.out(jsonLine({ type: 'fold', metric, ...result }));
    else io.out(`fold ${result.fold}/${folds}: ${metric} ${result.score.toFixed(4)} on ${result.rows} rows after ${result.epochs} epochs\n`);
  }
  const { mean, sd } = meanAndSd(results.map((r) => r.score));
  if (flags.json) io.out(jsonLine({ type: 'summary', metric, folds, mean, sd, scores: results.map((r) => r.score) }));
  else io.out(`${folds}-fold ${metric}: ${mean.toFixed(4)} ± ${sd.toFixed(4)} (mean ± sd)\n`);
}
