// Inverted dropout on four lanes: the mask from a counter hash (one key per mask), and the hidden
// layer's whole forward epilogue (activation, mask, A = H ⊙ mask) in one call.

import { activate } from './activations.generated';

const WEYL: i32 = 0x9e3779b9;

/** fmix32 (MurmurHash3's finalizer) on four lanes: x ^= x >>> 16; x *= 0x85ebca6b; x ^= x >>> 13; x *= 0xc2b2ae35; x ^= x >>> 16. */
@inline function fmix32Lanes(x: v128): v128 {
  let h = v128.xor(x, i32x4.shr_u(x, 16));
  h = i32x4.mul(h, i32x4.splat(0x85ebca6b));
  h = v128.xor(h, i32x4.shr_u(h, 13));
  h = i32x4.mul(h, i32x4.splat(0xc2b2ae35));
  return v128.xor(h, i32x4.shr_u(h, 16));
}

/** fmix32 on one value (the tail of a mask), the same bits as one lane of fmix32Lanes. */
@inline function fmix32(x: i32): i32 {
  let h = x;
  h ^= <i32>(<u32>h >> 16); h *= 0x85ebca6b; h ^= <i32>(<u32>h >> 13); h *= 0xc2b2ae35; h ^= <i32>(<u32>h >> 16);
  return h;
}

/**
 * Inverted-dropout mask, four units at a time: unit i is kept (mask = keepScale, else 0) when
 * u = fmix32(key + i·0x9E3779B9) satisfies u − 2³¹ ≥ shiftedThreshold (signed; i.e. u/2³² ≥ p) —
 * the same units as sampleDropoutMask in src/engine/passes.ts.
 */
export function dropoutMask(mask: usize, count: i32, shiftedThreshold: i32, keepScale: f32, key: i32): void {
  const flip = i32x4.splat(0x80000000), threshold = i32x4.splat(shiftedThreshold);
  const keep = f32x4.splat(keepScale);
  let x = i32x4.add(i32x4.splat(key), i32x4(0, WEYL, WEYL * 2, WEYL * 3));
  const step = i32x4.splat(WEYL * 4);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const h = fmix32Lanes(x);
    v128.store(mask + (<usize>i << 2), v128.and(keep, i32x4.ge_s(v128.xor(h, flip), threshold))); // keepScale or +0
    x = i32x4.add(x, step);
  }
  for (; i < count; i++) {
    const h = fmix32(key + i * WEYL);
    store<f32>(mask + (<usize>i << 2), (h ^ (1 << 31)) >= shiftedThreshold ? keepScale : 0);
  }
}

/**
 * mask[i] = keepScale or 0 (the units dropoutMask(…, key) draws) and a[i] = h[i]·mask[i], in one pass;
 * `first` is the index of h[0] in the whole mask (the hash runs on first + i).
 */
function maskAndApply(h: usize, mask: usize, a: usize, count: i32, shiftedThreshold: i32, keepScale: f32, key: i32, first: i32): void {
  const flip = i32x4.splat(0x80000000), threshold = i32x4.splat(shiftedThreshold);
  const keep = f32x4.splat(keepScale);
  const base = key + first * WEYL;
  let x = i32x4.add(i32x4.splat(base), i32x4(0, WEYL, WEYL * 2, WEYL * 3));
  const step = i32x4.splat(WEYL * 4);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const u = fmix32Lanes(x);
    const off = <usize>i << 2;
    const scale = v128.and(keep, i32x4.ge_s(v128.xor(u, flip), threshold)); // keepScale or +0
    v128.store(mask + off, scale);
    v128.store(a + off, f32x4.mul(v128.load(h + off), scale));
    x = i32x4.add(x, step);
  }
  for (; i < count; i++) {
    const u = fmix32(base + i * WEYL);
    const off = <usize>i << 2;
    const scale: f32 = (u ^ (1 << 31)) >= shiftedThreshold ? keepScale : 0;
    store<f32>(mask + off, scale);
    store<f32>(a + off, load<f32>(h + off) * scale);
  }
}

/** Floats per piece of activateDropout: z, h, mask and a of one piece stay in L1 (4 × 4 KB). */
const PIECE: i32 = 1024;

/**
 * A hidden layer's forward epilogue in one call: h = f(z) (f numbered `kind`), the dropout mask
 * dropoutMask(mask, count, shiftedThreshold, keepScale, key) draws, and a = h ⊙ mask — piece by piece,
 * so each piece's h is still in L1 when it is masked. The same values as the three kernels in turn.
 */
export function activateDropout(kind: i32, z: usize, h: usize, mask: usize, a: usize, count: i32,
  shiftedThreshold: i32, keepScale: f32, key: i32): void {
  for (let from = 0; from < count; from += PIECE) {
    const n = min(PIECE, count - from);
    const off = <usize>from << 2;
    activate(kind, z + off, h + off, n);
    maskAndApply(h + off, mask + off, a + off, n, shiftedThreshold, keepScale, key, from);
  }
}
