import { describe, expect, it } from 'vitest';
import { clipFormula, l1Formula, l2Formula, learningRateFormula } from '../../src/renderer/studio/state/formulas';
import type { LiveValues } from '../../src/renderer/studio/state/health.svelte';

const live: LiveValues = { weightSquares: 150, weightAbs: 300, gradNorm: 4, learningRate: 0.005, clippedShare: 0.5 };
const schedule = { name: 'step' as const, stepEvery: 10, gamma: 0.5, minLr: 0 };

describe('the settings’ formulas with live values', () => {
  it('write the L2 term out as λ₂ × ΣW² = its value', () => {
    expect(l2Formula(1e-4, live)).toBe('λ₂·ΣW² = 1e-4 × 150 = 0.015');
    expect(l1Formula(0.01, live)).toBe('λ₁·Σ|W| = 0.01 × 300 = 3');
  });

  it('show the bare formula before a run sent any value (negative control)', () => {
    expect(l2Formula(1e-4, null)).toBe('λ₂·ΣW²');
    expect(clipFormula({ mode: 'norm', threshold: 1 }, null)).toBe('g ← g·min(1, t/‖g‖), t = 1');
  });

  it('compare the clip threshold with the current norm and give the scale', () => {
    expect(clipFormula({ mode: 'norm', threshold: 1 }, live)).toBe('g ← g·min(1, t/‖g‖), t = 1: now ‖g‖ = 4 vs t = 1 → ×0.25; clipped on 50% of recent steps');
    expect(clipFormula({ mode: 'norm', threshold: 10 }, live)).not.toContain('→ ×');
  });

  it('give the schedule’s current learning rate', () => {
    expect(learningRateFormula(schedule, 0.01, live)).toBe('η = η₀·γ^⌊e/10⌋ = 0.01·0.5^⌊e/10⌋; now η = 0.005');
    expect(learningRateFormula({ ...schedule, name: 'constant' }, 0.01, live)).toBe('η = η₀ = 0.01');
  });
});
