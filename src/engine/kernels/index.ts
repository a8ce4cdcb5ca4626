import { typedArrayKernels } from './typed-array';
import type { Kernels } from './types';
import { createWasmKernels, wasmSimdAvailable } from './wasm';

export type { Floats, Kernels, VectorKernels } from './types';
export { typedArrayKernels } from './typed-array';
export { WasmKernels, createWasmKernels, serveKernelHelper, vectorKernelsFor, wasmSimdAvailable, type KernelHelperInit } from './wasm';

export const KERNEL_TIERS = ['auto', 'wasm-simd', 'typed-array'] as const;
/** Which hot loops to run: 'auto' picks WebAssembly SIMD where the runtime validates it, else typed arrays. */
export type KernelTier = (typeof KERNEL_TIERS)[number];

/** The tiers this runtime can run, fastest first. */
export function availableKernelTiers(): Exclude<KernelTier, 'auto'>[] {
  return wasmSimdAvailable() ? ['wasm-simd', 'typed-array'] : ['typed-array'];
}

/**
 * Kernels for one network. The WebAssembly tier is a new instance (its own memory) each call, so a
 * network's buffers are freed with it; asking for 'wasm-simd' where SIMD is missing falls back to typed arrays.
 */
export function createKernels(tier: KernelTier = 'auto'): Kernels {
  if (tier === 'typed-array') return typedArrayKernels;
  return createWasmKernels() ?? typedArrayKernels;
}
