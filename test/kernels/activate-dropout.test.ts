import { describe, expect, it } from 'vitest';
import { sampleDropoutMask } from '../../src/engine/passes';
import { createWasmKernels } from '../../src/engine/kernels';
import { HIDDEN_ACTIVATIONS } from '../../src/engine/activations';
import { Random } from '../../src/engine/random';

// The fused forward epilogue of a hidden layer (one call: h = f(z), the mask, a = h ⊙ mask) must give
// the bits of the three steps in turn and take the same one draw from the generator.

/** z, and empty h, mask and a buffers of `count` floats in the kernels' memory. */
function buffers(kernels: NonNullable<ReturnType<typeof createWasmKernels>>, count: number, seed: number) {
  const rng = new Random(seed);
  const z = kernels.allocate(count);
  for (let i = 0; i < count; i++) z[i] = 6 * (rng.uniform() - 0.5);
  return { z, h: kernels.allocate(count), mask: kernels.allocate(count), a: kernels.allocate(count) };
}

describe('activateDropout (WebAssembly)', () => {
  for (const activation of HIDDEN_ACTIVATIONS) {
    it(`gives ${activation}'s h, the sampleDropoutMask mask and h ⊙ mask bit for bit, drawing once, across pieces and tails`, () => {
      const kernels = createWasmKernels()!;
      const fast = new Random(8), reference = new Random(8);
      for (const count of [1, 3, 4, 7, 1024, 1027, 4097]) {
        const got = buffers(kernels, count, count), want = buffers(kernels, count, count);
        expect(kernels.activateDropout(activation, got.z, got.h, got.mask, got.a, count, 0.05, fast)).toBe(true);
        kernels.activate(activation, want.z, want.h, count);
        sampleDropoutMask(want.mask, count, 0.05, reference);
        kernels.multiply(want.h, want.mask, want.a, count);
        expect(Array.from(got.h)).toEqual(Array.from(want.h));
        expect(Array.from(got.mask)).toEqual(Array.from(want.mask));
        expect(Array.from(got.a)).toEqual(Array.from(want.a));
        expect(fast.getState()).toEqual(reference.getState());
      }
    });
  }

  it('differs from the three steps run with another key (negative control: the check sees a wrong mask)', () => {
    const kernels = createWasmKernels()!;
    const got = buffers(kernels, 1027, 1), want = buffers(kernels, 1027, 1);
    kernels.activateDropout('sigmoid', got.z, got.h, got.mask, got.a, 1027, 0.3, new Random(1));
    kernels.activate('sigmoid', want.z, want.h, 1027);
    sampleDropoutMask(want.mask, 1027, 0.3, new Random(2));
    kernels.multiply(want.h, want.mask, want.a, 1027);
    expect(Array.from(got.h)).toEqual(Array.from(want.h));
    expect(Array.from(got.mask)).not.toEqual(Array.from(want.mask));
    expect(Array.from(got.a)).not.toEqual(Array.from(want.a));
  });

  it('declines buffers outside its memory, or a p so close to 1 that no unit survives, without drawing', () => {
    const kernels = createWasmKernels()!, rng = new Random(1), untouched = new Random(1);
    const inside = buffers(kernels, 8, 1);
    expect(kernels.activateDropout('relu', new Float32Array(8), inside.h, inside.mask, inside.a, 8, 0.5, rng)).toBe(false);
    expect(kernels.activateDropout('relu', inside.z, inside.h, inside.mask, inside.a, 8, 1 - 1e-12, rng)).toBe(false);
    expect(rng.getState()).toEqual(untouched.getState());
  });
});
