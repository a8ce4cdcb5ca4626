import { typedArrayKernels } from './typed-array';
import type { Kernels } from './types';
import { wasmSimdAvailable } from './modules';
import { createWasmKernels, type KernelHelperInit } from './wasm';

export type { Floats, Kernels, VectorKernels } from './types';
export { typedArrayKernels } from './typed-array';
export { WasmKernels, createWasmKernels, serveKernelHelper, vectorKernelsFor, type KernelHelperInit } from './wasm';
export { wasmFmaAvailable, wasmSimdAvailable } from './modules';

export const KERNEL_TIERS = ['auto', 'wasm-simd', 'typed-array'] as const;
/** Which hot loops to run: 'auto' picks WebAssembly SIMD where the runtime validates it, else typed arrays. */
export type KernelTier = (typeof KERNEL_TIERS)[number];

/** The tiers this runtime can run, fastest first. */
export function availableKernelTiers(): Exclude<KernelTier, 'auto'>[] {
  return wasmSimdAvailable() ? ['wasm-simd', 'typed-array'] : ['typed-array'];
}

/** Starts a helper thread serving serveKernelHelper(init): Node worker_threads, or a Web Worker. */
export type KernelHelperStarter = (init: KernelHelperInit) => void;

let helperStarter: KernelHelperStarter | null = null;

/**
 * A host that can start threads registers how (the engine imports no Node and no DOM); from then on a
 * network big enough to gain gets a second thread. null: one thread (the default).
 */
export function setKernelHelperStarter(start: KernelHelperStarter | null): void {
  helperStarter = start;
}

/** The weight count of a network's largest layer below which it stays on one thread (its matmuls are too small to split). */
export const THREADS_MIN_LAYER_WEIGHTS = 16_384;

/**
 * Kernels for one network. The WebAssembly tier is a new instance (its own memory) each call, so a
 * network's buffers are freed with it; asking for 'wasm-simd' where SIMD is missing falls back to typed
 * arrays. With a helper starter registered and a largest layer of at least THREADS_MIN_LAYER_WEIGHTS,
 * the instance splits its big matmuls and vector updates with a second thread (shared memory allowing).
 */
export function createKernels(tier: KernelTier = 'auto', options: { largestLayerWeights?: number } = {}): Kernels {
  if (tier === 'typed-array') return typedArrayKernels;
  const kernels = createWasmKernels();
  if (!kernels) return typedArrayKernels;
  if (helperStarter && (options.largestLayerWeights ?? 0) >= THREADS_MIN_LAYER_WEIGHTS) kernels.useThreads(helperStarter);
  return kernels;
}
