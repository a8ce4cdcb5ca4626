import { predict, regressionScores, type EpochMetrics, type StepResult, type StopReason, type Trainer } from '../engine';
import type { EngineEvent, EpochSummary } from '../shared/protocol';
import { HealthMonitor } from './health-monitor';
import { MetricsBatch } from './metrics-batch';
import { createYield } from './port';
import { probeInterval } from './probe-interval';

export interface PacingOptions {
  /** How long one slice of synchronous steps may run before the loop yields to incoming messages. */
  sliceMs: number;
  /** Minimum time between two `metrics` events (50 ms = 20 a second). */
  metricsIntervalMs: number;
  now: () => number;
}

export const defaultPacing: PacingOptions = { sliceMs: 10, metricsIntervalMs: 50, now: () => performance.now() };

type Emit = (event: EngineEvent, transfer?: ArrayBuffer[]) => void;

/**
 * One training run paced by the host: steps the trainer in slices of ~sliceMs, yields between
 * slices so pause/stop/updateSettings are handled between batches, and emits throttled, batched
 * `metrics` plus `epoch` events. `onFinish` is called once with the reason training ended.
 */
export class TrainingRun {
  private running = false;
  private scheduled = false;
  private finished = false;
  private lastStep = 0;
  private activeMs = 0;
  private rowsTrained = 0;
  private sliceStartedAt = 0;
  private lastFlushAt: number;
  private readonly batch = new MetricsBatch();
  private readonly pendingEpochs: EpochSummary[] = [];
  private readonly yieldThen = createYield();
  private readonly health: HealthMonitor;

  constructor(readonly trainer: Trainer, private readonly emit: Emit, private readonly onFinish: (reason: StopReason) => void,
    private readonly pacing: PacingOptions = defaultPacing,
    /** by time after each slice, and at each pause and at the end */
    readonly checkpoints: { tick(): void; now(): void } | null = null) {
    this.lastFlushAt = pacing.now();
    trainer.probeEvery = probeInterval(trainer.net);
    this.health = new HealthMonitor(trainer.net.spec.hidden.map((h) => h.activation), () => trainer.currentSettings);
  }

  get isRunning(): boolean { return this.running; }
  get isFinished(): boolean { return this.finished; }
  get step(): number { return this.lastStep; }
  get epoch(): number { return this.trainer.epochsDone; }

  /** Starts or resumes stepping. */
  play(): void {
    if (this.finished || this.running) return;
    this.running = true;
    this.schedule();
  }

  /**
   * Stops stepping after the batch in progress; sends what was collected. The pause's checkpoint is taken
   * just after (encoding a big run's checkpoint takes ~100 ms): the page hears "paused" first.
   */
  pause(): void {
    this.running = false;
    this.flush();
    this.yieldThen(() => { if (!this.running) this.checkpoints?.now(); });
  }

  /** Sends a resumed run's earlier epochs as one `epoch` event (the page redraws its curves from them). */
  replayHistory(): void {
    const summaries = this.trainer.history.map((e): EpochSummary => ({
      ...e, valR2: null, epochs: this.trainer.currentSettings.epochs, elapsedMs: 0, samplesPerSecond: 0,
    }));
    const latest = summaries.pop();
    if (latest) this.emit({ type: 'epoch', ...latest, ...(summaries.length > 0 ? { earlier: summaries } : {}) });
  }

  /** Exactly one mini-batch (while paused), its metrics sent at once. */
  stepOnce(): void {
    if (this.finished || this.running) return;
    const started = this.pacing.now();
    this.trainer.recordSteps = true; // a single Step keeps its buffers for the backprop inspector
    try {
      this.apply(this.trainer.step());
    } finally {
      this.trainer.recordSteps = false;
    }
    this.activeMs += this.pacing.now() - started;
    this.flush();
  }

  /** Ends the run by the user's request; weights stay as they are. */
  stop(): void {
    if (this.finished) return;
    this.trainer.stop();
    this.end('stopped');
  }

  /** Applies hyperparameter changes between batches; a run that ended on its epoch count may continue when epochs grow. */
  updateSettings(changes: Parameters<Trainer['updateSettings']>[0]): void {
    this.trainer.updateSettings(changes);
    if (this.finished && !this.trainer.isDone) this.finished = false;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.yieldThen(() => this.slice());
  }

  private slice(): void {
    this.scheduled = false;
    if (!this.running || this.finished) return;
    const { now, sliceMs, metricsIntervalMs } = this.pacing;
    this.sliceStartedAt = now();
    const deadline = this.sliceStartedAt + sliceMs;
    try {
      do {
        if (this.apply(this.trainer.step())) return;
      } while (now() < deadline);
    } catch (error) {
      this.emit({ type: 'error', code: 'training-failed', message: (error as Error).message, line: null, column: null });
      this.trainer.stop();
      this.end('stopped');
      return;
    } finally {
      this.activeMs += now() - this.sliceStartedAt;
    }
    if (now() - this.lastFlushAt >= metricsIntervalMs) this.flush();
    this.checkpoints?.tick();
    this.schedule();
  }

  /** Records one step's result; true when training ended with it. */
  private apply(result: StepResult): boolean {
    if (result.metrics) {
      this.batch.add(result.metrics, this.pacing.now());
      this.health.observe(result.metrics);
      this.lastStep = result.metrics.step;
      this.rowsTrained += result.metrics.rows;
    }
    if (result.epochEnd) this.pendingEpochs.push(this.epochSummary(result.epochEnd));
    if (!result.stopped) return false;
    this.end(result.stopped);
    return true;
  }

  private epochSummary(metrics: EpochMetrics): EpochSummary {
    const elapsedMs = this.activeMs + (this.running ? this.pacing.now() - this.sliceStartedAt : 0);
    return {
      ...metrics, valR2: this.validationR2(), epochs: this.trainer.currentSettings.epochs,
      elapsedMs, samplesPerSecond: (this.rowsTrained * 1000) / Math.max(1, elapsedMs),
    };
  }

  /** R² on the validation split for a regressor (the same on standardized and original units). */
  private validationR2(): number | null {
    const { net, validation } = this.trainer;
    if (net.isClassifier || !validation) return null;
    return regressionScores(validation.targets, predict(net, validation.features, validation.rows), net.outputSize).r2;
  }

  private flush(): void {
    this.lastFlushAt = this.pacing.now();
    const taken = this.batch.take(this.lastFlushAt, this.trainer.net.threadsInUse);
    if (taken) this.emit(taken.event, taken.transfer);
    const health = this.health.take();
    if (health) this.emit({ type: 'health', ...health });
    const epochs = this.pendingEpochs.splice(0);
    const latest = epochs.pop();
    if (latest) this.emit({ type: 'epoch', ...latest, ...(epochs.length > 0 ? { earlier: epochs } : {}) });
  }

  private end(reason: StopReason): void {
    this.running = false;
    this.finished = true;
    this.flush();
    this.checkpoints?.now();
    this.onFinish(reason);
  }
}
