import { typedArrayKernels } from './typed-array';
import type { Kernels } from './types';
import { wasmSimdAvailable } from './modules';
import { createWasmKernels, type KernelHelperInit } from './wasm';

export type { Floats, Kernels, VectorKernels } from './types';
export { typedArrayKernels } from './typed-array';
export { VECTOR_OPS, VECTOR_OP_NAMES, runVectorOp, type VectorOpName } from './vector-ops';
export { WasmKernels, createWasmKernels, serveKernelHelper, type KernelHelperInit, type WasmKernelOptions } from './wasm';
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

/** The weight count of a network's largest layer below which it stays on one thread (its matmuls are too small to split). */
export const THREADS_MIN_LAYER_WEIGHTS = 16_384;

/** How createKernels sizes a network's kernels: its largest layer, and how to start a thread (none: one thread). */
export interface KernelOptions {
  largestLayerWeights?: number;
  /** A host that can start threads passes how (the engine imports no Node and no DOM). */
  startHelper?: KernelHelperStarter | null;
}

/**
 * Kernels for one network. The WebAssembly tier is a new instance (its own memory) each call, so a
 * network's buffers are freed with it; asking for 'wasm-simd' where SIMD is missing falls back to typed
 * arrays. With `startHelper` and a largest layer of at least THREADS_MIN_LAYER_WEIGHTS, the instance
 * splits its big matmuls and vector updates with a second thread (shared memory allowing).
 */
export function createKernels(tier: KernelTier = 'auto', options: KernelOptions = {}): Kernels {
  if (tier === 'typed-array') return typedArrayKernels;
  const kernels = createWasmKernels();
  if (!kernels) return typedArrayKernels;
  const { startHelper, largestLayerWeights = 0 } = options;
  if (startHelper && largestLayerWeights >= THREADS_MIN_LAYER_WEIGHTS) kernels.useThreads(startHelper);
  return kernels;
}
