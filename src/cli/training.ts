/** Building the network and TrainSettings from CLI flags, and the epoch loop with JSON lines and a progress bar. */
import {
  MODEL_LIMITS, Network, Trainer, defaultTrainSettings, type Dataset, type EpochMetrics, type HiddenLayerSpec, type ModelSpec, type TrainSettings,
} from '../engine';
import type { CommandArgs } from './args';
import { UserError } from './errors';
import type { Progress } from './progress';

type Flags = CommandArgs['flags'];

/** The MLP from --hidden, --activation and --dropout (every hidden layer alike). */
export function specFromFlags(flags: Flags, inputSize: number, outputs: number, task: 'classification' | 'regression'): ModelSpec {
  const units = (flags.hidden as number[] | undefined) ?? [128, 64, 32];
  if (units.length < 1 || units.length > MODEL_LIMITS.maxHiddenLayers) throw new UserError(`--hidden: give 1 to ${MODEL_LIMITS.maxHiddenLayers} layer sizes, got ${units.length}`);
  const bad = units.find((u) => u < 1 || u > 4096);
  if (bad !== undefined) throw new UserError(`--hidden: layer sizes must be 1..4096, got ${bad}`);
  const dropout = (flags.dropout as number | undefined) ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw new UserError(`--dropout must be in [0, 1), got ${dropout}`);
  const activation = ((flags.activation as string | undefined) ?? 'relu') as HiddenLayerSpec['activation'];
  return {
    inputSize,
    hidden: units.map((u) => ({ units: u, activation, dropout })),
    output: { units: task === 'classification' ? outputs : 1, activation: task === 'classification' ? 'softmax' : 'linear' },
    init: 'auto',
  };
}

/** TrainSettings: the engine's defaults (or a saved model's), overridden by the flags given. */
export function settingsFromFlags(flags: Flags, base: TrainSettings = defaultTrainSettings): TrainSettings {
  const pick = <T>(name: string, fallback: T): T => (flags[name] === undefined ? fallback : (flags[name] as T));
  const settings: TrainSettings = {
    ...base,
    epochs: pick('epochs', base.epochs),
    batchSize: pick('batch', base.batchSize),
    learningRate: pick('lr', base.learningRate),
    optimizer: { ...base.optimizer, name: pick('optimizer', base.optimizer.name) },
    l1: pick('l1', base.l1),
    l2: pick('l2', base.l2),
    clipping: clippingFromFlags(flags, base.clipping),
    earlyStopping: { ...base.earlyStopping, patience: pick('early-stop', base.earlyStopping.patience) },
    seed: pick('seed', base.seed),
    shuffle: flags['no-shuffle'] ? false : base.shuffle,
  };
  return checkSettings(settings);
}

function clippingFromFlags(flags: Flags, base: TrainSettings['clipping']): TrainSettings['clipping'] {
  if (flags['clip-norm'] !== undefined && flags['clip-value'] !== undefined) throw new UserError('give --clip-norm or --clip-value, not both');
  if (flags['clip-norm'] !== undefined) return { mode: 'norm', threshold: flags['clip-norm'] as number };
  if (flags['clip-value'] !== undefined) return { mode: 'value', threshold: flags['clip-value'] as number };
  return base;
}

function checkSettings(s: TrainSettings): TrainSettings {
  const check = (ok: boolean, message: string): void => { if (!ok) throw new UserError(message); };
  check(s.epochs >= 0 && s.epochs <= 1_000_000, `--epochs must be 0..1000000, got ${s.epochs}`);
  check(s.batchSize >= 1 && s.batchSize <= 65536, `--batch must be 1..65536, got ${s.batchSize}`);
  check(s.learningRate > 0 && s.learningRate <= 1000, `--lr must be in (0, 1000], got ${s.learningRate}`);
  check(s.l1 >= 0 && s.l2 >= 0, '--l1 and --l2 must be ≥ 0');
  check(s.clipping.mode === 'none' || s.clipping.threshold > 0, 'the clipping threshold must be > 0');
  check(s.earlyStopping.patience >= 0, '--early-stop must be ≥ 0');
  return s;
}

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
