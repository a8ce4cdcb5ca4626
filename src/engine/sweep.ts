/**
 * A small hyperparameter sweep: a grid (every combination) or a seeded random search over chosen values
 * of the learning rate, L2, dropout and width (a factor on every hidden layer's units).
 */
import { Random } from './random';
import type { TrainSettings } from './trainer';
import type { HiddenLayerSpec } from './network';

/** The values to try for each swept setting (an absent or empty list keeps the base value). */
export interface SweepSpace {
  learningRate?: number[];
  l2?: number[];
  dropout?: number[];
  width?: number[];
}

export type SweepKey = keyof SweepSpace;
export const SWEEP_KEYS: readonly SweepKey[] = ['learningRate', 'l2', 'dropout', 'width'];

/** One trial: a value for each swept setting. */
export type Trial = Partial<Record<SweepKey, number>>;

/** Every combination, in order (the last key varies fastest). */
export function gridTrials(space: SweepSpace): Trial[] {
  let trials: Trial[] = [{}];
  for (const key of SWEEP_KEYS) {
    const values = space[key];
    if (!values?.length) continue;
    trials = trials.flatMap((trial) => values.map((value) => ({ ...trial, [key]: value })));
  }
  return trials;
}

/** `count` trials, each value drawn uniformly from its list with Random(seed): the same seed, the same trials. */
export function randomTrials(space: SweepSpace, count: number, seed: number): Trial[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const trial: Trial = {};
    for (const key of SWEEP_KEYS) {
      const values = space[key];
      if (values?.length) trial[key] = values[rng.int(values.length)];
    }
    return trial;
  });
}

/** The trial's hidden layers (units × width, at least 1; dropout replaced) and settings (lr, L2 replaced). */
export function applyTrial(hidden: readonly HiddenLayerSpec[], settings: TrainSettings, trial: Trial): { hidden: HiddenLayerSpec[]; settings: TrainSettings } {
  return {
    hidden: hidden.map((layer) => ({
      ...layer,
      units: trial.width === undefined ? layer.units : Math.max(1, Math.round(layer.units * trial.width)),
      dropout: trial.dropout ?? layer.dropout,
    })),
    settings: { ...settings, learningRate: trial.learningRate ?? settings.learningRate, l2: trial.l2 ?? settings.l2 },
  };
}

/** "lr 0.01 · L2 0.001 · dropout 0.2 · width ×2": a trial in words. */
export function describeTrial(trial: Trial): string {
  const words: Record<SweepKey, (x: number) => string> = { learningRate: (x) => `lr ${x}`, l2: (x) => `L2 ${x}`, dropout: (x) => `dropout ${x}`, width: (x) => `width ×${x}` };
  return SWEEP_KEYS.filter((k) => trial[k] !== undefined).map((k) => words[k](trial[k]!)).join(' · ') || 'base settings';
}
