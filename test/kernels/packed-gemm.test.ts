import { afterAll, describe, expect, it } from 'vitest';
import { createTwoThreadKernels } from '../../bench/threads';
import { createWasmKernels, typedArrayKernels, type Kernels, type WasmKernels } from '../../src/engine/kernels';
import { forwardPackingPays, packedBlockSizes, packingPays } from '../../src/engine/kernels/packed-gemm';

// The blocked, packed matmul (assembly/gemm-packed.ts) on every edge: rows and columns that are not
// multiples of the 4×8 tile, k not a multiple of its block, all three forms — against the typed-array
// loops (float32, so within rounding), and bit for bit between one thread and two.

const always = createWasmKernels({ packed: 'always' })!;
const started: WasmKernels[] = [];
afterAll(() => started.forEach((k) => k.stopThreads()));

function filled(kernels: WasmKernels, length: number, seed: number): Float32Array {
  const array = kernels.allocate(length);
  for (let i = 0; i < length; i++) array[i] = Math.sin(seed * 1000 + i * 0.37);
  return array;
}

/** Largest |a − b| relative to the largest |b| (1 when b is all zero). */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0, scale = 1e-30;
  for (let i = 0; i < a.length; i++) { diff = Math.max(diff, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
  return diff / scale;
}

/** The three products of one layer on `kernels`: Z = X·W + b, dW = Xᵀ·dZ, dX = dZ·Wᵀ. */
function products(kernels: Kernels, x: Float32Array, w: Float32Array, bias: Float32Array, dz: Float32Array, m: number, k: number, n: number): Float32Array[] {
  const buffer = (length: number): Float32Array => kernels.allocate?.(length) ?? new Float32Array(length);
  const [zz, dww, dxx] = [buffer(m * n), buffer(k * n), buffer(m * k)];
  kernels.matmulBias(x, w, bias, zz, m, k, n);
  kernels.matmulTransA(x, dz, dww, m, k, n);
  kernels.matmulTransB(dz, w, dxx, m, n, k);
  return [zz, dww, dxx].map((array) => Float32Array.from(array));
}

describe('blocked, packed matmul', () => {
  const shapes: [number, number, number][] = [[4, 1, 1], [5, 3, 9], [7, 13, 8], [13, 17, 21], [64, 300, 10], [33, 600, 19], [9, 1100, 7]];
  for (const [m, k, n] of shapes) {
    it(`matches the typed-array loops for ${m}×${k}×${n} in every form (edges, k blocks)`, () => {
      const x = filled(always, m * k, 1), w = filled(always, k * n, 2), bias = filled(always, n, 3), dz = filled(always, m * n, 4);
      const packed = products(always, x, w, bias, dz, m, k, n);
      const reference = products(typedArrayKernels, Float32Array.from(x), Float32Array.from(w), Float32Array.from(bias), Float32Array.from(dz), m, k, n);
      packed.forEach((result, form) => expect(relativeError(result, reference[form]), `form ${form}`).toBeLessThan(1e-5));
    });
  }

  it('sums every element in the unpacked loops\' order, so packed and unpacked give the same bits for X·W and Xᵀ·dZ (6-row slivers, rows and columns past whole tiles)', () => {
    const unpacked = createWasmKernels({ packed: false })!;
    for (const [m, k, n] of [[5, 3, 9], [7, 13, 8], [13, 17, 21], [64, 300, 10], [33, 600, 19], [64, 256, 128], [70, 64, 256], [11, 40, 16]] as const) {
      const inputs = (kernels: WasmKernels): Float32Array[] => [filled(kernels, m * k, 1), filled(kernels, k * n, 2), filled(kernels, n, 3), filled(kernels, m * n, 4)];
      const [x1, w1, b1, d1] = inputs(always), [x2, w2, b2, d2] = inputs(unpacked);
      const packed = products(always, x1, w1, b1, d1, m, k, n), plain = products(unpacked, x2, w2, b2, d2, m, k, n);
      for (const form of [0, 1]) expect(Buffer.from(packed[form].buffer).equals(Buffer.from(plain[form].buffer)), `${m}×${k}×${n} form ${form}`).toBe(true);
      if (m === 13) { // negative control: the comparison sees one last bit
        const nudged = Float32Array.from(plain[0]);
        nudged[nudged.length - 1] = Math.fround(nudged[nudged.length - 1] * (1 + 2 ** -22));
        expect(Buffer.from(packed[0].buffer).equals(Buffer.from(nudged.buffer))).toBe(false);
      }
    }
  });

  it('would catch a wrong element: one changed weight moves the result past the tolerance (negative control)', () => {
    const [m, k, n] = [13, 17, 21];
    const x = filled(always, m * k, 1), w = filled(always, k * n, 2), bias = filled(always, n, 3), dz = filled(always, m * n, 4);
    const reference = products(typedArrayKernels, Float32Array.from(x), Float32Array.from(w), Float32Array.from(bias), Float32Array.from(dz), m, k, n);
    w[k * n - 1] += 0.01; // the last column of the last, partial panel
    const packed = products(always, x, w, bias, dz, m, k, n);
    expect(relativeError(packed[0], reference[0])).toBeGreaterThan(1e-5);
  });

  it('gives the same bits on two threads as on one, with k cut into blocks and a partial last panel', () => {
    const two = createTwoThreadKernels({ packed: 'always' });
    expect(two, 'shared WebAssembly memory is available in Node').not.toBeNull();
    started.push(two!);
    expect(two!.waitForHelper(30_000)).toBe(true);
    const [m, k, n] = [70, 700, 131];
    expect(packedBlockSizes(k).kc).toBeLessThan(k);
    const inputs = (kernels: WasmKernels): Float32Array[] => [filled(kernels, m * k, 1), filled(kernels, k * n, 2), filled(kernels, n, 3), filled(kernels, m * n, 4)];
    const [x1, w1, b1, d1] = inputs(always), [x2, w2, b2, d2] = inputs(two!);
    const one = products(always, x1, w1, b1, d1, m, k, n);
    // on a busy machine the helper may wake after the caller took every chunk: repeat until it took some
    for (let attempt = 0; attempt < 100 && two!.helperJobs === 0; attempt++) {
      const both = products(two!, x2, w2, b2, d2, m, k, n);
      both.forEach((result, form) => expect(Buffer.from(result.buffer).equals(Buffer.from(one[form].buffer)), `form ${form}`).toBe(true));
    }
    expect(two!.helperJobs, 'the helper thread did part of the work').toBeGreaterThan(0);
  });

  it('packs a forward X·W on one thread from a batch of 48 rows and 64 columns, and never beside a helper thread (same bits either way)', () => {
    expect(forwardPackingPays(64, 256, 1)).toBe(true); // MNIST's first layer, batch 64
    expect(forwardPackingPays(32, 128, 1)).toBe(false); // the origin's, batch 32: packing W costs more than it saves
    expect(forwardPackingPays(64, 10, 1)).toBe(false); // a narrow last layer
    expect(forwardPackingPays(64, 256, 2)).toBe(false); // two threads: the helper would wait for the packing
  });

  it('packs where it pays: a short k and the wide Xᵀ·dZ form, not the MNIST net\'s big X·W nor its narrow last layer', () => {
    const product = { a: 0, bias: 0, c: 0 };
    expect(packingPays({ ...product, sai: 784, sap: 1, ldc: 256, m: 64, k: 784, n: 256 })).toBe(false);
    expect(packingPays({ ...product, sai: 64, sap: 1, ldc: 10, m: 64, k: 64, n: 10 })).toBe(false); // vector edge columns unpacked
    expect(packingPays({ ...product, sai: 3, sap: 1, ldc: 32, m: 32, k: 3, n: 32 })).toBe(true);
    expect(packingPays({ ...product, sai: 1, sap: 784, ldc: 256, m: 784, k: 64, n: 256 })).toBe(true);
  });
});
