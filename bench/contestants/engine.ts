import { Network, Trainer, createKernels, createWasmKernels, defaultTrainSettings, wasmFmaAvailable, type KernelTier, type Kernels } from '../../src/engine';
import { createTwoThreadKernels } from '../threads';
import { specOf, type Workload } from '../workloads';
import type { Contestant, Runner } from './types';

/**
 * The engine's own Trainer on one kernel tier (what the app runs: shuffle, gather, step, metrics). The
 * WebAssembly tier runs its fused multiply-add build where relaxed SIMD validates; `fma: false` forces
 * the plain multiply+add build (what a runtime without relaxed SIMD gets); `packed: false` the unpacked
 * matmul loops only (the bench's --compare-unpacked: the kernels before blocking and packing).
 */
export function engineContestant(tier: Exclude<KernelTier, 'auto'>, threads: 1 | 2 = 1, fma = true, packed = true): Contestant {
  const kernelsFor = (): Kernels | null => {
    if (threads === 1 && !packed) return createWasmKernels({ fma, packed: false });
    if (threads === 1) return tier === 'wasm-simd' && !fma ? createWasmKernels({ fma: false }) : createKernels(tier);
    const kernels = tier === 'wasm-simd' ? createTwoThreadKernels() : null;
    if (kernels && !kernels.waitForHelper(30_000)) { kernels.stopThreads(); return null; }
    return kernels;
  };
  return {
    name: `engine ${tier}${tier === 'wasm-simd' ? (fma && wasmFmaAvailable() ? ' fma' : ' mul+add') : ''}${packed ? '' : ' unpacked'}${threads === 2 ? ' ×2 threads' : ''}`,
    async unavailable() {
      if (threads === 2) {
        const kernels = kernelsFor();
        if (!kernels) return 'two threads need WebAssembly SIMD with a shared memory';
        kernels.dispose();
        return null;
      }
      return createKernels(tier).name === tier ? null : `${tier} kernels are not available in this runtime`;
    },
    async prepare(workload: Workload): Promise<Runner> {
      const kernels = kernelsFor()!;
      const net = new Network(specOf(workload), { kernels });
      const trainer = new Trainer(net, {
        ...defaultTrainSettings, epochs: 1_000_000, batchSize: workload.batchSize, learningRate: workload.learningRate,
        optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' }, seed: 1,
      }, workload.train);
      return {
        step: () => trainer.step().metrics.rows,
        dispose: () => kernels.dispose(),
      };
    },
  };
}
