/** `backprop cv FILE --target COL --folds 5`: k-fold cross-validation with the given settings; mean ± sd of the metric. */
import { Network, meanAndSd, prepareData, type FoldResult } from '../../engine';
import { jsonLine, type CliIO, type Command } from '../command';
import { dataFromFlags, settingFlags } from '../setting-flags';
import { UserError, unwrap } from '../errors';
import { loadTable } from '../load';
import { scoreDataset } from '../scores';
import { clippingShorthandFlags, makeTrainer, settingsFromFlags, specFromFlags } from '../training';
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
  const results: FoldResult[] = [];
  let metric = 'accuracy';
  for (let index = 0; index < folds; index++) {
    const prepared = unwrap(prepareData(table, choices, { fold: { index, folds } }), file);
    metric = prepared.task === 'classification' ? 'accuracy' : 'r2';
    const net = new Network(specFromFlags(flags, prepared.train.inputSize, prepared.classes?.length ?? 1, prepared.task));
    const trainer = makeTrainer(net, settingsFromFlags(flags), prepared.train, prepared.validation, false);
    const history = trainer.run();
    const scores = scoreDataset(net, prepared.test, prepared.preprocessing);
    const score = scores.task === 'classification' ? scores.accuracy : scores.r2;
    const result: FoldResult = { fold: index + 1, score, epochs: trainer.epochsDone, loss: history.map((e) => e.loss), valLoss: history.map((e) => e.valLoss) };
    results.push(result);
    if (flags.json) io.out(jsonLine({ type: 'fold', metric, rows: prepared.test.rows, ...result }));
    else io.out(`fold ${index + 1}/${folds}: ${metric} ${score.toFixed(4)} on ${prepared.test.rows} rows after ${trainer.epochsDone} epochs\n`);
  }
  const { mean, sd } = meanAndSd(results.map((r) => r.score));
  if (flags.json) io.out(jsonLine({ type: 'summary', metric, folds, mean, sd, scores: results.map((r) => r.score) }));
  else io.out(`${folds}-fold ${metric}: ${mean.toFixed(4)} ± ${sd.toFixed(4)} (mean ± sd)\n`);
}
