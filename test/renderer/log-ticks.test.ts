import { describe, expect, it } from 'vitest';
import { MAX_LOG_LABELS, decadeStep, formatLogTick, formatLogValue } from '../../src/renderer/studio/charts/log-ticks';

describe('the gradient-norm axis labels', () => {
  it('label every decade from 1e-6 to 1e2 readably', () => {
    const decades = [-6, -5, -4, -3, -2, -1, 0, 1, 2].map((k) => 10 ** k);
    expect(decades.map((d) => formatLogTick(d))).toEqual(['1e-6', '1e-5', '1e-4', '1e-3', '0.01', '0.1', '1', '10', '100']);
  });

  it('never label a small decade as zero (the old axis read "0.0000" there)', () => {
    for (let k = -12; k <= -3; k++) {
      const label = formatLogTick(10 ** k);
      expect(label).toBe(`1e${k}`);
      expect(Number(label) / 10 ** k).toBeCloseTo(1, 12);
      expect(label).not.toMatch(/^0\.0+$/);
    }
  });

  it('keep powers of ten past 100 in exponent form', () => {
    expect(formatLogTick(1e3)).toBe('1e3');
    expect(formatLogTick(1e5)).toBe('1e5');
  });

  it('leave the ticks between decades unlabelled, and label nothing for 0, negatives or NaN (negative controls)', () => {
    expect(formatLogTick(2e-6)).toBe('');
    expect(formatLogTick(5)).toBe('');
    expect(formatLogTick(0)).toBe('');
    expect(formatLogTick(-1)).toBe('');
    expect(formatLogTick(NaN)).toBe('');
  });
});

describe('a log axis over many decades', () => {
  const axis = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => 10 ** (from + i))
    .flatMap((decade) => [decade, 2 * decade, 5 * decade]);

  it('labels every decade of 1e-7 … 1e3 (eleven) every other one, and every one of 1e-3 … 1e2', () => {
    expect(decadeStep(axis(-7, 3))).toBe(2);
    expect(decadeStep(axis(-3, 2))).toBe(1);
  });

  it('keeps at most MAX_LOG_LABELS labels on an axis of 37 decades', () => {
    const ticks = axis(-32, 5);
    const step = decadeStep(ticks);
    const labels = ticks.map((t) => formatLogTick(t, step)).filter((label) => label !== '');
    expect(labels.length).toBeLessThanOrEqual(MAX_LOG_LABELS);
    expect(labels.length).toBeGreaterThan(MAX_LOG_LABELS / 2);
    expect(ticks.map((t) => formatLogTick(t, 1)).filter((label) => label !== '').length).toBe(38); // negative control: unthinned
  });
});

describe('log-scale values in the health table', () => {
  it('keep three significant digits, with an exponent for tiny and huge values', () => {
    expect(formatLogValue(4.2345e-7)).toBe('4.2e-7');
    expect(formatLogValue(0.015312)).toBe('0.0153');
    expect(formatLogValue(12.54)).toBe('12.5');
    expect(formatLogValue(312000)).toBe('3.1e5');
    expect(formatLogValue(1e-4)).toBe('1e-4');
    expect(formatLogValue(0)).toBe('0');
  });
});
