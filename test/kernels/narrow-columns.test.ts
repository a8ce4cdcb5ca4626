import { describe, expect, it } from 'vitest';
import { createWasmKernels, type WasmKernels } from '../../src/engine/kernels';

// The last n mod 4 columns of a matmul run as vector lanes in the unpacked loops (assembly/narrow.ts),
// multiplying then adding as the packed edge tiles and a lone row (gemmRow) do: one product gives these
// columns the same bits on every path.

const unpacked = createWasmKernels({ packed: false })!;
const packed = createWasmKernels({ packed: 'always' })!;

function filled(kernels: WasmKernels, length: number, seed: number): Float32Array {
  const array = kernels.allocate(length);
  for (let i = 0; i < length; i++) array[i] = Math.sin(seed * 1000 + i * 0.37);
  return array;
}

/** C = A·B + bias on `kernels` (A m×k, B k×n, from fixed seeds; `bump` changes one weight of B's last column). */
function product(kernels: WasmKernels, m: number, k: number, n: number, bump = 0): Float32Array {
  const a = filled(kernels, m * k, 1), b = filled(kernels, k * n, 2), bias = filled(kernels, n, 3), c = kernels.allocate(m * n);
  b[n - 1] += bump;
  kernels.matmulBias(a, b, bias, c, m, k, n);
  return c;
}

describe('narrow columns (n mod 4 ≠ 0)', () => {
  for (const [m, k, n] of [[8, 3, 3], [9, 5, 7], [32, 32, 3], [64, 64, 10], [5, 17, 1]]) {
    it(`give ${m}×${k}×${n} the same bits packed or not, and a row alone the bits it has in its batch`, () => {
      const batch = product(unpacked, m, k, n);
      expect(Array.from(product(packed, m, k, n))).toEqual(Array.from(batch));
      const a = filled(unpacked, m * k, 1), b = filled(unpacked, k * n, 2), bias = filled(unpacked, n, 3);
      const row = unpacked.allocate(n);
      for (let i = 0; i < m; i++) {
        unpacked.matmulBias(a.subarray(i * k, (i + 1) * k), b, bias, row, 1, k, n);
        expect(Array.from(row), `row ${i}`).toEqual(Array.from(batch.subarray(i * n, (i + 1) * n)));
      }
    });
  }

  it('see a change in the last column (negative control: the comparison is not vacuous)', () => {
    const base = product(unpacked, 8, 3, 3), bumped = product(unpacked, 8, 3, 3, 1e-3);
    expect(Array.from(bumped)).not.toEqual(Array.from(base));
    expect(bumped[2]).not.toBe(base[2]); // row 0, column 2: a narrow-column lane
    expect(bumped[0]).toBe(base[0]); // columns 0 and 1 do not read B's last column
  });
});
