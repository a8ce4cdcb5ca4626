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
import { Workspace, trainingPass } from './passes';
import { recordStep, type StepRecord } from './step-record';
import { Random, type RandomState } from './random';
import { assertDataFitsNetwork, gatherRows } from './trainer-data';
import { ChangeLog, type RunRecipe, type SettingsChange } from './settings-changes';
import { assertValidSection, sectionDefaults } from './settings-values';
import { applyPenalty, clipGradient, gradientNorms, normsOfSquares, penaltyValue, type Clipping } from './regularize';
import { copyWeights, probeStep, type StepProbe } from './unit-activity';

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

/** The table's defaults (settings.ts): Adam at lr 0.01, batch 32, 50 epochs, no penalties, seed 1. */
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
  /** on every `probeEvery`-th step: dead/saturated unit shares, ‖ΔW‖/‖W‖ and the weight sums (unit-activity.ts) */
  probe?: StepProbe;
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
export type { StepRecord };

export type StopReason = 'epochs' | 'early-stop' | 'non-finite' | 'stopped';

/**
 * Everything a trainer needs to continue bit-identically (copies, not views): position, generator, shuffle
 * order, the live weights, the optimizer's state, early stopping's best weights, and the epoch history.
 */
export interface TrainerState {
  settings: TrainSettings;
  epoch: number; batch: number; step: number;
  /** the current epoch's running sums (Σ loss·rows, Σ correct, rows) */
  epochLossSum: number; epochCorrect: number; epochRows: number;
  stopReason: StopReason | null;
  random: RandomState;
  order: Uint32Array;
  /** the weights training continues from (not the best ones a finished run shows) */
  params: Floats;
  optimizer: { step: number; buffers: Floats[] };
  best: { loss: number; epoch: number; params: Floats | null };
  history: EpochMetrics[];
  /** the run's recipe: its first settings, the changes so far and (replaying) those still to come */
  recipe: RunRecipe & { pending: SettingsChange[] };
}

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
  /** the weights before a probed step's update (made on the first probe) */
  private weightsBefore: Float64Array | null = null;
  readonly history: EpochMetrics[] = [];
  /** While true, each step keeps a copy of its buffers (StepRecord): the host sets it around a single Step. */
  recordSteps = false;
  private record: StepRecord | null = null;
  /** Every how many steps a step's metrics carry a `probe` (0 = never); a host sets it for the training-health view. */
  probeEvery = 0;
  /** the weights training stopped at, kept while a finished run shows its best weights */
  private liveParams: Floats | null = null;
  private readonly changeLog: ChangeLog;

  constructor(net: Network, settings: TrainSettings, train: Dataset, validation: Dataset | null = null,
    options: { initialize?: boolean; replay?: readonly SettingsChange[] } = {}) {
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
    this.changeLog = new ChangeLog(settings, options.replay);
    this.applyReplayed();
  }

  /** The recipe of this run: the settings it started with and each change with the step it took effect at. */
  get recipe(): RunRecipe {
    return this.changeLog.recipe;
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

  /** The last step's buffers when that step was recorded (recordSteps), else null. Read-only: the next recorded step reuses them. */
  get lastStep(): Readonly<StepRecord> | null {
    return this.record && this.record.step === this.stepCount ? this.record : null;
  }

  /** Changes hyperparameters between batches (epochs, lr, schedule, L1/L2, clipping, early stopping). */
  updateSettings(changes: LiveSettings): void {
    this.changeSettings(changes);
    this.changeLog.record(this.stepCount, changes);
  }

  /** Replays the recorded changes due after the steps done so far. */
  private applyReplayed(): void {
    for (const changes of this.changeLog.dueAt(this.stepCount)) {
      this.changeSettings(changes);
      this.changeLog.record(this.stepCount, changes);
    }
  }

  private changeSettings(changes: LiveSettings): void {
    const next = { ...this.settings, ...clonePlain(changes) };
    assertValidSettings(next);
    this.settings = next;
    if (this.stopReason === 'epochs' && this.epochIndex < next.epochs) {
      this.stopReason = null;
      // more epochs continue from where training was, not from the best weights the finished run showed
      if (this.liveParams) this.net.params.set(this.liveParams);
      this.liveParams = null;
    }
  }

  /** A copy of everything needed to continue this run exactly (see TrainerState). */
  snapshot(): TrainerState {
    const copy = (values: Floats): Floats => values.slice();
    const optimizer = this.optimizer.state();
    return {
      settings: this.currentSettings, epoch: this.epochIndex, batch: this.batchIndex, step: this.stepCount,
      epochLossSum: this.epochLossSum, epochCorrect: this.epochCorrect, epochRows: this.epochRows,
      stopReason: this.stopReason, random: this.rng.snapshot(), order: this.order.slice(),
      params: copy(this.liveParams ?? this.net.params),
      optimizer: { step: optimizer.step, buffers: optimizer.buffers.map(copy) },
      best: { loss: this.best.loss, epoch: this.best.epoch, params: this.best.params ? copy(this.best.params) : null },
      history: clonePlain(this.history),
      recipe: this.changeLog.snapshot(),
    };
  }

  /** Continues from a snapshot of a trainer on the same network shape, data and optimizer (checked). */
  restore(state: TrainerState): void {
    assertValidSettings(state.settings);
    if (JSON.stringify(state.settings.optimizer) !== JSON.stringify(this.settings.optimizer)) {
      throw new Error(`the checkpoint trains with ${state.settings.optimizer.name}, this trainer with ${this.settings.optimizer.name}`);
    }
    const size = this.net.params.length;
    if (state.params.length !== size) throw new Error(`the checkpoint has ${state.params.length} weights, the network ${size}`);
    if (state.order.length !== this.order.length) throw new Error(`the checkpoint shuffles ${state.order.length} rows, the training data has ${this.order.length}`);
    if (state.best.params && state.best.params.length !== size) throw new Error(`the checkpoint's best weights number ${state.best.params.length}, the network ${size}`);
    this.settings = clonePlain(state.settings);
    this.epochIndex = state.epoch; this.batchIndex = state.batch; this.stepCount = state.step;
    this.epochLossSum = state.epochLossSum; this.epochCorrect = state.epochCorrect; this.epochRows = state.epochRows;
    this.rng.restore(state.random);
    this.order.set(state.order);
    this.net.params.set(state.params);
    this.optimizer.restore(state.optimizer.step, state.optimizer.buffers);
    this.best = { loss: state.best.loss, epoch: state.best.epoch, params: null };
    if (state.best.params) (this.best.params = this.net.allocate(size)).set(state.best.params);
    this.history.splice(0, this.history.length, ...clonePlain(state.history));
    this.changeLog.restore(state.recipe);
    this.liveParams = null;
    this.stopReason = state.stopReason;
    if (state.stopReason) this.showBestWeights();
  }

  /** Ends training now (by the user); weights stay as they are. */
  stop(): void {
    if (!this.stopReason) this.stopReason = 'stopped';
  }

  /** One mini-batch: forward, loss, backward, penalty, clip, update, then any replayed change due. Covers every row each epoch. */
  step(): StepResult {
    const result = this.advance();
    this.applyReplayed(); // after the whole step (its epoch end included), as a change made between steps
    return result.stopped && !this.stopReason ? { ...result, stopped: null } : result;
  }

  private advance(): StepResult {
    if (this.stopReason) throw new Error(`training has ended (${this.stopReason})`);
    if (this.settings.epochs <= this.epochIndex) return this.finish('epochs', null);
    const { batchSize } = this.settings;
    if (this.batchIndex === 0 && this.settings.shuffle) this.rng.shuffle(this.order);
    const start = this.batchIndex * batchSize;
    const m = Math.min(batchSize, this.train.rows - start); // the last partial batch is kept
    gatherRows(this.train, this.order, start, m, this.ws.input, this.ws.targets, this.rowWeights, this.classWeights);
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

  private descend(m: number): StepMetrics {
    const net = this.net;
    const lr = this.learningRate;
    const { lossSum, correct, gradientSquares } = trainingPass(net, this.ws, m, this.rng, this.rowWeights);
    if (this.recordSteps) this.record = recordStep(this.record, this.net, this.ws, this.stepCount + 1, m);
    const penalty = { l1: this.settings.l1, l2: this.settings.l2 };
    const loss = lossSum / m + applyPenalty(net, penalty);
    // the pass's squares hold unless a penalty changed the gradients since
    const isPenalized = penalty.l1 !== 0 || penalty.l2 !== 0;
    const { layers: layerGradNorms, global: gradNorm } = gradientSquares && !isPenalized ? normsOfSquares(gradientSquares) : gradientNorms(net);
    let clipped = false;
    const isProbed = this.probeEvery > 0 && (this.stepCount + 1) % this.probeEvery === 0;
    let probe: StepProbe | undefined;
    if (Number.isFinite(loss) && Number.isFinite(gradNorm)) {
      clipped = clipGradient(net.grads, gradNorm, this.settings.clipping, net.kernels);
      if (isProbed) copyWeights(net, this.weightsBefore ??= new Float64Array(net.params.length));
      this.optimizer.update(net.params, net.grads, lr);
      if (isProbed) probe = probeStep(this.net, this.ws, this.weightsBefore!, m);
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
      ...(probe ? { probe } : {}),
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
    this.showBestWeights();
    return { metrics: metrics as StepMetrics, epochEnd: null, stopped: reason };
  }

  /** With early stopping on, a finished run shows its best weights; the live ones are kept to continue from. */
  private showBestWeights(): void {
    if (this.settings.earlyStopping.patience <= 0 || !this.best.params) return;
    (this.liveParams ??= this.net.allocate(this.net.params.length)).set(this.net.params);
    this.net.params.set(this.best.params);
  }
}

/** Throws a readable message for settings the trainer cannot use (the ranges of the settings table). */
export function assertValidSettings(s: TrainSettings): void {
  assertValidSection('train', s);
}
