import { classWeightsOf } from './class-weights';
import { clonePlain } from './plain';
import { assertValidDataset, type Dataset } from './dataset';
import { evaluateLoss } from './evaluate';
import type { Floats } from './kernels/types';
import type { Network } from './network';
import {
  createOptimizer, learningRateAt,
  type Optimizer, type OptimizerSpec, type ScheduleSpec,
} from './optimizers';
import { Workspace, backward, forward, outputLoss } from './passes';
import { Random } from './random';
import { assertValidSection, sectionDefaults } from './settings-values';
import { applyPenalty, clipGradient, gradientNorms, penaltyValue, type Clipping } from './regularize';

/** Everything about how a network is trained (plain data: it crosses processes as is). */
export interface TrainSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
  l1: number;
  l2: number;
  clipping: Clipping;
  /** Stop after `patience` epochs without the monitored loss improving by minDelta (0 = off); best weights restored. */
  earlyStopping: { patience: number; minDelta: number };
  seed: number;
  /** false keeps the data's order every epoch (for oracle comparisons). */
  shuffle: boolean;
  /** Softmax cross-entropy class weights: 'none', 'balanced' or one number per class ("1,4,1"). */
  classWeights: string;
}

/** The table's defaults (settings.ts), e.g. Adam with L2 and early stopping on (the values live only there). */
export const defaultTrainSettings: TrainSettings = sectionDefaults('train') as unknown as TrainSettings;

/** The fields a paused run may change (the table's live settings). */
export type LiveSettingName = 'epochs' | 'learningRate' | 'schedule' | 'l1' | 'l2' | 'clipping' | 'earlyStopping';
export type LiveSettings = Partial<Pick<TrainSettings, LiveSettingName>>;

/** What one mini-batch step reports. gradNorm is the global norm before clipping. */
export interface StepMetrics {
  step: number;
  epoch: number; // 0-based epoch the batch belongs to
  batch: number;
  batchesPerEpoch: number;
  rows: number;
  loss: number; // data loss + penalty
  accuracy: number | null;
  gradNorm: number;
  clipped: boolean;
  layerGradNorms: number[];
  learningRate: number;
}

/** What one finished epoch reports (epoch is 1-based: the count of epochs done). */
export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  learningRate: number;
  bestEpoch: number;
}

/** Why training ended: every epoch ran, early stopping, a NaN/∞ loss, or a stop request (the protocol and the studio use this one). */
export type StopReason = 'epochs' | 'early-stop' | 'non-finite' | 'stopped';

export interface StepResult {
  metrics: StepMetrics;
  epochEnd: EpochMetrics | null;
  stopped: StopReason | null;
}

/**
 * Trains a network one mini-batch at a time: no timers, no I/O, so a host can pace it, pause it
 * between batches and change hyperparameters while paused. Deterministic for a given seed.
 */
export class Trainer {
  readonly net: Network;
  readonly train: Dataset;
  readonly validation: Dataset | null;
  private settings: TrainSettings;
  private readonly rng: Random;
  private readonly ws: Workspace;
  private readonly order: Uint32Array;
  /** w[label] per class (null: no class weights) and the batch's row weights the loss kernel reads. */
  private readonly classWeights: Float32Array | null;
  private readonly rowWeights: Floats | null;
  private optimizer: Optimizer;
  private epochIndex = 0;
  private batchIndex = 0;
  private stepCount = 0;
  private epochLossSum = 0;
  private epochCorrect = 0;
  private epochRows = 0;
  private best = { loss: Infinity, epoch: 0, params: null as Floats | null };
  private stopReason: StopReason | null = null;
  readonly history: EpochMetrics[] = [];

  constructor(net: Network, settings: TrainSettings, train: Dataset, validation: Dataset | null = null,
    options: { initialize?: boolean } = {}) {
    assertValidSettings(settings);
    assertValidDataset(train, 'training data');
    if (validation) assertValidDataset(validation, 'validation data');
    assertDataFitsNetwork(net, train);
    if (validation) assertDataFitsNetwork(net, validation);
    this.net = net;
    this.train = train;
    this.validation = validation && validation.rows > 0 ? validation : null;
    this.settings = clonePlain(settings);
    this.rng = new Random(settings.seed);
    if (options.initialize ?? true) net.initialize(this.rng);
    this.ws = new Workspace(net, Math.min(settings.batchSize, Math.max(1, train.rows)));
    this.order = Uint32Array.from({ length: train.rows }, (_, i) => i);
    this.classWeights = net.isClassifier ? classWeightsOf(settings.classWeights, train.targets, train.rows, net.outputSize) : null;
    this.rowWeights = this.classWeights ? net.allocate(Math.min(settings.batchSize, Math.max(1, train.rows))) : null;
    this.optimizer = createOptimizer(settings.optimizer, net.params.length, (n) => net.allocate(n), net.kernels);
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.train.rows / this.settings.batchSize);
  }

  get epochsDone(): number {
    return this.epochIndex;
  }

  get isDone(): boolean {
    return this.stopReason !== null;
  }

  get stoppedBecause(): StopReason | null {
    return this.stopReason;
  }

  get currentSettings(): TrainSettings {
    return clonePlain(this.settings);
  }

  /** The lr the next batch uses, from the schedule. */
  get learningRate(): number {
    const { schedule, learningRate, epochs } = this.settings;
    return learningRateAt(schedule, learningRate, this.epochIndex, epochs);
  }

  /** Changes hyperparameters between batches (epochs, lr, schedule, L1/L2, clipping, early stopping). */
  updateSettings(changes: LiveSettings): void {
    const next = { ...this.settings, ...clonePlain(changes) };
    assertValidSettings(next);
    this.settings = next;
    if (this.stopReason === 'epochs' && this.epochIndex < next.epochs) this.stopReason = null;
  }

  /** Ends training now (by the user); weights stay as they are. */
  stop(): void {
    if (!this.stopReason) this.stopReason = 'stopped';
  }

  /** One mini-batch: forward, loss, backward, penalty, clip, update. Covers every row each epoch. */
  step(): StepResult {
    if (this.stopReason) throw new Error(`training has ended (${this.stopReason})`);
    if (this.settings.epochs <= this.epochIndex) return this.finish('epochs', null);
    const { batchSize } = this.settings;
    if (this.batchIndex === 0 && this.settings.shuffle) this.rng.shuffle(this.order);
    const start = this.batchIndex * batchSize;
    const m = Math.min(batchSize, this.train.rows - start); // the last partial batch is kept
    this.gatherBatch(start, m);
    const metrics = this.descend(m);
    if (this.stopReason) return { metrics, epochEnd: null, stopped: this.stopReason };
    this.batchIndex++;
    if (this.batchIndex < this.batchesPerEpoch) return { metrics, epochEnd: null, stopped: null };
    const epochEnd = this.endEpoch();
    return { metrics, epochEnd, stopped: this.stopReason };
  }

  /** Steps until the current epoch ends or training stops; returns that epoch's metrics (null if it stopped first). */
  runEpoch(): EpochMetrics | null {
    while (!this.stopReason) {
      const result = this.step();
      if (result.epochEnd) return result.epochEnd;
    }
    return null;
  }

  /** Runs to the end; returns the epoch history. */
  run(): EpochMetrics[] {
    while (!this.stopReason) this.step();
    return this.history;
  }

  private gatherBatch(start: number, m: number): void {
    const { inputSize, targetSize, features, targets } = this.train;
    const { input, targets: batchTargets } = this.ws;
    for (let i = 0; i < m; i++) {
      const row = this.order[start + i];
      copyRow(features, row * inputSize, input, i * inputSize, inputSize);
      copyRow(targets, row * targetSize, batchTargets, i * targetSize, targetSize);
      if (this.rowWeights) this.rowWeights[i] = this.classWeights![targets[row]];
    }
  }

  private descend(m: number): StepMetrics {
    const net = this.net;
    const lr = this.learningRate;
    forward(net, this.ws, m, 'sample', this.rng);
    const { lossSum, correct } = outputLoss(net, this.ws, m, true, this.rowWeights);
    backward(net, this.ws, m);
    const penalty = { l1: this.settings.l1, l2: this.settings.l2 };
    const loss = lossSum / m + applyPenalty(net, penalty);
    const { layers: layerGradNorms, global: gradNorm } = gradientNorms(net);
    let clipped = false;
    if (Number.isFinite(loss) && Number.isFinite(gradNorm)) {
      clipped = clipGradient(net.grads, gradNorm, this.settings.clipping, net.kernels);
      this.optimizer.update(net.params, net.grads, lr);
      this.epochLossSum += lossSum;
      this.epochCorrect += correct;
      this.epochRows += m;
    } else {
      this.stopReason = 'non-finite'; // the update is skipped: the weights stay the last finite ones
    }
    this.stepCount++;
    return {
      step: this.stepCount, epoch: this.epochIndex, batch: this.batchIndex, batchesPerEpoch: this.batchesPerEpoch,
      rows: m, loss, accuracy: net.isClassifier ? correct / m : null, gradNorm, clipped, layerGradNorms, learningRate: lr,
    };
  }

  private endEpoch(): EpochMetrics {
    const lr = this.learningRate;
    const penalty = penaltyValue(this.net, this.settings);
    const val = this.validation ? evaluateLoss(this.net, this.validation, this.ws) : null;
    const loss = this.epochLossSum / Math.max(1, this.epochRows) + penalty;
    const metrics: EpochMetrics = {
      epoch: this.epochIndex + 1,
      loss,
      accuracy: this.net.isClassifier ? this.epochCorrect / Math.max(1, this.epochRows) : null,
      valLoss: val ? val.loss : null,
      valAccuracy: val ? val.accuracy : null,
      learningRate: lr,
      bestEpoch: 0,
    };
    this.epochIndex++;
    this.batchIndex = 0;
    this.epochLossSum = 0; this.epochCorrect = 0; this.epochRows = 0;
    this.trackBest(val ? val.loss : loss);
    metrics.bestEpoch = this.best.epoch;
    this.history.push(metrics);
    if (!this.stopReason && this.epochIndex >= this.settings.epochs) this.finish('epochs', null);
    return metrics;
  }

  /** Early stopping: remember the best weights; stop after `patience` epochs without improvement. */
  private trackBest(monitored: number): void {
    const { patience, minDelta } = this.settings.earlyStopping;
    if (!Number.isFinite(monitored)) { this.stopReason = 'non-finite'; return; }
    if (monitored < this.best.loss - minDelta) {
      this.best.loss = monitored;
      this.best.epoch = this.epochIndex;
      if (patience > 0) {
        this.best.params ??= this.net.allocate(this.net.params.length);
        this.best.params.set(this.net.params);
      }
      return;
    }
    if (patience > 0 && this.epochIndex - this.best.epoch >= patience) this.finish('early-stop', null);
  }

  private finish(reason: StopReason, metrics: StepMetrics | null): StepResult {
    this.stopReason = reason;
    if (this.settings.earlyStopping.patience > 0 && this.best.params) this.net.params.set(this.best.params);
    return { metrics: metrics as StepMetrics, epochEnd: null, stopped: reason };
  }
}

function assertDataFitsNetwork(net: Network, data: Dataset): void {
  if (data.inputSize !== net.spec.inputSize) {
    throw new Error(`data has ${data.inputSize} features but the network's input layer has ${net.spec.inputSize} units`);
  }
  const expectedTargets = net.isClassifier ? 1 : net.outputSize;
  if (data.targetSize !== expectedTargets) {
    throw new Error(`data has ${data.targetSize} target columns, the network expects ${expectedTargets}`);
  }
  if (net.isClassifier) {
    for (let i = 0; i < data.rows; i++) {
      const label = data.targets[i];
      if (!Number.isInteger(label) || label < 0 || label >= net.outputSize) {
        throw new Error(`row ${i + 1}: class index ${label} is outside 0..${net.outputSize - 1}`);
      }
    }
  }
}

/** Throws a readable message for settings the trainer cannot use (the ranges of the settings table). */
export function assertValidSettings(s: TrainSettings): void {
  assertValidSection('train', s);
}

/** Rows this long are copied as one block (set of a subarray); shorter ones element by element, cheaper than making a view. */
const BLOCK_COPY_MIN = 48;

/** to[toStart …] = from[fromStart …], `length` values. */
function copyRow(from: Floats, fromStart: number, to: Floats, toStart: number, length: number): void {
  if (length >= BLOCK_COPY_MIN) { to.set(from.subarray(fromStart, fromStart + length), toStart); return; }
  for (let j = 0; j < length; j++) to[toStart + j] = from[fromStart + j];
}
