import type { EngineEvent, EpochSummary } from '../../../shared/protocol';
import { DecimatedSeries, type Point } from './decimated-series';

type MetricsEvent = Extract<EngineEvent, { type: 'metrics' }>;
type EpochEvent = Extract<EngineEvent, { type: 'epoch' }>;
/** the engine's answer to updateSettings (its request id is not needed here) */
type SettingsChangedEvent = Omit<Extract<EngineEvent, { type: 'settingsChanged' }>, 'requestId'>;

/** Per-epoch curves, x = epochs done (1-based). */
export interface EpochCurves {
  loss: Point[];
  valLoss: Point[];
  accuracy: Point[];
  valAccuracy: Point[];
  valR2: Point[];
}

/** Per-batch curves, x = step. */
export interface BatchCurves {
  loss: DecimatedSeries;
  learningRate: DecimatedSeries;
  gradNorm: DecimatedSeries;
  layerGradNorms: DecimatedSeries[];
  /** the steps whose gradient was clipped (the engine's per-step `clipped` flag) */
  clipSteps: number[];
}

/** A hyperparameter change during a run, drawn as a vertical line. */
export interface SettingsMark {
  step: number;
  /** fractional epochs done when it happened, for the per-epoch charts */
  epochX: number;
  label: string;
}

export interface Progress {
  epoch: number; // epochs done
  epochs: number;
  step: number;
  /** fractional epochs done at `step` */
  epochsFraction: number;
  samplesPerSecond: number;
  elapsedMs: number;
}

function emptyEpochCurves(): EpochCurves {
  return { loss: [], valLoss: [], accuracy: [], valAccuracy: [], valR2: [] };
}

function emptyBatchCurves(): BatchCurves {
  return { loss: new DecimatedSeries(), learningRate: new DecimatedSeries(), gradNorm: new DecimatedSeries(), layerGradNorms: [], clipSteps: [] };
}

/** Describes a change set for a mark: "lr 0.01 → 0.001". */
export function describeChanges(changes: Record<string, unknown>): string {
  const names: Record<string, string> = { learningRate: 'lr', epochs: 'epochs', l1: 'L1', l2: 'L2', schedule: 'schedule',
    clipping: 'clip', earlyStopping: 'early stop' };
  return Object.entries(changes).map(([key, value]) => {
    const shown = typeof value === 'object' && value !== null
      ? Object.values(value as Record<string, unknown>).join(' ')
      : String(value);
    return `${names[key] ?? key} ${shown}`;
  }).join(', ');
}

/** The settings changes as vertical lines on the per-step charts (x = the step after which each applied). */
export function stepMarksOf(curves: TrainingCurves): { x: number; label: string; kind: 'settings' }[] {
  return curves.marks.map((m) => ({ x: m.step, label: m.label, kind: 'settings' as const }));
}

/**
 * The live curves of the current run. Arrays are plain (not deeply reactive: chart.js instruments
 * them) and appended in place; `revision` is the signal that they grew. A reset makes new arrays.
 */
export class TrainingCurves {
  #epochCurves = $state.raw<EpochCurves>(emptyEpochCurves());
  #batchCurves = $state.raw<BatchCurves>(emptyBatchCurves());
  #marks = $state.raw<SettingsMark[]>([]);
  /** bumped when the per-epoch curves (or marks) grow */
  #epochRevision = $state(0);
  /** bumped when the per-batch curves (or marks) grow */
  #batchRevision = $state(0);
  /** how a revision bump is delivered: at once (tests), or paced (the studio, ≤ 5 a second) */
  readonly #notify: (bump: () => void) => void;
  #pendingEpoch = false;
  #pendingBatch = false;
  #progress = $state.raw<Progress>({ epoch: 0, epochs: 0, step: 0, epochsFraction: 0, samplesPerSecond: 0, elapsedMs: 0 });
  #bestEpoch = $state(0);
  /** fractional epochs done at the latest step (from the metrics' epochs column) */
  #epochsAtLastStep = 0;

  constructor(notify: (bump: () => void) => void = (bump) => bump()) {
    this.#notify = notify;
  }

  get epochCurves(): EpochCurves { return this.#epochCurves; }
  get batchCurves(): BatchCurves { return this.#batchCurves; }
  get marks(): SettingsMark[] { return this.#marks; }
  /** any growth at all */
  get revision(): number { return this.#epochRevision + this.#batchRevision; }
  get epochRevision(): number { return this.#epochRevision; }
  get batchRevision(): number { return this.#batchRevision; }
  get progress(): Progress { return this.#progress; }
  get bestEpoch(): number { return this.#bestEpoch; }

  hasData = $derived(this.revision > 0 && (this.#batchCurves.loss.rawCount > 0 || this.#epochCurves.loss.length > 0));
  stepsPerEpoch = $derived(this.#progress.epochsFraction > 0 ? this.#progress.step / this.#progress.epochsFraction : 0);
  /** 0..1 of the planned steps */
  fraction = $derived(this.#fractionDone());
  timeLeftMs = $derived(this.#estimateTimeLeft());

  /** Called after every reset (the run's health empties with its curves). */
  onReset: (() => void) | null = null;

  /** Empties every curve for a new run of `epochs` epochs. */
  reset(epochs: number): void {
    this.#epochCurves = emptyEpochCurves();
    this.#batchCurves = emptyBatchCurves();
    this.#marks = [];
    this.#bestEpoch = 0;
    this.#epochsAtLastStep = 0;
    this.#lastStep = 0;
    this.#lastSamplesPerSecond = 0;
    this.#runSamplesPerSecond = 0;
    this.#lastEpoch = null;
    this.#pendingEpoch = false;
    this.#pendingBatch = false;
    this.#progress = { epoch: 0, epochs, step: 0, epochsFraction: 0, samplesPerSecond: 0, elapsedMs: 0 };
    this.#epochRevision++;
    this.#batchRevision++;
    this.onReset?.();
  }

  /** Appends a batch of steps (parallel arrays; layerGradNorms holds one array per layer). */
  appendMetrics(event: MetricsEvent): void {
    const batch = this.#batchCurves;
    const n = event.steps.length;
    if (n === 0) return;
    while (batch.layerGradNorms.length < event.layerGradNorms.length) batch.layerGradNorms.push(new DecimatedSeries());
    for (let i = 0; i < n; i++) {
      const step = event.steps[i];
      batch.loss.push(step, event.loss[i]);
      batch.learningRate.push(step, event.learningRate[i]);
      batch.gradNorm.push(step, event.gradNorm[i]);
      if (event.clipped[i]) batch.clipSteps.push(step);
      for (let layer = 0; layer < event.layerGradNorms.length; layer++) {
        batch.layerGradNorms[layer].push(step, event.layerGradNorms[layer][i]);
      }
    }
    const lastStep = event.steps[n - 1];
    this.#epochsAtLastStep = event.epochs[n - 1];
    this.#lastStep = lastStep;
    this.#lastSamplesPerSecond = event.samplesPerSecond || this.#lastSamplesPerSecond;
    this.#bump('batch');
  }

  /** Appends the epochs an event reports: folded earlier ones first, then its own. */
  appendEpoch(event: EpochEvent): void {
    for (const summary of event.earlier ?? []) this.#appendEpochSummary(summary);
    this.#appendEpochSummary(event);
    this.#bump('epoch');
  }

  #appendEpochSummary(summary: EpochSummary): void {
    const curves = this.#epochCurves;
    const x = summary.epoch;
    if (curves.loss.length > 0 && curves.loss[curves.loss.length - 1].x >= x) return; // already charted
    curves.loss.push({ x, y: summary.loss });
    if (summary.valLoss !== null) curves.valLoss.push({ x, y: summary.valLoss });
    if (summary.accuracy !== null) curves.accuracy.push({ x, y: summary.accuracy });
    if (summary.valAccuracy !== null) curves.valAccuracy.push({ x, y: summary.valAccuracy });
    if (summary.valR2 !== null) curves.valR2.push({ x, y: summary.valR2 });
    this.#lastEpoch = summary;
    if (summary.samplesPerSecond > 0) this.#runSamplesPerSecond = summary.samplesPerSecond;
  }

  #lastStep = 0;
  #lastSamplesPerSecond = 0;
  /** the run's average samples/s, as the latest epoch summary reports it (0 until one does) */
  #runSamplesPerSecond = 0;
  #lastEpoch: EpochSummary | null = null;

  /** Publishes what arrived since the last bump: progress, best epoch and a new revision. */
  #bump(kind: 'epoch' | 'batch'): void {
    const isFirst = !this.#pendingEpoch && !this.#pendingBatch;
    if (kind === 'epoch') this.#pendingEpoch = true;
    else this.#pendingBatch = true;
    if (isFirst) this.#notify(() => this.#publish());
  }

  #publish(): void {
    const epoch = this.#lastEpoch;
    this.#progress = {
      ...this.#progress,
      step: this.#lastStep,
      epochsFraction: this.#epochsAtLastStep,
      // the run's average (rows ÷ time inside its training slices) from the latest epoch on; before the first epoch ends, the latest metrics window's rate
      samplesPerSecond: this.#runSamplesPerSecond || this.#lastSamplesPerSecond || this.#progress.samplesPerSecond,
      ...(epoch ? { epoch: epoch.epoch, epochs: epoch.epochs, elapsedMs: epoch.elapsedMs } : {}),
    };
    if (epoch) this.#bestEpoch = epoch.bestEpoch;
    this.#lastEpoch = null;
    if (this.#pendingEpoch) this.#epochRevision++;
    if (this.#pendingBatch) this.#batchRevision++;
    this.#pendingEpoch = false;
    this.#pendingBatch = false;
  }

  /** Publishes anything still waiting (a run ended, a mark must land on what is drawn). */
  flush(): void {
    if (this.#pendingEpoch || this.#pendingBatch) this.#publish();
  }

  /** The total planned epochs changed (a live setting). */
  setPlannedEpochs(epochs: number): void {
    this.#progress = { ...this.#progress, epochs };
  }

  markSettingsChange(event: SettingsChangedEvent): void {
    this.flush();
    const perEpoch = this.stepsPerEpoch;
    // the change applies after the latest step; place it at that step's fractional epoch
    const epochX = perEpoch > 0 ? this.#progress.epochsFraction + (event.step - this.#progress.step) / perEpoch : Math.max(event.epoch, this.#progress.epoch);
    this.#marks = [...this.#marks, { step: event.step, epochX, label: describeChanges(event.changes) }];
    if (typeof event.changes.epochs === 'number') this.setPlannedEpochs(event.changes.epochs);
    this.#epochRevision++;
    this.#batchRevision++;
  }

  /** Plain per-epoch arrays for the run history. */
  snapshot(): EpochCurves {
    const copy = (points: Point[]): Point[] => points.map((p) => ({ x: p.x, y: p.y }));
    const c = this.#epochCurves;
    return { loss: copy(c.loss), valLoss: copy(c.valLoss), accuracy: copy(c.accuracy), valAccuracy: copy(c.valAccuracy), valR2: copy(c.valR2) };
  }

  #fractionDone(): number {
    const { epochs, epoch } = this.#progress;
    if (epochs <= 0) return 0;
    return Math.min(1, Math.max(epoch, this.#progress.epochsFraction) / epochs);
  }

  #estimateTimeLeft(): number | null {
    const { epoch, epochs, elapsedMs } = this.#progress;
    if (epoch <= 0 || elapsedMs <= 0) return null;
    return Math.max(0, (elapsedMs / epoch) * (epochs - epoch));
  }
}
