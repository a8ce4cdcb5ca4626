// Inverted dropout on four lanes: the mask from a counter hash (one key per mask), and the hidden
// layer's whole forward epilogue (activation, mask, A = H ⊙ mask) in one call.

import { activate } from './activations.generated';

const WEYL: i32 = 0x9e3779b9;

/**
 * Inverted-dropout mask, four units at a time: unit i is kept (mask = keepScale, else 0) when
 * u = fmix32(key + i·0x9E3779B9) satisfies u − 2³¹ ≥ shiftedThreshold (signed; i.e. u/2³² ≥ p) —
 * the same units as sampleDropoutMask in src/engine/passes.ts.
 */
export function dropoutMask(mask: usize, count: i32, shiftedThreshold: i32, keepScale: f32, key: i32): void {
  const m1 = i32x4.splat(0x85ebca6b), m2 = i32x4.splat(0xc2b2ae35);
  const flip = i32x4.splat(0x80000000), threshold = i32x4.splat(shiftedThreshold);
  const keep = f32x4.splat(keepScale);
  let x = i32x4.add(i32x4.splat(key), i32x4(0, WEYL, WEYL * 2, WEYL * 3));
  const step = i32x4.splat(WEYL * 4);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    let h = v128.xor(x, i32x4.shr_u(x, 16));
    h = i32x4.mul(h, m1);
    h = v128.xor(h, i32x4.shr_u(h, 13));
    h = i32x4.mul(h, m2);
    h = v128.xor(h, i32x4.shr_u(h, 16));
    v128.store(mask + (<usize>i << 2), v128.and(keep, i32x4.ge_s(v128.xor(h, flip), threshold))); // keepScale or +0
    x = i32x4.add(x, step);
  }
  for (; i < count; i++) {
    let h = key + i * WEYL;
    h ^= <i32>(<u32>h >> 16); h *= 0x85ebca6b; h ^= <i32>(<u32>h >> 13); h *= 0xc2b2ae35; h ^= <i32>(<u32>h >> 16);
    store<f32>(mask + (<usize>i << 2), (h ^ (1 << 31)) >= shiftedThreshold ? keepScale : 0);
  }
}

/**
 * mask[i] = keepScale or 0 (the units dropoutMask(…, key) draws) and a[i] = h[i]·mask[i], in one pass;
 * `first` is the index of h[0] in the whole mask (the hash runs on first + i).
 */
function maskAndApply(h: usize, mask: usize, a: usize, count: i32, shiftedThreshold: i32, keepScale: f32, key: i32, first: i32): void {
  const m1 = i32x4.splat(0x85ebca6b), m2 = i32x4.splat(0xc2b2ae35);
  const flip = i32x4.splat(0x80000000), threshold = i32x4.splat(shiftedThreshold);
  const keep = f32x4.splat(keepScale);
  const base = key + first * WEYL;
  let x = i32x4.add(i32x4.splat(base), i32x4(0, WEYL, WEYL * 2, WEYL * 3));
  const step = i32x4.splat(WEYL * 4);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    let u = v128.xor(x, i32x4.shr_u(x, 16));
    u = i32x4.mul(u, m1);
    u = v128.xor(u, i32x4.shr_u(u, 13));
    u = i32x4.mul(u, m2);
    u = v128.xor(u, i32x4.shr_u(u, 16));
    const off = <usize>i << 2;
    const scale = v128.and(keep, i32x4.ge_s(v128.xor(u, flip), threshold)); // keepScale or +0
    v128.store(mask + off, scale);
    v128.store(a + off, f32x4.mul(v128.load(h + off), scale));
    x = i32x4.add(x, step);
  }
  for (; i < count; i++) {
    let u = base + i * WEYL;
    u ^= <i32>(<u32>u >> 16); u *= 0x85ebca6b; u ^= <i32>(<u32>u >> 13); u *= 0xc2b2ae35; u ^= <i32>(<u32>u >> 16);
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
