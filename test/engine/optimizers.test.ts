import { describe, expect, it } from 'vitest';
import { createOptimizer, defaultOptimizer, learningRateAt, defaultSchedule } from '../../src/engine/optimizers';

const alloc = (n: number): Float64Array => new Float64Array(n);

describe('optimizers', () => {
  it('sgd steps against the gradient: w ← w − lr·g', () => {
    const w = Float64Array.from([1, -2]);
    createOptimizer({ ...defaultOptimizer, name: 'sgd' }, 2, alloc).update(w, Float64Array.from([0.5, -1]), 0.1);
    expect(Array.from(w)).toEqual([0.95, -1.9]);
  });

  it('classic momentum accumulates v = μv − lr·g', () => {
    const w = Float64Array.from([0]);
    const opt = createOptimizer({ ...defaultOptimizer, name: 'momentum', momentum: 0.9, momentumForm: 'classic' }, 1, alloc);
    opt.update(w, Float64Array.from([1]), 0.1); // v = −0.1
    opt.update(w, Float64Array.from([1]), 0.1); // v = −0.09 − 0.1 = −0.19
    expect(w[0]).toBeCloseTo(-0.29, 12);
  });

  it('the origin\'s momentum form averages v = βv + (1−β)g and steps w ← w − lr·v', () => {
    const w = Float64Array.from([0]);
    const opt = createOptimizer({ ...defaultOptimizer, name: 'momentum', momentum: 0.9, momentumForm: 'ema' }, 1, alloc);
    opt.update(w, Float64Array.from([1]), 0.1); // v = 0.1 → w = −0.01
    opt.update(w, Float64Array.from([1]), 0.1); // v = 0.19 → w = −0.029
    expect(w[0]).toBeCloseTo(-0.029, 12);
  });

  it('adam\'s first step has size lr in every coordinate (bias correction)', () => {
    const w = Float64Array.from([0, 0]);
    createOptimizer(defaultOptimizer, 2, alloc).update(w, Float64Array.from([3, -0.001]), 0.01);
    expect(w[0]).toBeCloseTo(-0.01, 6);
    expect(w[1]).toBeCloseTo(0.01, 5);
  });
});

describe('learning-rate schedules', () => {
  it('constant keeps the base rate', () => {
    expect(learningRateAt(defaultSchedule, 0.1, 37, 50)).toBe(0.1);
  });

  it('step multiplies by gamma every stepEvery epochs', () => {
    const schedule = { ...defaultSchedule, name: 'step' as const, stepEvery: 10, gamma: 0.5 };
    expect([0, 9, 10, 25].map((e) => learningRateAt(schedule, 0.1, e, 50))).toEqual([0.1, 0.1, 0.05, 0.025]);
  });

  it('cosine starts at the base rate, halves at mid-run and ends at minLr', () => {
    const schedule = { ...defaultSchedule, name: 'cosine' as const, minLr: 0 };
    expect(learningRateAt(schedule, 0.1, 0, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(schedule, 0.1, 5, 10)).toBeCloseTo(0.05, 12);
    expect(learningRateAt(schedule, 0.1, 10, 10)).toBeCloseTo(0, 12);
  });
});
