import { clonePlain } from './plain';
import type { LiveSettings, TrainSettings } from './trainer';

/** One mid-run change: the live settings changed after `step` updates (0 = before the first). */
export interface SettingsChange {
  step: number;
  changes: LiveSettings;
}

/** A run's recipe beside its data and design: the settings it started with and every change since, with its step. */
export interface RunRecipe {
  initial: TrainSettings;
  changes: SettingsChange[];
}

/**
 * The change list of one run: what the user changed (recorded at the step it took effect) and, for a
 * replay, the recorded changes still to apply (each after the same number of steps as in the original run).
 */
export class ChangeLog {
  private first: TrainSettings;
  readonly recorded: SettingsChange[] = [];
  private pending: SettingsChange[];

  constructor(initial: TrainSettings, replay: readonly SettingsChange[] = []) {
    this.first = clonePlain(initial);
    this.pending = clonePlain([...replay]).sort((a, b) => a.step - b.step);
    for (const change of this.pending) {
      if (!Number.isInteger(change.step) || change.step < 0) throw new Error(`a recorded change's step must be a whole number ≥ 0, got ${change.step}`);
    }
  }

  /** Remembers a change made after `step` updates. */
  record(step: number, changes: LiveSettings): void {
    this.recorded.push({ step, changes: clonePlain(changes) });
  }

  /** The replayed changes due after `step` updates, removed from the pending list (in their recorded order). */
  dueAt(step: number): LiveSettings[] {
    const due: LiveSettings[] = [];
    while (this.pending.length > 0 && this.pending[0].step <= step) due.push(this.pending.shift()!.changes);
    return due;
  }

  /** The recipe so far (a copy). */
  get recipe(): RunRecipe {
    return { initial: clonePlain(this.first), changes: clonePlain(this.recorded) };
  }

  get initial(): TrainSettings {
    return clonePlain(this.first);
  }

  /** Everything, for a checkpoint. */
  snapshot(): RunRecipe & { pending: SettingsChange[] } {
    return { ...this.recipe, pending: clonePlain(this.pending) };
  }

  restore(state: RunRecipe & { pending: SettingsChange[] }): void {
    this.first = clonePlain(state.initial);
    this.recorded.splice(0, this.recorded.length, ...clonePlain(state.changes));
    this.pending = clonePlain(state.pending);
  }
}
