import { afterEach, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src/engine';
import { WARM_UP_STEPS, WarmKernels } from '../../src/engine-host/warm-kernels';
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

  it('warms up on both threads once the helper serves, then reports done', async () => {
    const start = starter();
    warm = new WarmKernels(start);
    let state = warm.warmUpSlice(8), waits = 0;
    while (state === 'waiting' && waits++ < 400) { await new Promise((resolve) => setTimeout(resolve, 25)); state = warm.warmUpSlice(8); }
    expect(state).toBe('more');
    let slices = 1;
    while (warm.warmUpSlice(8) === 'more') slices++;
    expect(slices + 1).toBe(Math.ceil(WARM_UP_STEPS / 8)); // the last slice of steps returns done
    const kernels = warm.network(spec(200, 128)).kernels as unknown as { helperJobs: number };
    expect(kernels.helperJobs).toBeGreaterThan(0); // the helper ran some of the warm-up's chunks
    expect(warm.warmUpSlice(8)).toBe('done');
  });

  it('does not warm up where the host starts no helper, nor after the session ended (negative controls)', () => {
    expect(new WarmKernels(null).warmUpSlice(8)).toBe('done');
    warm = new WarmKernels(starter());
    warm.dispose();
    expect(warm.warmUpSlice(8)).toBe('done');
    expect(warm.owns(warm.network(spec(4, 16)).kernels)).toBe(false);
  });

  it('stops warming up once a big network trains on the instance', () => {
    warm = new WarmKernels(starter());
    warm.network(spec(200, 128));
    expect(warm.warmUpSlice(8)).toBe('done');
  });
});

