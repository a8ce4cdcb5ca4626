import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThrottledFetch } from '../../src/renderer/studio/state/throttled-fetch';
import { describeCuts } from '../../src/renderer/studio/views/diagram-draw';

describe('a view\'s throttled fetch', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('serves many pokes within the interval with one fetch now and one at the interval\'s end', async () => {
    let calls = 0;
    const fetch = new ThrottledFetch(async () => { calls++; }, 400, () => Date.now());
    fetch.poke();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i++) { fetch.poke(); await vi.advanceTimersByTimeAsync(30); }
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(calls).toBe(2); // the pokes that waited were not lost, and not served ten times
  });

  it('never runs two fetches at once, and fetches no more after dispose', async () => {
    let running = 0, most = 0, calls = 0;
    let release: () => void = () => {};
    const fetch = new ThrottledFetch(() => { calls++; running++; most = Math.max(most, running); return new Promise<void>((r) => { release = () => { running--; r(); }; }); }, 0, () => Date.now());
    fetch.poke(); fetch.poke(); fetch.poke();
    expect(calls).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(2);
    expect(most).toBe(1);
    fetch.dispose();
    release();
    fetch.poke();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
  });
});

describe('the diagram\'s caption', () => {
  const layer = (size: number, shown: number) => ({ size, shown: Array.from({ length: shown }, (_, i) => i), names: [] });
  it('says which layers show only their strongest units and how many edges each unit keeps', () => {
    const view = { step: 1, layers: [layer(673, 24), layer(128, 24), layer(10, 10)], edges: [], maxAbsWeight: 1, edgesPerUnit: 8 };
    expect(describeCuts(view)).toEqual(['showing the 24 strongest units (by Σ|w|) of 673, 128', 'top 8 edges per unit of 24']);
  });

  it('says nothing when every unit and edge is drawn (negative control)', () => {
    expect(describeCuts({ step: 1, layers: [layer(4, 4), layer(6, 6), layer(3, 3)], edges: [], maxAbsWeight: 1, edgesPerUnit: 8 })).toEqual([]);
  });
});
