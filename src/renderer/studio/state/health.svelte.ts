import type { HealthWarning, TrainingHealth } from '../../../shared/protocol';
import type { ModelConfig } from './model-config.svelte';
import type { RunControl } from './run-control.svelte';

/** The settings' formulas' live values, from the engine's health event (null before a run sends one). */
export interface LiveValues {
  /** ΣW² and Σ|W| over the weight matrices at the last probe */
  weightSquares: number | null;
  weightAbs: number | null;
  /** the latest step's global gradient norm, before clipping */
  gradNorm: number;
  learningRate: number;
  clippedShare: number;
}

/** "clipping.threshold"-style paths and values of a nested change set (what ModelConfig.set takes). */
function settingPaths(changes: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(changes).flatMap(([key, value]) => (value !== null && typeof value === 'object'
    ? settingPaths(value as Record<string, unknown>, `${prefix}${key}.`) : [[`${prefix}${key}`, value] as [string, unknown]]));
}

/**
 * The run's training health as the engine host judged it (per-layer figures, warnings), and the one-click
 * fixes: a live fix goes to the designer and to the running engine at once (marked on the charts); a fix
 * that changes the design goes to the designer and trains a new run.
 */
export class HealthState {
  #health = $state.raw<TrainingHealth | null>(null);
  /** warnings whose fix was applied, by `code@step` */
  #applied = $state.raw<ReadonlySet<string>>(new Set());
  /** the latest event not yet shown: health arrives with the metrics (≤ 20 a second), the page shows it at the curves' pace */
  #pending: TrainingHealth | null = null;
  readonly #model: ModelConfig;
  readonly #run: RunControl;
  readonly #notify: (publish: () => void) => void;

  constructor(model: ModelConfig, run: RunControl, notify: (publish: () => void) => void = (publish) => publish()) {
    this.#model = model;
    this.#run = run;
    this.#notify = notify;
  }

  get health(): TrainingHealth | null { return this.#health; }
  warnings = $derived(this.#health?.warnings ?? []);
  liveValues = $derived<LiveValues | null>(this.#health ? {
    weightSquares: this.#health.weightSquares, weightAbs: this.#health.weightAbs, gradNorm: this.#health.gradNorm,
    learningRate: this.#health.learningRate, clippedShare: this.#health.clippedShare,
  } : null);

  receive(health: TrainingHealth): void {
    const isFirst = this.#pending === null;
    this.#pending = health;
    if (isFirst) this.#notify(() => this.#publish());
  }

  #publish(): void {
    if (this.#pending) this.#health = this.#pending;
    this.#pending = null;
  }

  /** A new run (or a reset): nothing to show until its first health event. */
  clear(): void {
    this.#pending = null;
    this.#health = null;
    this.#applied = new Set();
  }

  isApplied(warning: HealthWarning): boolean {
    return this.#applied.has(`${warning.code}@${warning.step}`);
  }

  /** Applies a warning's fix: live changes now (mid-run), or the design change with a new run. */
  async applyFix(warning: HealthWarning): Promise<void> {
    const { live, design } = warning.fix;
    const model = this.#model;
    for (const [path, value] of settingPaths(live ?? {})) model.set(path, value);
    if (design?.activation) model.hidden.forEach((_, layerIndex) => model.setActivation(layerIndex, design.activation!));
    if (design?.init) model.setInit(design.init);
    this.#applied = new Set([...this.#applied, `${warning.code}@${warning.step}`]);
    if (live && !design && this.#run.isRunActive) await this.#run.applyLiveChanges(live);
    else await this.#run.trainAgain();
  }
}
