import { describe, expect, it } from 'vitest';
import { describeCoreLatency, measureCoreLatency } from '../../bench/core-latency';

describe('the bench\'s core-to-core latency probe', () => {
  it('measures a one-way hand-over between two threads in tens to hundreds of nanoseconds', async () => {
    const ns = await measureCoreLatency(1, 2_000);
    expect(Number.isFinite(ns)).toBe(true);
    expect(ns).toBeGreaterThan(1); // a line cannot cross cores in under a nanosecond
    expect(ns).toBeLessThan(1_000_000); // generous: a loaded machine deschedules the worker now and then
  });

  it('reads a short latency as cores under one L3 and a long one as cores far apart', () => {
    expect(describeCoreLatency(62)).toBe('62 ns (cores under one L3)');
    expect(describeCoreLatency(189)).toBe('189 ns (cores far apart: separate L3s?)');
    expect(describeCoreLatency(Number.NaN)).toBe('not measured'); // negative control: no figure, no verdict
  });
});
