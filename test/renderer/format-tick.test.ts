import { describe, expect, it } from 'vitest';
import { formatTick } from '../../src/renderer/studio/state/format';

describe('axis ticks for people', () => {
  it('drop float noise, group thousands and shorten tiny or huge values', () => {
    expect(formatTick(0.010000000000000005)).toBe('0.01');
    expect(formatTick(0.1 + 0.2)).toBe('0.3');
    expect(formatTick(12500)).toBe('12,500');
    expect(formatTick(0.0005)).toBe('5e-4');
    expect(formatTick(25_000_000)).toBe('2.5e+7');
    expect(formatTick(0)).toBe('0');
    expect(formatTick(-2.5)).toBe('-2.5');
  });

  it('the raw String(value) shows the noise this removes (negative control)', () => {
    expect(String(0.010000000000000005)).not.toBe(formatTick(0.010000000000000005));
  });
});

describe('dates for people', () => {
  it('a date column value (ms since 1970, UTC) shows as a day, or a day and time', async () => {
    const { formatDate } = await import('../../src/renderer/studio/state/format');
    expect(formatDate(Date.UTC(2023, 10, 14))).toBe('2023-11-14');
    expect(formatDate(Date.UTC(2023, 10, 14, 9, 30))).toBe('2023-11-14 09:30');
    expect(formatDate(NaN)).toBe('—');
    expect(String(Date.UTC(2023, 10, 14))).not.toBe(formatDate(Date.UTC(2023, 10, 14))); // negative control: the raw number
  });
});
