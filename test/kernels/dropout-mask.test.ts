import { describe, expect, it } from 'vitest';
import { sampleDropoutMask } from '../../src/engine/passes';
import { createWasmKernels } from '../../src/engine/kernels';
import { Random } from '../../src/engine/random';

// sampleDropoutMask steps Random's generator on local variables for speed: it must draw exactly what
// rng.uniform() would, and leave the generator where uniform() would have.

describe('sampleDropoutMask', () => {
  for (const p of [1e-9, 0.05, 0.3, 0.5, 0.9, 0.999999]) {
    it(`keeps a unit exactly when rng.uniform() ≥ ${p}, scaled by 1/(1−p), and advances the generator as uniform() does`, () => {
      const fast = new Random(11), reference = new Random(11);
      const mask = new Float32Array(10_001);
      sampleDropoutMask(mask, mask.length, p, fast);
      const expected = Float32Array.from(mask, () => (reference.uniform() >= p ? 1 / (1 - p) : 0));
      expect(Array.from(mask)).toEqual(Array.from(expected));
      expect(fast.getState()).toEqual(reference.getState());
      expect(fast.uniform()).toBe(reference.uniform());
    });
  }

  it('draws different masks from different seeds (negative control)', () => {
    const a = new Float32Array(1000), b = new Float32Array(1000);
    sampleDropoutMask(a, 1000, 0.5, new Random(1));
    sampleDropoutMask(b, 1000, 0.5, new Random(2));
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe('the WebAssembly dropout mask', () => {
  for (const p of [1e-9, 0.05, 0.5, 0.999999]) {
    it(`draws the same mask as sampleDropoutMask (p = ${p}) and leaves the generator in the same state`, () => {
      const kernels = createWasmKernels()!;
      const fast = new Random(21), reference = new Random(21);
      for (const count of [1, 3, 4097]) {
        const mask = kernels.allocate(count), expected = new Float32Array(count);
        expect(kernels.dropoutMask(mask, count, p, fast)).toBe(true);
        sampleDropoutMask(expected, count, p, reference);
        expect(Array.from(mask)).toEqual(Array.from(expected));
        expect(fast.getState()).toEqual(reference.getState());
      }
    });
  }

  it('declines a mask outside its memory (the caller samples in TypeScript)', () => {
    expect(createWasmKernels()!.dropoutMask(new Float32Array(8), 8, 0.5, new Random(1))).toBe(false);
  });
});
