/** `backprop train FILE --target COL [...]`: prepare, train with JSON lines or a progress bar, score, save. */
import { basename } from 'node:path';
import {
  HALVES_MIN_PARAMETERS, THREADS_MIN_LAYER_WEIGHTS, prepareData, serializeModel, type DataChoices, type KernelHelperStarter, type Network, type PreparedData, type TrainSettings,
} from '../../engine';
import { jsonLine, type CliIO, type Command } from '../command';
import { dataFromFlags, designFlagsGiven, settingFlags } from '../setting-flags';
import { UserError, unwrap } from '../errors';
import { warningLines } from '../warning-lines';
import { DivergedError, divergence } from '../divergence';
import { loadTable } from '../load';
import { readModel, type LoadedModel } from '../model-io';
import { checkOutputPath, writeOutputFile } from '../output-file';
import { progressBar } from '../progress';
import { describeScores, scoreDataset, type Scores } from '../scores';
import { clippingShorthandFlags, makeTrainer, runEpochs, settingsFromFlags, specFromFlags, type EpochReport } from '../training';
import type { CommandArgs } from '../args';
import { checkpointFlags, checkpointWriterFor } from '../checkpoint-file';
import { defaultKernelThreads, describeKernels, enableFastKernels, kernelLine, stopKernelThreads, type KernelSummary } from '../../node-host';
import { WarmKernels } from '../../engine-host/warm-kernels';

export const train: Command = {
  name: 'train',
  summary: 'train a network on a CSV file and report test metrics (optionally save the model)',
  positional: ['FILE'],
  flags: {
    ...settingFlags(['data', 'network', 'train']),
    ...clippingShorthandFlags,
    ...checkpointFlags,
    init: { type: 'string', help: 'continue training from this model file (its layers, preprocessing and split are reused)' },
    out: { type: 'string', help: 'save the trained model to this JSON file' },
    'save-diverged': { type: 'boolean', help: 'save the model with --out even when training diverged (NaN or infinite loss or predictions; the run still exits 3)' },
    json: { type: 'boolean', help: 'print one JSON object per line: epochs, then "done"' },
    threads: { type: 'integer', help: `1 or 2: big layers (≥ ${THREADS_MIN_LAYER_WEIGHTS} weights) split their matmuls over 2 threads; smaller classifiers (≥ ${HALVES_MIN_PARAMETERS} parameters) train each batch as two halves, one per thread; bit for bit the same (default ${defaultKernelThreads()})` },
  },
  run: runTrain,
};

async function runTrain(args: CommandArgs, io: CliIO): Promise<void> {
  const [file] = args.positional;
  const { flags } = args;
  if (flags.out !== undefined) await checkOutputPath(flags.out as string, [file, ...(flags.init === undefined ? [] : [flags.init as string])]);
  const startHelper = enableFastKernels({ threads: threadsFromFlags(flags), helperEntry: HELPER_ENTRY, warn: (line) => io.err(`warning: ${line}\n`) }); // before any network is built
  const warm = new WarmKernels(flags.init === undefined ? startHelper : null);
  warm.prestart(); // the helper thread boots while the CSV loads (a warm-up of its code here too was tried: 0.2 s more in all, no faster epochs)
  try {
    await trainWith(args, io, startHelper, warm);
  } finally {
    warm.dispose();
  }
}

async function trainWith(args: CommandArgs, io: CliIO, startHelper: KernelHelperStarter | null, warm: WarmKernels): Promise<void> {
  const [file] = args.positional;
  const { flags } = args;
  const initial = flags.init === undefined ? null : await readModel(flags.init as string, { startHelper, warn: (line) => io.err(`warning: ${line}\n`) });
  const designFlags = designFlagsGiven(flags);
  if (initial && designFlags.length > 0) throw new UserError(`--${designFlags[0]} cannot change the layers of a saved model: --init keeps its design (drop --${designFlags[0]}, or train a new model without --init)`);
  const choices = choicesFromFlags(flags, initial);
  const table = await loadTable(file, { keepRows: true, badRows: choices.badRows });
  const prepared = unwrap(prepareData(table, choices, initial ? { preprocessing: initial.preprocessing } : {}), file);
  if (!flags.json) for (const line of warningLines(prepared.warnings)) io.err(`warning: ${line}\n`);
  const net = initial ? initial.net : warm.network(specFromFlags(flags, prepared.train.inputSize, prepared.classes?.length ?? 1, prepared.task));
  const baseSettings = (initial?.file.training as TrainSettings | undefined) ?? undefined;
  const settings = settingsFromFlags(flags, baseSettings);
  const trainer = makeTrainer(net, settings, prepared.train, prepared.validation, initial !== null);
  const checkpoints = await checkpointWriterFor(flags, file, prepared, initial?.preprocessing ?? null);
  const split = prepared.test.rows > 0 ? 'test' : prepared.validation.rows > 0 ? 'validation' : 'train';
  let scores: Scores, kernels: KernelSummary;
  try {
    runEpochs(trainer, progressBar(), (epoch) => { reportEpoch(io, Boolean(flags.json), epoch, settings.epochs); checkpoints?.afterEpoch(trainer); });
    scores = scoreDataset(net, prepared[split], prepared.preprocessing);
    kernels = describeKernels(net); // before its helper thread stops
  } finally {
    stopKernelThreads(net.kernels);
  }
  await checkpoints?.final(trainer);
  const diverged = divergence(net, prepared.train, trainer.stoppedBecause, trainer.epochsDone, scores.loss);
  const save = flags.out !== undefined && (diverged === null || flags['save-diverged'] === true);
  if (save) await saveModel(flags.out as string, net, prepared, settings, { ...scores, split }, file, trainer.epochsDone);
  const saved = save ? flags.out as string : null;
  if (flags.json) io.out(jsonLine({ type: 'done', reason: trainer.stoppedBecause, epochs: trainer.epochsDone, split, ...scores, skippedRows: prepared.skippedRows, warnings: prepared.warnings.map((w) => w.message), model: saved, diverged, ...kernels }));
  else io.out(`${describeScores(scores, split)}${saved ? `; model saved to ${saved}` : ''}\nkernels: ${kernelLine(kernels)}\n`);
  if (diverged !== null) {
    const what = saved ? `the model was saved to ${saved} as --save-diverged asks` : flags.out !== undefined ? 'the model was not saved (--save-diverged saves it anyway)' : 'nothing was saved';
    throw new DivergedError(`training diverged: ${diverged}; ${what}; try a smaller --lr, or clipping (--clip-norm 1)`);
  }
}

/** The helper thread's entry: the CLI's TypeScript runs through tsx, so an .mjs that registers it first. */
export const HELPER_ENTRY = new URL('../../node-host/kernel-helper.worker.mjs', import.meta.url);

export function threadsFromFlags(flags: CommandArgs['flags']): number {
  const threads = flags.threads as number | undefined;
  if (threads === undefined) return defaultKernelThreads();
  if (threads !== 1 && threads !== 2) throw new UserError(`--threads must be 1 or 2, got ${threads}`);
  return threads;
}

/** DataChoices from the flags; with --init, the saved model's split (fractions and seed) is reused unless overridden. */
function choicesFromFlags(flags: CommandArgs['flags'], initial: LoadedModel | null): Partial<DataChoices> {
  const metrics = (initial?.file.metrics ?? {}) as Record<string, unknown>;
  const training = initial?.file.training as TrainSettings | undefined;
  const saved: Partial<DataChoices> = initial ? {
    validationFraction: typeof metrics.validationFraction === 'number' ? metrics.validationFraction : undefined,
    testFraction: typeof metrics.testFraction === 'number' ? metrics.testFraction : undefined,
    seed: training?.seed,
  } : {};
  const given = dataFromFlags(flags);
  if (initial && given.target !== undefined && given.target !== initial.preprocessing.target.name) {
    throw new UserError(`--target "${given.target}" differs from the model's target "${initial.preprocessing.target.name}"`);
  }
  const defined = (c: Partial<DataChoices>): Partial<DataChoices> => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
  return { ...defined(saved), ...defined(given) };
}

/** One epoch's line: JSON, or (every 20th of the run, and the last) a human line with its samples/s. */
export function reportEpoch(io: CliIO, json: boolean, e: EpochReport, total: number): void {
  if (json) {
    io.out(jsonLine({
      type: 'epoch', epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy,
      samplesPerSecond: Math.round(e.samplesPerSecond), stepSamplesPerSecond: Math.round(e.stepSamplesPerSecond),
    }));
    return;
  }
  const every = Math.max(1, Math.ceil(total / 20));
  if (e.epoch % every !== 0 && e.epoch !== total) return;
  const acc = e.accuracy === null ? '' : ` acc ${e.accuracy.toFixed(4)}`;
  const val = e.valLoss === null ? '' : ` val_loss ${e.valLoss.toFixed(4)}${e.valAccuracy === null ? '' : ` val_acc ${e.valAccuracy.toFixed(4)}`}`;
  io.out(`epoch ${e.epoch}/${total} loss ${e.loss.toFixed(4)}${acc}${val} · ${Math.round(e.samplesPerSecond).toLocaleString('en-US')} samples/s\n`);
}

export async function saveModel(path: string, net: Network, prepared: PreparedData, settings: TrainSettings, scores: Scores & { split: string }, file: string, epochs: number): Promise<void> {
  const text = serializeModel(net, {
    preprocessing: prepared.preprocessing,
    training: settings,
    metrics: metricsSection(scores, epochs, prepared),
    data: { name: basename(file), rows: prepared.split.train + prepared.split.validation + prepared.split.test, columns: prepared.columns.map((c) => c.name) },
    createdAt: new Date().toISOString(),
  });
  await writeOutputFile(path, text);
}

/** The metrics section (finite numbers, strings, number arrays), with the split fractions --init reuses. */
function metricsSection(scores: Scores & { split: string }, epochs: number, prepared: PreparedData): Record<string, number | string | number[][]> {
  const common = { epochs, split: scores.split, rows: scores.rows, loss: scores.loss, validationFraction: prepared.choices.validationFraction, testFraction: prepared.choices.testFraction };
  if (scores.task === 'classification') return { ...common, accuracy: scores.accuracy, confusion: scores.confusion };
  return { ...common, mse: scores.mse, mae: scores.mae, r2: scores.r2 };
}
