import { afterEach, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src/engine';
import { WarmKernels } from '../../src/engine-host/warm-kernels';
import { enableFastKernels } from '../../src/node-host';

// A session keeps one two-thread kernel instance warm across runs: a second big network starts no new
// helper thread; small networks stay on their own one-thread kernels.

const spec = (inputSize: number, units: number): ModelSpec => ({
  inputSize, hidden: [{ units, activation: 'relu', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto',
});
const starter = () => enableFastKernels({ threads: 2, helperEntry: new URL('../../src/node-host/kernel-helper.worker.mjs', import.meta.url) });

let warm: WarmKernels | null = null;
afterEach(() => warm?.dispose());

describe('warm kernels across runs', () => {
  it('trains every big network of a session on the same two-thread kernels', () => {
    let helpersStarted = 0;
    const start = starter();
    warm = new WarmKernels(start ? (init) => { helpersStarted++; start(init); } : null);
    const first = warm.network(spec(200, 128)), second = warm.network(spec(300, 64)); // 25,600 and 19,200 weights
    expect(first.kernels.threads).toBe(2);
    expect(second.kernels).toBe(first.kernels);
    expect(warm.owns(second.kernels)).toBe(true);
    expect(helpersStarted).toBe(1);
  });

  it('gives a small network its own one-thread kernels, which the session may end (negative control)', () => {
    warm = new WarmKernels(starter());
    const big = warm.network(spec(200, 128)), small = warm.network(spec(4, 16));
    expect(small.kernels).not.toBe(big.kernels);
    expect(small.kernels.threads).toBe(1);
    expect(warm.owns(small.kernels)).toBe(false);
  });

  it('ends the warm helper thread when the session ends', () => {
    warm = new WarmKernels(starter());
    const net = warm.network(spec(200, 128));
    warm.dispose();
    expect(net.kernels.threads).toBe(1);
    expect(warm.owns(net.kernels)).toBe(false);
  });
});
