/**
 * Smith's learning-rate range test: one short run whose rate grows exponentially every mini-batch,
 * lr_i = lo·(hi/lo)^(i/(n−1)), recording the loss. The suggestion is the midpoint on the log scale of two
 * usual picks: the rate where the smoothed loss falls fastest, and the rate of the lowest smoothed loss ÷ 10
 * (alone, the first is noisy low and the second high on small data: measured on iris and digits, six seeds each).
 */
import type { Dataset } from './dataset';
import type { Network } from './network';
import { Trainer, type TrainSettings } from './trainer';

export interface LrFindOptions {
  /** first and last rate of the sweep */
  minLr: number;
  maxLr: number;
  /** mini-batches in the sweep (one rate each) */
  steps: number;
  /** smoothing of the loss: s_i = β·s_{i−1} + (1 − β)·loss_i, bias-corrected by 1 − β^i */
  beta: number;
  /** the sweep stops once the smoothed loss exceeds this many times its lowest value (it has diverged) */
  divergeFactor: number;
}

export const defaultLrFindOptions: LrFindOptions = { minLr: 1e-6, maxLr: 1, steps: 100, beta: 0.9, divergeFactor: 4 };

export interface LrFindResult {
  rates: number[];
  losses: number[];
  smoothed: number[];
  /** √(steepestRate · minLossRate/10) */
  suggested: number;
  /** the rate of the lowest smoothed loss */
  minLossRate: number;
  /** the rate where the smoothed loss falls fastest per log-rate (slope over ±8 steps, past the first tenth) */
  steepestRate: number;
}

/** Half-width of the centred difference d(smoothed)/d(log lr) (wide: single mini-batches are noisy). */
const SLOPE_HALF_WIDTH = 8;

/** The index where (s[i+h] − s[i−h]) / (log r[i+h] − log r[i−h]) is most negative, for i past the first tenth and before `end`. */
export function steepestDescentIndex(rates: readonly number[], smoothed: readonly number[], end: number, h = SLOPE_HALF_WIDTH): number {
  let at = -1, best = Infinity;
  for (let i = Math.max(h, Math.ceil(smoothed.length / 10)); i < end && i + h < smoothed.length; i++) {
    const slope = (smoothed[i + h] - smoothed[i - h]) / (Math.log(rates[i + h]) - Math.log(rates[i - h]));
    if (slope < best) { best = slope; at = i; }
  }
  return at;
}

/** lo·(hi/lo)^(i/(n−1)) for i = 0 … n−1. */
export function exponentialRates(lo: number, hi: number, n: number): number[] {
  if (!(lo > 0 && hi > lo && n >= 2)) throw new Error(`the rate range needs 0 < min < max and at least 2 steps, got ${lo}, ${hi}, ${n}`);
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
}

/** Runs the range test on a fresh initialization of `net` (its weights are overwritten). */
export function lrRangeTest(net: Network, settings: TrainSettings, train: Dataset, options: Partial<LrFindOptions> = {}): LrFindResult {
  const o = { ...defaultLrFindOptions, ...options };
  const rates = exponentialRates(o.minLr, o.maxLr, o.steps);
  const trainer = new Trainer(net, { ...settings, epochs: 1_000_000, learningRate: rates[0], schedule: { ...settings.schedule, name: 'constant' }, earlyStopping: { patience: 0, minDelta: 0 } }, train, null);
  const result: LrFindResult = { rates: [], losses: [], smoothed: [], suggested: Number.NaN, minLossRate: Number.NaN, steepestRate: Number.NaN };
  let average = 0, best = Infinity;
  for (let i = 0; i < rates.length && !trainer.isDone; i++) {
    trainer.updateSettings({ learningRate: rates[i] });
    const { metrics } = trainer.step();
    if (!Number.isFinite(metrics.loss)) break;
    average = o.beta * average + (1 - o.beta) * metrics.loss;
    const smooth = average / (1 - o.beta ** (i + 1));
    result.rates.push(rates[i]); result.losses.push(metrics.loss); result.smoothed.push(smooth);
    if (smooth < best) { best = smooth; result.minLossRate = rates[i]; }
    if (smooth > o.divergeFactor * best) break;
  }
  const steepest = steepestDescentIndex(result.rates, result.smoothed, result.rates.indexOf(result.minLossRate));
  result.steepestRate = steepest >= 0 ? result.rates[steepest] : result.minLossRate / 10;
  result.suggested = Math.sqrt(result.steepestRate * (result.minLossRate / 10));
  return result;
}
