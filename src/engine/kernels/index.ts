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

/** How createKernels sets up a network's kernels: whether it gains from a helper thread (network.ts gainsFromHelper), and how to start one (none: one thread). */
export interface KernelOptions {
  helper?: boolean;
  /** A host that can start threads passes how (the engine imports no Node and no DOM). */
  startHelper?: KernelHelperStarter | null;
}

/**
 * Kernels for one network. The WebAssembly tier is a new instance (its own memory) each call, so a
 * network's buffers are freed with it; asking for 'wasm-simd' where SIMD is missing falls back to typed
 * arrays. With `startHelper` and `helper`, the instance shares its work with a second thread (shared memory
 * allowing): big matmuls and vector updates split, or a small classifier's batch halves (kernels/halves.ts).
 */
export function createKernels(tier: KernelTier = 'auto', options: KernelOptions = {}): Kernels {
  if (tier === 'typed-array') return typedArrayKernels;
  const kernels = createWasmKernels();
  if (!kernels) return typedArrayKernels;
  if (options.startHelper && options.helper) kernels.useThreads(options.startHelper);
  return kernels;
}
