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

/**
 * An epoch's metrics with its speed: samplesPerSecond over the whole epoch on the wall clock (the
 * validation pass at its end included), stepSamplesPerSecond over its training steps only (what the
 * bench's engine figure measures; the epoch's last step stands in at the median step's time).
 */
export interface EpochReport extends EpochMetrics { samplesPerSecond: number; stepSamplesPerSecond: number }

/** Runs every epoch step by step; calls onEpoch with rows per second, whole epoch and training steps only. */
export function runEpochs(trainer: Trainer, progress: Progress, onEpoch: (report: EpochReport) => void): void {
  const total = trainer.currentSettings.epochs;
  const stepMs: number[] = [];
  while (!trainer.isDone) {
    const started = performance.now();
    let rows = 0, metrics: EpochMetrics | null = null;
    stepMs.length = 0;
    while (!trainer.isDone && !metrics) {
      const stepStarted = performance.now();
      const result = trainer.step();
      rows += result.metrics?.rows ?? 0;
      metrics = result.epochEnd;
      if (!metrics) stepMs.push(performance.now() - stepStarted);
    }
    if (!metrics) break;
    const seconds = Math.max((performance.now() - started) / 1000, 1e-9);
    const stepSeconds = Math.max((sum(stepMs) + median(stepMs)) / 1000, 1e-9);
    onEpoch({ ...metrics, samplesPerSecond: rows / seconds, stepSamplesPerSecond: rows / stepSeconds });
    progress.update(metrics.epoch / Math.max(1, total), `epoch ${metrics.epoch}/${total} loss ${metrics.loss.toFixed(4)}`);
  }
  progress.done();
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** The middle value (0 for none). */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
