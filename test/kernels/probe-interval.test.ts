import { describe, expect, it } from 'vitest';
import { Network, type ModelSpec } from '../../src/engine';
import { PROBE_EVERY_STEPS } from '../../src/engine-host/health-rules';
import { PROBED_WEIGHTS_PER_STEP, probeInterval } from '../../src/engine-host/probe-interval';

// The studio's health probe reads every weight in TypeScript: a big network probes less often so the studio
// keeps the bench's training speed; a small one keeps the usual interval (its warnings come as early as before).

const spec = (sizes: number[]): ModelSpec => ({
  inputSize: sizes[0], hidden: sizes.slice(1, -1).map((units) => ({ units, activation: 'relu' as const, dropout: 0 })),
  output: { units: sizes.at(-1)!, activation: 'softmax' }, init: 'auto',
});

describe('health probe interval', () => {
  it('probes a small network every PROBE_EVERY_STEPS steps, as before', () => {
    expect(probeInterval(new Network(spec([4, 16, 16, 3])))).toBe(PROBE_EVERY_STEPS);
    expect(probeInterval(new Network(spec([10, 128, 64, 32, 3])))).toBe(PROBE_EVERY_STEPS); // the origin's, 11,616 weights
  });

  it('probes the MNIST net (242,304 weights) every 25th step: at most PROBED_WEIGHTS_PER_STEP weights per step', () => {
    const interval = probeInterval(new Network(spec([784, 256, 128, 64, 10])));
    expect(interval).toBe(25);
    expect(242_304 / interval).toBeLessThanOrEqual(PROBED_WEIGHTS_PER_STEP);
    expect(242_304 / (interval - 1)).toBeGreaterThan(PROBED_WEIGHTS_PER_STEP); // the smallest such interval
  });
});
