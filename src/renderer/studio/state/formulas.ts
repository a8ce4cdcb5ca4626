// The regularization, clipping and learning-rate formulas beside their settings, written out with the
// run's current values (from the engine's health event). Plain Unicode math: the page's CSP needs nothing more.
import type { ScheduleName, ScheduleSpec } from '../../../engine/optimizers';
import type { TrainSettings } from '../../../engine/trainer';
import { formatLogValue } from '../charts/log-ticks';
import type { LiveValues } from './health.svelte';

const num = formatLogValue;

/** λ·S = value, or the bare formula before a run has sent S. */
function penaltyLine(symbol: string, term: string, lambda: number, sum: number | null | undefined): string {
  if (sum === null || sum === undefined) return `${symbol}·${term}`;
  return `${symbol}·${term} = ${num(lambda)} × ${num(sum)} = ${num(lambda * sum)}`;
}

/** The L1 term λ₁·Σ|W| with the weights' current Σ|W|. */
export function l1Formula(l1: number, live: LiveValues | null): string {
  return penaltyLine('λ₁', 'Σ|W|', l1, live?.weightAbs);
}

/** The L2 term λ₂·ΣW² with the weights' current ΣW². */
export function l2Formula(l2: number, live: LiveValues | null): string {
  return penaltyLine('λ₂', 'ΣW²', l2, live?.weightSquares);
}

/** Clipping's rule and, while a run sends them, the current global norm against the threshold t. */
export function clipFormula(clipping: TrainSettings['clipping'], live: LiveValues | null): string {
  const t = clipping.threshold;
  const rule = { none: 'g unchanged (no clipping)', norm: `g ← g·min(1, t/‖g‖), t = ${num(t)}`, value: `g ← clamp(g, −t, t), t = ${num(t)}` }[clipping.mode];
  if (!live || !Number.isFinite(live.gradNorm)) return rule;
  const scale = clipping.mode === 'norm' && live.gradNorm > t ? ` → ×${num(t / live.gradNorm)}` : '';
  const share = clipping.mode === 'none' ? '' : `; clipped on ${Math.round(live.clippedShare * 100)}% of recent steps`;
  return `${rule}: now ‖g‖ = ${num(live.gradNorm)}${clipping.mode === 'none' ? '' : ` vs t = ${num(t)}`}${scale}${share}`;
}

/** Each schedule's rule for η at epoch e of E (as optimizers.ts's learningRateAt computes it). */
const scheduleRules: Record<ScheduleName, (s: ScheduleSpec, lr0: number) => string> = {
  constant: (_s, lr0) => `η = η₀ = ${num(lr0)}`,
  step: (s, lr0) => `η = η₀·γ^⌊e/${s.stepEvery}⌋ = ${num(lr0)}·${num(s.gamma)}^⌊e/${s.stepEvery}⌋`,
  cosine: (s, lr0) => `η = η_min + ½(η₀ − η_min)(1 + cos(π·e/E)), η₀ = ${num(lr0)}, η_min = ${num(s.minLr)}`,
};

/** The schedule's rule and, during a run, the learning rate the engine uses now. */
export function learningRateFormula(schedule: ScheduleSpec, learningRate: number, live: LiveValues | null): string {
  const rule = scheduleRules[schedule.name](schedule, learningRate);
  return live && Number.isFinite(live.learningRate) && schedule.name !== 'constant' ? `${rule}; now η = ${num(live.learningRate)}` : rule;
}
