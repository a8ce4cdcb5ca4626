import { afterEach, describe, expect, it, vi } from 'vitest';

// The tier is chosen at start by feature detection: WebAssembly.validate of the SIMD module decides.

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function freshKernelsModule(): Promise<typeof import('../../src/engine/kernels')> {
  vi.resetModules();
  return import('../../src/engine/kernels');
}

describe('kernel tier selection', () => {
  it('picks WebAssembly SIMD where the runtime validates the module', async () => {
    const kernels = await freshKernelsModule();
    expect(kernels.availableKernelTiers()).toEqual(['wasm-simd', 'typed-array']);
    expect(kernels.createKernels('auto').name).toBe('wasm-simd');
    expect(kernels.createKernels('typed-array').name).toBe('typed-array');
  });

  it('falls back to typed arrays where SIMD does not validate', async () => {
    vi.stubGlobal('WebAssembly', { ...WebAssembly, validate: () => false });
    const kernels = await freshKernelsModule();
    expect(kernels.wasmSimdAvailable()).toBe(false);
    expect(kernels.availableKernelTiers()).toEqual(['typed-array']);
    expect(kernels.createKernels('wasm-simd').name).toBe('typed-array');
  });

  it('falls back to typed arrays where there is no WebAssembly at all', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const kernels = await freshKernelsModule();
    expect(kernels.createKernels('auto').name).toBe('typed-array');
  });
});
