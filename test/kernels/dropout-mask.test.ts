import { describe, expect, it } from 'vitest';
import { DROPOUT_WEYL, fmix32, sampleDropoutMask } from '../../src/engine/passes';
import { createWasmKernels } from '../../src/engine/kernels';
import { Random } from '../../src/engine/random';

// A dropout mask takes one draw from the generator (its key); unit i is kept when the hash of
// key + i·WEYL, read as u/2³², is ≥ p. The WebAssembly tier computes four units at a time and must
// give the same mask and leave the generator in the same state.

/** MurmurHash3's fmix32 written with BigInt arithmetic: an oracle independent of Math.imul and int32 wrapping. */
function fmix32BigInt(x: number): number {
  let h = BigInt.asUintN(32, BigInt(x));
  h ^= h >> 16n; h = BigInt.asUintN(32, h * 0x85ebca6bn);
  h ^= h >> 13n; h = BigInt.asUintN(32, h * 0xc2b2ae35n);
  h ^= h >> 16n;
  return Number(h);
}

describe('sampleDropoutMask', () => {
  it('fmix32 equals MurmurHash3\'s finalizer computed in BigInt', () => {
    const rng = new Random(3);
    for (let i = 0; i < 1000; i++) {
      const x = rng.nextUint32();
      expect(fmix32(x | 0) >>> 0).toBe(fmix32BigInt(x));
    }
    expect(fmix32(0)).toBe(0); // the finalizer's fixed point
  });

  for (const p of [1e-9, 0.05, 0.3, 0.5, 0.9, 0.999999]) {
    it(`keeps unit i exactly when fmix32(key + i·WEYL)/2³² ≥ ${p}, scaled by 1/(1−p), taking one draw (the key) from the generator`, () => {
      const rng = new Random(11), reference = new Random(11);
      const mask = new Float32Array(10_001);
      sampleDropoutMask(mask, mask.length, p, rng);
      const key = reference.nextUint32();
      const expected = Float32Array.from(mask, (_, i) => {
        const u = fmix32BigInt(Number(BigInt.asUintN(32, BigInt(key) + BigInt(i) * BigInt(DROPOUT_WEYL >>> 0))));
        return u / 4294967296 >= p ? 1 / (1 - p) : 0;
      });
      expect(Array.from(mask)).toEqual(Array.from(expected));
      expect(rng.getState()).toEqual(reference.getState());
    });
  }

  it('keeps a share of units close to 1−p, with neighbouring units independent', () => {
    const mask = new Float32Array(200_000);
    sampleDropoutMask(mask, mask.length, 0.3, new Random(5));
    const kept = mask.filter((v) => v > 0).length / mask.length;
    expect(Math.abs(kept - 0.7)).toBeLessThan(0.005); // 4.9 standard deviations
    let both = 0;
    for (let i = 1; i < mask.length; i++) if (mask[i] > 0 && mask[i - 1] > 0) both++;
    expect(Math.abs(both / (mask.length - 1) - 0.49)).toBeLessThan(0.006);
  });

  it('draws different masks from different seeds, and a new mask on each call (negative controls)', () => {
    const a = new Float32Array(1000), b = new Float32Array(1000), c = new Float32Array(1000);
    const rng = new Random(1);
    sampleDropoutMask(a, 1000, 0.5, rng);
    sampleDropoutMask(c, 1000, 0.5, rng);
    sampleDropoutMask(b, 1000, 0.5, new Random(2));
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('the WebAssembly dropout mask', () => {
  for (const p of [1e-9, 0.05, 0.5, 0.999999]) {
    it(`draws the same mask as sampleDropoutMask (p = ${p}) and leaves the generator in the same state`, () => {
      const kernels = createWasmKernels()!;
      const fast = new Random(21), reference = new Random(21);
      for (const count of [1, 3, 4, 5, 4097]) {
        const mask = kernels.allocate(count), expected = new Float32Array(count);
        expect(kernels.dropoutMask(mask, count, p, fast)).toBe(true);
        sampleDropoutMask(expected, count, p, reference);
        expect(Array.from(mask)).toEqual(Array.from(expected));
        expect(fast.getState()).toEqual(reference.getState());
      }
    });
  }

  it('declines a mask outside its memory, or a p so close to 1 that no unit survives, without drawing (the caller samples in TypeScript)', () => {
    const kernels = createWasmKernels()!, rng = new Random(1), untouched = new Random(1);
    expect(kernels.dropoutMask(new Float32Array(8), 8, 0.5, rng)).toBe(false);
    expect(kernels.dropoutMask(kernels.allocate(8), 8, 1 - 1e-12, rng)).toBe(false);
    expect(rng.getState()).toEqual(untouched.getState());
  });
});
