/** `backprop resume CHECKPOINT [--epochs TOTAL]`: continue a run from its checkpoint exactly as if it had never stopped. */
import { assertSameData, prepareData, resumeTrainer } from '../../engine';
import { jsonLine, type CliIO, type Command } from '../command';
import { CheckpointWriter, checkpointFlags, fileFingerprint, readCheckpointFile } from '../checkpoint-file';
import { UserError, unwrap } from '../errors';
import { loadTable } from '../load';
import { progressBar } from '../progress';
import { describeScores, scoreDataset } from '../scores';
import { runEpochs } from '../training';
import type { CommandArgs } from '../args';
import { basename } from 'node:path';
import { HELPER_ENTRY, reportEpoch, saveModel, threadsFromFlags } from './train';
import { describeKernels, enableFastKernels, kernelLine, stopKernelThreads, type KernelSummary } from '../../node-host';

export const resume: Command = {
  name: 'resume',
  summary: 'continue a run from its checkpoint: the same weights, optimizer state, shuffle and dropout as if it had never stopped',
  positional: ['CHECKPOINT'],
  flags: {
    epochs: { type: 'integer', help: "the run's total epochs, as in the original train command (train --epochs 2 then resume --epochs 4 is the 4-epoch run); default: the checkpoint's" },
    out: { type: 'string', help: 'save the trained model to this JSON file' },
    json: { type: 'boolean', help: 'print one JSON object per line: epochs, then "done"' },
    threads: { type: 'integer', help: '1 or 2 kernel threads (bit for bit the same either way)' },
    ...checkpointFlags,
  },
  run: runResume,
};

async function runResume(args: CommandArgs, io: CliIO): Promise<void> {
  const [path] = args.positional;
  const { flags } = args;
  const startHelper = enableFastKernels({ threads: threadsFromFlags(flags), helperEntry: HELPER_ENTRY, warn: (line) => io.err(`warning: ${line}\n`) });
  const { checkpoint, recipe } = await readCheckpointFile(path);
  const table = await loadTable(recipe.file, { keepRows: true, badRows: recipe.choices.badRows });
  const prepared = unwrap(prepareData(table, recipe.choices, recipe.preprocessing ? { preprocessing: recipe.preprocessing } : {}), recipe.file);
  const { train, validation, test } = prepared.split;
  const data = await fileFingerprint(recipe.file, train + validation + test, prepared.columns.map((c) => c.name), basename(recipe.file));
  try {
    assertSameData(checkpoint, data);
  } catch (error) {
    throw new UserError(`${recipe.file}: ${(error as Error).message}; the run cannot be resumed on other data`);
  }
  const trainer = resumeTrainer(checkpoint, prepared.train, prepared.validation.rows > 0 ? prepared.validation : null, { startHelper });
  const epochs = flags.epochs as number | undefined;
  if (epochs !== undefined) {
    if (epochs < trainer.epochsDone) throw new UserError(`--epochs ${epochs} is fewer than the ${trainer.epochsDone} epochs the run has done (--epochs is the run's total)`);
    trainer.updateSettings({ epochs });
  }
  const settings = trainer.currentSettings, net = trainer.net;
  const checkpoints = new CheckpointWriter((flags.checkpoint as string | undefined) ?? path, data, recipe, flags['checkpoint-every'] as number | undefined);
  const split = prepared.test.rows > 0 ? 'test' : prepared.validation.rows > 0 ? 'validation' : 'train';
  if (!flags.json) io.err(`resuming ${basename(recipe.file)} at epoch ${trainer.epochsDone} of ${settings.epochs}\n`);
  let scores, kernels: KernelSummary;
  try {
    runEpochs(trainer, progressBar(), (epoch) => { reportEpoch(io, Boolean(flags.json), epoch, settings.epochs); checkpoints.afterEpoch(trainer); });
    scores = scoreDataset(net, prepared[split], prepared.preprocessing);
    kernels = describeKernels(net); // before its helper thread stops (after, the kernels say one thread)
  } finally {
    stopKernelThreads(net.kernels);
  }
  await checkpoints.final(trainer);
  if (flags.out !== undefined) await saveModel(flags.out as string, net, prepared, settings, { ...scores, split }, recipe.file, trainer.epochsDone);
  if (flags.json) io.out(jsonLine({ type: 'done', reason: trainer.stoppedBecause, epochs: trainer.epochsDone, split, ...scores, model: flags.out ?? null, ...kernels }));
  else io.out(`${describeScores(scores, split)}${flags.out ? `; model saved to ${flags.out}` : ''}\nkernels: ${kernelLine(kernels)}\n`);
}
