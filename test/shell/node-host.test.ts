/**
 * src/node-host: the helper-thread starter the CLI and the Electron utility process register. The
 * utility's bundled entry (out/main/kernel-helper.js) is checked in built-bundles.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Network, Trainer, defaultTrainSettings, type Dataset, type KernelHelperStarter, type Kernels, type ModelSpec, type WasmKernels } from '../../src/engine';
import { enableFastKernels, kernelLine, describeKernels, stopKernelThreads } from '../../src/node-host';

const tsxEntry = new URL('../../src/node-host/kernel-helper.worker.mjs', import.meta.url);
const started: Network[] = [];
afterEach(() => {
  started.splice(0).forEach((net) => stopKernelThreads(net.kernels));
});

/** inputs → hidden → 3 classes; 200 × 256 = 51,200 weights in the first layer (the split starts at 16,384). */
function network(inputSize: number, hidden: number, startHelper: KernelHelperStarter | null): Network {
  const spec: ModelSpec = { inputSize, hidden: [{ units: hidden, activation: 'relu', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' };
  const net = new Network(spec, { startHelper });
  started.push(net);
  return net;
}

function seededData(rows: number, inputSize: number): Dataset {
  let state = 99;
  const uniform = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const features = Float32Array.from({ length: rows * inputSize }, uniform);
  const targets = Float32Array.from({ length: rows }, (_, r) => (features[r * inputSize] > 0 ? 0 : features[r * inputSize + 1] > 0 ? 1 : 2));
  return { features, targets, rows, inputSize, targetSize: 1 };
}

/** Two epochs, batch 128: the first layer's matmuls (2·128·200·256 flops) are big enough to split. */
function trainedWeights(net: Network, data: Dataset): Float32Array {
  new Trainer(net, { ...defaultTrainSettings, epochs: 2, batchSize: 128, seed: 8 }, data).run();
  return Float32Array.from(net.params);
}

describe('fast kernels in a Node process', () => {
  it('gives a network with a 51,200-weight layer a helper thread that takes part of the work, bit for bit as one thread', () => {
    const data = seededData(1024, 200);
    const alone = network(200, 256, enableFastKernels({ threads: 1, helperEntry: tsxEntry }));
    expect(describeKernels(alone).threads).toBe(1);
    const oneThread = trainedWeights(alone, data);

    const net = network(200, 256, enableFastKernels({ threads: 2, helperEntry: tsxEntry }));
    const kernels = net.kernels as WasmKernels;
    expect(kernels.threads).toBe(2);
    expect(kernels.waitForHelper(30_000), 'the helper thread started').toBe(true);
    const twoThreads = trainedWeights(net, data);
    expect(kernels.helperJobs, 'jobs the helper ran').toBeGreaterThan(0);
    expect(Buffer.from(twoThreads.buffer).equals(Buffer.from(oneThread.buffer))).toBe(true);
  });

  it('keeps a network below 16,384 weights per layer and 8,192 parameters on one thread; a classifier above 8,192 trains in halves on two', () => {
    const small = network(40, 128, enableFastKernels({ threads: 2, helperEntry: tsxEntry })); // 5,120 + 384 weights
    expect(kernelLine(describeKernels(small))).toMatch(/^wasm-simd \(fma\) · 1 thread$/);
    const halves = network(100, 128, enableFastKernels({ threads: 2, helperEntry: tsxEntry })); // 12,800 + 384 weights
    expect(kernelLine(describeKernels(halves))).toMatch(/^wasm-simd \(fma\) · 2 threads$/);
  });

  it('says one thread and why when the kernels of a network in halves measured one thread faster, and two otherwise (negative control)', () => {
    const kernels = { name: 'wasm-simd', fma: true, threads: 2 } as Kernels;
    expect(kernelLine(describeKernels({ kernels, threadsInUse: 1 }))).toBe('wasm-simd (fma) · 1 thread (faster than 2 here)');
    expect(kernelLine(describeKernels({ kernels, threadsInUse: 2 }))).toBe('wasm-simd (fma) · 2 threads');
  });

  it('prints one line when the helper thread fails, and training goes on on this thread with the same bits', async () => {
    const data = seededData(128, 200);
    const oneThread = trainedWeights(network(200, 256, enableFastKernels({ threads: 1, helperEntry: tsxEntry })), data);

    const lines: string[] = [];
    const startHelper = enableFastKernels({ threads: 2, helperEntry: new URL('./no-such-helper.mjs', tsxEntry), warn: (line) => lines.push(line) });
    const net = network(200, 256, startHelper);
    await expect.poll(() => lines, { timeout: 30_000 }).toHaveLength(1);
    expect(lines[0]).toMatch(/^kernel helper thread failed \(.*no-such-helper\.mjs.*\); training goes on with one thread$/);
    const weights = trainedWeights(net, data);
    expect((net.kernels as WasmKernels).helperJobs).toBe(0);
    expect(Buffer.from(weights.buffer).equals(Buffer.from(oneThread.buffer))).toBe(true);
  });

  it('in a fresh process, turns on relaxed SIMD for this thread and the helper alike (fused multiply-add, same bits as one thread)', () => {
    const child = fileURLToPath(new URL('./fixtures/fast-kernels-child.ts', import.meta.url));
    const line = execFileSync(process.execPath, ['--import', 'tsx', child, '2'], { encoding: 'utf8' });
    expect(JSON.parse(line)).toMatchObject({ fma: true, threads: 2, ready: true, sameAsOneThread: true });
    expect(JSON.parse(line).helperJobs).toBeGreaterThan(0);
  });

  it('refuses a thread count other than 1 or 2', () => {
    expect(() => enableFastKernels({ threads: 3, helperEntry: tsxEntry })).toThrow('threads must be 1 or 2, got 3');
    expect(() => enableFastKernels({ threads: 0, helperEntry: tsxEntry })).toThrow('threads must be 1 or 2, got 0');
  });
});
