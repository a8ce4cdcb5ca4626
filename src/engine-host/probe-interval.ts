// How often a studio run probes unit shares and update ratios for the health view: every PROBE_EVERY_STEPS
// steps on a small network, less often on a big one, whose probe (a float64 copy of every weight and a pass
// over them, in TypeScript) would otherwise cost a share of the training speed the bench does not pay.
import type { Network } from '../engine';
import { PROBE_EVERY_STEPS } from './health-rules';

/**
 * Weights probed per training step at most, on average: on the MNIST net (242,304 weights, batch 64) a probe
 * every 5th step cost ~8 % of the samples/s, every 25th (this budget) ~2 %.
 */
export const PROBED_WEIGHTS_PER_STEP = 10_000;

/** Steps between probes: max(PROBE_EVERY_STEPS, ⌈weights / PROBED_WEIGHTS_PER_STEP⌉). */
export function probeInterval(net: Network): number {
  const weights = net.layers.reduce((sum, layer) => sum + layer.weights.length, 0);
  return Math.max(PROBE_EVERY_STEPS, Math.ceil(weights / PROBED_WEIGHTS_PER_STEP));
}
