/** Building the network and TrainSettings from CLI flags, and the epoch loop with JSON lines and a progress bar. */
import {
  Network, Trainer, defaultTrainSettings, type Dataset, type EpochMetrics, type ModelSpec, type TrainSettings,
} from '../engine';
import type { CommandArgs, FlagSpec } from './args';
import { designFromFlags, trainFromFlags } from './setting-flags';
import { UserError } from './errors';
import type { Progress } from './progress';

type Flags = CommandArgs['flags'];

/** The MLP from the network flags (--hidden, per-layer --activation and --dropout, --weight-init) between the data's ends. */
export function specFromFlags(flags: Flags, inputSize: number, outputs: number, task: 'classification' | 'regression'): ModelSpec {
  const design = designFromFlags(flags);
  return {
    inputSize,
    hidden: design.hidden,
    output: { units: task === 'classification' ? outputs : 1, activation: task === 'classification' ? 'softmax' : 'linear' },
    init: design.init,
  };
}

/** TrainSettings: the engine's defaults (or a saved model's), overridden by the flags given. */
export function settingsFromFlags(flags: Flags, base: TrainSettings = defaultTrainSettings): TrainSettings {
  return trainFromFlags(clippingShorthands(flags), base);
}

/** The clipping shorthands: --clip-norm T is --clip norm --clip-threshold T, --clip-value T the same by value. */
function clippingShorthands(flags: Flags): Flags {
  const norm = flags['clip-norm'], value = flags['clip-value'];
  if (norm === undefined && value === undefined) return flags;
  if (norm !== undefined && value !== undefined) throw new UserError('give --clip-norm or --clip-value, not both');
  if (flags.clip !== undefined || flags['clip-threshold'] !== undefined) throw new UserError('give --clip-norm/--clip-value or --clip with --clip-threshold, not both');
  return { ...flags, clip: norm === undefined ? 'value' : 'norm', 'clip-threshold': norm ?? value };
}

/** The flags only the CLI has: shorthands that map onto the table's settings. */
export const clippingShorthandFlags: Record<string, FlagSpec> = {
  'clip-norm': { type: 'number', help: 'shorthand for --clip norm --clip-threshold N' },
  'clip-value': { type: 'number', help: 'shorthand for --clip value --clip-threshold N' },
};

/** A new network initialized by the trainer, or (for --init) one whose weights are kept. */
export function makeTrainer(net: Network, settings: TrainSettings, train: Dataset, validation: Dataset, keepWeights: boolean): Trainer {
  return new Trainer(net, settings, train, validation.rows > 0 ? validation : null, { initialize: !keepWeights });
}

export interface EpochReport extends EpochMetrics { samplesPerSecond: number }

/** Runs every epoch; calls onEpoch with rows per second measured on the wall clock. */
export function runEpochs(trainer: Trainer, progress: Progress, onEpoch: (report: EpochReport) => void): void {
  const total = trainer.currentSettings.epochs;
  while (!trainer.isDone) {
    const started = performance.now();
    const metrics = trainer.runEpoch();
    if (!metrics) break;
    const seconds = Math.max((performance.now() - started) / 1000, 1e-9);
    onEpoch({ ...metrics, samplesPerSecond: trainer.train.rows / seconds });
    progress.update(metrics.epoch / Math.max(1, total), `epoch ${metrics.epoch}/${total} loss ${metrics.loss.toFixed(4)}`);
  }
  progress.done();
}
