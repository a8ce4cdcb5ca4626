// The engine's hot loops in WebAssembly with 128-bit SIMD (plain multiply + add, no relaxed SIMD).
// Every buffer is float32 in the one linear memory the host hands in (env.memory); arguments are byte
// addresses and element counts. No allocation, no runtime, no data segments: the host owns the memory.

import { exp4, madd, scalarOf } from './lanes';
import { columnsReadable, narrowColumns, rowTail } from './narrow';

// ---------------------------------------------------------------------------------------------- matmul

/**
 * C[m×n] = A·B (+ bias[n] when bias ≠ 0), with A(i,p) at a + 4(i·sai + p·sap), B(p,j) at b + 4(p·ldb + j),
 * C(i,j) at c + 4(i·ldc + j). (sai, sap) = (k, 1) is A·B; (1, lda) is Aᵀ·B — one kernel for both forms.
 * Tiles of 4 rows × 8 columns live in eight registers while p runs over k; A is broadcast, B streamed.
 */
export function gemm(a: usize, sai: i32, sap: i32, b: usize, ldb: i32, bias: usize, c: usize, ldc: i32,
  m: i32, k: i32, n: i32): void {
  const ai = <usize>sai << 2, ap = <usize>sap << 2, bp = <usize>ldb << 2, ci = <usize>ldc << 2;
  const ai2 = ai + ai, ai3 = ai2 + ai;
  const zero = f32x4.splat(0);
  const m4 = m & ~3;
  let j = 0;
  if (sai == 1) j = tilesOfContiguousRows(a, ap, b, bp, bias, c, ci, m4, k, n);
  for (; j + 8 <= n; j += 8) {
    const bj = b + (<usize>j << 2);
    const init0 = bias ? v128.load(bias + (<usize>j << 2)) : zero;
    const init1 = bias ? v128.load(bias + (<usize>j << 2), 16) : zero;
    for (let i = 0; i < m4; i += 4) {
      let c00 = init0, c01 = init1, c10 = init0, c11 = init1, c20 = init0, c21 = init1, c30 = init0, c31 = init1;
      let pa = a + <usize>i * ai, pb = bj;
      for (let p = 0; p < k; p++) {
        const w0 = v128.load(pb), w1 = v128.load(pb, 16);
        const x0 = v128.load32_splat(pa);
        c00 = madd(x0, w0, c00); c01 = madd(x0, w1, c01);
        const x1 = v128.load32_splat(pa + ai);
        c10 = madd(x1, w0, c10); c11 = madd(x1, w1, c11);
        const x2 = v128.load32_splat(pa + ai2);
        c20 = madd(x2, w0, c20); c21 = madd(x2, w1, c21);
        const x3 = v128.load32_splat(pa + ai3);
        c30 = madd(x3, w0, c30); c31 = madd(x3, w1, c31);
        pa += ap; pb += bp;
      }
      const pc = c + <usize>i * ci + (<usize>j << 2);
      v128.store(pc, c00); v128.store(pc, c01, 16);
      v128.store(pc + ci, c10); v128.store(pc + ci, c11, 16);
      v128.store(pc + 2 * ci, c20); v128.store(pc + 2 * ci, c21, 16);
      v128.store(pc + 3 * ci, c30); v128.store(pc + 3 * ci, c31, 16);
    }
  }
  for (; j + 4 <= n; j += 4) {
    const bj = b + (<usize>j << 2);
    const init = bias ? v128.load(bias + (<usize>j << 2)) : zero;
    for (let i = 0; i < m4; i += 4) {
      let c0 = init, c1 = init, c2 = init, c3 = init;
      let pa = a + <usize>i * ai, pb = bj;
      for (let p = 0; p < k; p++) {
        const w = v128.load(pb);
        c0 = madd(v128.load32_splat(pa), w, c0);
        c1 = madd(v128.load32_splat(pa + ai), w, c1);
        c2 = madd(v128.load32_splat(pa + ai2), w, c2);
        c3 = madd(v128.load32_splat(pa + ai3), w, c3);
        pa += ap; pb += bp;
      }
      const pc = c + <usize>i * ci + (<usize>j << 2);
      v128.store(pc, c0); v128.store(pc + ci, c1); v128.store(pc + 2 * ci, c2); v128.store(pc + 3 * ci, c3);
    }
  }
  if (j < n) j = narrowColumns(a, ai, ap, b, bp, bias, c, ci, m4, k, n, j);
  for (; j < n; j++) { // the last n mod 4 columns where narrowColumns cannot read B: one scalar dot product per element
    const init: f32 = bias ? load<f32>(bias + (<usize>j << 2)) : 0;
    for (let i = 0; i < m4; i++) {
      let sum = init;
      let pa = a + <usize>i * ai, pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) { sum += load<f32>(pa) * load<f32>(pb); pa += ap; pb += bp; }
      store<f32>(c + <usize>i * ci + (<usize>j << 2), sum);
    }
  }
  for (let i = m4; i < m; i++) gemmRow(a + <usize>i * ai, ap, b, bp, bias, c + <usize>i * ci, k, n);
}

/**
 * gemm's 4×8 tiles when A's four rows of a tile sit side by side (sai = 1: the Aᵀ·B form, A(i,p) at
 * a + 4i + p·ap), so the four broadcasts are one address plus constant offsets. Same sums, same order,
 * same bits as the general loop; returns the first column it did not cover (a multiple of 8).
 */
function tilesOfContiguousRows(a: usize, ap: usize, b: usize, bp: usize, bias: usize, c: usize, ci: usize,
  m4: i32, k: i32, n: i32): i32 {
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const bj = b + (<usize>j << 2);
    const init0 = bias ? v128.load(bias + (<usize>j << 2)) : zero;
    const init1 = bias ? v128.load(bias + (<usize>j << 2), 16) : zero;
    for (let i = 0; i < m4; i += 4) {
      let c00 = init0, c01 = init1, c10 = init0, c11 = init1, c20 = init0, c21 = init1, c30 = init0, c31 = init1;
      let pa = a + (<usize>i << 2), pb = bj;
      for (let p = 0; p < k; p++) {
        const w0 = v128.load(pb), w1 = v128.load(pb, 16);
        const x0 = v128.load32_splat(pa);
        c00 = madd(x0, w0, c00); c01 = madd(x0, w1, c01);
        const x1 = v128.load32_splat(pa, 4);
        c10 = madd(x1, w0, c10); c11 = madd(x1, w1, c11);
        const x2 = v128.load32_splat(pa, 8);
        c20 = madd(x2, w0, c20); c21 = madd(x2, w1, c21);
        const x3 = v128.load32_splat(pa, 12);
        c30 = madd(x3, w0, c30); c31 = madd(x3, w1, c31);
        pa += ap; pb += bp;
      }
      const pc = c + <usize>i * ci + (<usize>j << 2);
      v128.store(pc, c00); v128.store(pc, c01, 16);
      v128.store(pc + ci, c10); v128.store(pc + ci, c11, 16);
      v128.store(pc + 2 * ci, c20); v128.store(pc + 2 * ci, c21, 16);
      v128.store(pc + 3 * ci, c30); v128.store(pc + 3 * ci, c31, 16);
    }
  }
  return j;
}

/**
 * One row of C = A·B (+ bias), streaming B row by row (the fast order for a single sample: prediction,
 * and the m mod 4 rows a batch leaves). Four rows of B per pass over C; every element is summed in the
 * same order as in gemm's tiles (bias, then p = 0, 1, …), so a row gives the same bits either way.
 */
function gemmRow(a: usize, ap: usize, b: usize, bp: usize, bias: usize, c: usize, k: i32, n: i32): void {
  const n4 = n & ~3;
  const vectorTail = n4 < n && columnsReadable(b + (<usize>n4 << 2), bp, k); // as narrowColumns decides
  const nScalar = vectorTail ? n4 : n;
  for (let j = 0; j < n; j++) store<f32>(c + (<usize>j << 2), bias ? load<f32>(bias + (<usize>j << 2)) : 0);
  let p = 0;
  let pa = a, pb = b;
  for (; p + 4 <= k; p += 4) {
    const s0 = load<f32>(pa), s1 = load<f32>(pa + ap), s2 = load<f32>(pa + 2 * ap), s3 = load<f32>(pa + 3 * ap);
    const x0 = f32x4.splat(s0), x1 = f32x4.splat(s1), x2 = f32x4.splat(s2), x3 = f32x4.splat(s3);
    const b0 = pb, b1 = b0 + bp, b2 = b1 + bp, b3 = b2 + bp;
    for (let j = 0; j < n4; j += 4) {
      const off = <usize>j << 2;
      let v = v128.load(c + off);
      v = madd(x0, v128.load(b0 + off), v);
      v = madd(x1, v128.load(b1 + off), v);
      v = madd(x2, v128.load(b2 + off), v);
      v = madd(x3, v128.load(b3 + off), v);
      v128.store(c + off, v);
    }
    for (let j = n4; j < nScalar; j++) {
      const off = <usize>j << 2;
      let v = load<f32>(c + off);
      v += s0 * load<f32>(b0 + off); v += s1 * load<f32>(b1 + off); v += s2 * load<f32>(b2 + off); v += s3 * load<f32>(b3 + off);
      store<f32>(c + off, v);
    }
    pa += 4 * ap; pb += 4 * bp;
  }
  for (; p < k; p++) {
    const s0 = load<f32>(pa), x0 = f32x4.splat(s0);
    for (let j = 0; j < n4; j += 4) {
      const off = <usize>j << 2;
      v128.store(c + off, madd(x0, v128.load(pb + off), v128.load(c + off)));
    }
    for (let j = n4; j < nScalar; j++) {
      const off = <usize>j << 2;
      store<f32>(c + off, load<f32>(c + off) + s0 * load<f32>(pb + off));
    }
    pa += ap; pb += bp;
  }
  if (vectorTail) rowTail(a, ap, b + (<usize>n4 << 2), bp, bias, c, k, n4, n - n4);
}

/** Σ of the four lanes. */
@inline function lanesSum(v: v128): f32 {
  const pairs = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(pairs, 0) + f32x4.extract_lane(pairs, 1);
}

/**
 * C[m×k] = A[m×n]·Bᵀ with B [k×n]: C(i,p) = Σ_j A(i,j)·B(p,j), dot products of contiguous rows,
 * two rows of A against four rows of B at a time (eight vector accumulators).
 */
export function gemmTransB(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32): void {
  const rowA = <usize>n << 2, rowC = <usize>k << 2;
  const n4 = n & ~3;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = a + <usize>i * rowA, a1 = a0 + rowA;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const b0 = b + <usize>p * rowA, b1 = b0 + rowA, b2 = b1 + rowA, b3 = b2 + rowA;
      let s00 = f32x4.splat(0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
      for (let j = 0; j < n4; j += 4) {
        const off = <usize>j << 2;
        const x0 = v128.load(a0 + off), x1 = v128.load(a1 + off);
        const w0 = v128.load(b0 + off);
        s00 = madd(x0, w0, s00); s10 = madd(x1, w0, s10);
        const w1 = v128.load(b1 + off);
        s01 = madd(x0, w1, s01); s11 = madd(x1, w1, s11);
        const w2 = v128.load(b2 + off);
        s02 = madd(x0, w2, s02); s12 = madd(x1, w2, s12);
        const w3 = v128.load(b3 + off);
        s03 = madd(x0, w3, s03); s13 = madd(x1, w3, s13);
      }
      let t00 = lanesSum(s00), t01 = lanesSum(s01), t02 = lanesSum(s02), t03 = lanesSum(s03);
      let t10 = lanesSum(s10), t11 = lanesSum(s11), t12 = lanesSum(s12), t13 = lanesSum(s13);
      for (let j = n4; j < n; j++) {
        const off = <usize>j << 2;
        const x0 = load<f32>(a0 + off), x1 = load<f32>(a1 + off);
        const w0 = load<f32>(b0 + off), w1 = load<f32>(b1 + off), w2 = load<f32>(b2 + off), w3 = load<f32>(b3 + off);
        t00 += x0 * w0; t01 += x0 * w1; t02 += x0 * w2; t03 += x0 * w3;
        t10 += x1 * w0; t11 += x1 * w1; t12 += x1 * w2; t13 += x1 * w3;
      }
      const c0 = c + <usize>i * rowC + (<usize>p << 2), c1 = c0 + rowC;
      store<f32>(c0, t00); store<f32>(c0, t01, 4); store<f32>(c0, t02, 8); store<f32>(c0, t03, 12);
      store<f32>(c1, t10); store<f32>(c1, t11, 4); store<f32>(c1, t12, 8); store<f32>(c1, t13, 12);
    }
    for (; p < k; p++) {
      const b0 = b + <usize>p * rowA;
      store<f32>(c + <usize>i * rowC + (<usize>p << 2), dot(a0, b0, n));
      store<f32>(c + <usize>(i + 1) * rowC + (<usize>p << 2), dot(a1, b0, n));
    }
  }
  for (; i < m; i++) {
    const a0 = a + <usize>i * rowA;
    for (let p = 0; p < k; p++) store<f32>(c + <usize>i * rowC + (<usize>p << 2), dot(a0, b + <usize>p * rowA, n));
  }
}

/** Σ_j x[j]·y[j] over n floats. */
function dot(x: usize, y: usize, n: i32): f32 {
  let s = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) s = madd(v128.load(x + (<usize>j << 2)), v128.load(y + (<usize>j << 2)), s);
  let t = lanesSum(s);
  for (; j < n; j++) t += load<f32>(x + (<usize>j << 2)) * load<f32>(y + (<usize>j << 2));
  return t;
}

/** out[n] = Σ_rows A[m×n]. */
export function sumRows(a: usize, out: usize, m: i32, n: i32): void {
  const row = <usize>n << 2;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let s = f32x4.splat(0);
    let pa = a + (<usize>j << 2);
    for (let i = 0; i < m; i++) { s = f32x4.add(s, v128.load(pa)); pa += row; }
    v128.store(out + (<usize>j << 2), s);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    let pa = a + (<usize>j << 2);
    for (let i = 0; i < m; i++) { s += load<f32>(pa); pa += row; }
    store<f32>(out + (<usize>j << 2), s);
  }
}

// Blocked, packed matmul for batches (every form: X·W, Xᵀ·dZ, dZ·Wᵀ once B or Bᵀ is packed).
export { gemmPacked, packPanels, packPanelsTransposed } from './gemm-packed';

// ------------------------------------------------------------------------------------------ activations

// activate(kind, z, h, count) and activationBackward(kind, z, h, dh, mask, dz, count), one loop per
// activation, are generated from src/engine/activations.ts by scripts/build-wasm.mjs (kind = the
// activation's index in that table).
export { activate, activationBackward } from './activations.generated';

/**
 * ln x for a finite x > 0 without the standard library (whose Math.log reads tables from a data segment,
 * and this module has none: the host owns all of memory): x = 2^e·f with f in [1, 2), ln f = 2·atanh(s)
 * with s = (f − 1)/(f + 1) < 1/3, summed to s²¹ (relative error below 1e-12).
 */
function logOf(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  const e = <i32>((bits >> 52) & 0x7ff) - 1023;
  const f = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  const s = (f - 1) / (f + 1), s2 = s * s;
  let t: f64 = 1.0 / 21;
  for (let k = 19; k >= 1; k -= 2) t = t * s2 + 1.0 / <f64>k;
  return 2 * s * t + <f64>e * 0.6931471805599453;
}

/**
 * Softmax cross-entropy over m rows of `classes` logits: probs = softmax(z) (per-row max subtracted),
 * dz = (probs − onehot(label))/divisor when dz ≠ 0 (divisor: the whole batch's rows, m or more when these m rows
 * are part of it); returns Σ (log Σe^(z−max) + max − z_label) in float64 (NaN
 * when a label is not a class index) and stores how many rows' first largest logit is their label at
 * `correct` (an i32). With `weights` ≠ 0 (one f32 per row), row i's loss and dz are multiplied by weights[i].
 */
export function softmaxCrossEntropy(z: usize, labels: usize, probs: usize, dz: usize, m: i32, classes: i32, correct: usize, weights: usize, divisor: i32): f64 {
  let lossSum: f64 = 0;
  let hits = 0;
  const scale: f32 = 1 / <f32>divisor;
  const c4 = classes & ~3;
  for (let i = 0; i < m; i++) {
    const at = <usize>(i * classes) << 2;
    const zr = z + at, pr = probs + at;
    let max = -Infinity, argmax = 0;
    for (let j = 0; j < classes; j++) { const v = load<f32>(zr + (<usize>j << 2)); if (v > max) { max = v; argmax = j; } }
    const maxv = f32x4.splat(<f32>max);
    let sumv = f32x4.splat(0);
    let j = 0;
    for (; j < c4; j += 4) {
      const e = exp4(f32x4.sub(v128.load(zr + (<usize>j << 2)), maxv));
      v128.store(pr + (<usize>j << 2), e);
      sumv = f32x4.add(sumv, e);
    }
    let sum = <f64>lanesSum(sumv);
    for (; j < classes; j++) {
      const e = scalarOf(exp4(f32x4.splat(load<f32>(zr + (<usize>j << 2)) - <f32>max)));
      store<f32>(pr + (<usize>j << 2), e);
      sum += <f64>e;
    }
    const labelValue = load<f32>(labels + (<usize>i << 2));
    const label = <i32>labelValue;
    // a label that is not a class index makes the loss NaN, as an undefined logit does in TypeScript
    const valid = <f32>label == labelValue && label >= 0 && label < classes;
    const weight: f32 = weights ? load<f32>(weights + (<usize>i << 2)) : <f32>1;
    lossSum += valid ? <f64>weight * (logOf(sum) + max - <f64>load<f32>(zr + (<usize>label << 2))) : NaN;
    if (argmax == label) hits++;
    const inv = <f32>(1 / sum);
    const rowScale: f32 = scale * weight;
    for (j = 0; j < classes; j++) {
      const off = <usize>j << 2;
      const p = load<f32>(pr + off) * inv;
      store<f32>(pr + off, p);
      if (dz) store<f32>(dz + at + off, (p - (j == label ? <f32>1 : <f32>0)) * rowScale);
    }
  }
  store<i32>(correct, hits);
  return lossSum;
}

/** out[i] = x[i] · y[i] (inverted dropout: A = H ⊙ mask). */
export function multiply(x: usize, y: usize, out: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    v128.store(out + off, f32x4.mul(v128.load(x + off), v128.load(y + off)));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, load<f32>(x + off) * load<f32>(y + off));
  }
}

// ------------------------------------------------------------------------ vector reductions and optimizers

export * from './vector';

// ---------------------------------------------------------------------------------------------- probes

export { streamSum } from './bandwidth';

/**
 * The bench's hardware probe: twelve independent f32x4 multiply-add chains held in registers, 96 flops
 * per iteration, enough chains to hide the latency, so time/flop is this core's 128-bit limit — of the
 * fused multiply-add in the relaxed-SIMD build, of a multiply then an add in the plain one.
 */
export function peakFlops(iterations: i32): f32 {
  const a = f32x4.splat(0.9999999), b = f32x4.splat(1e-7);
  let c0 = f32x4.splat(1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
  let c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
  for (let i = 0; i < iterations; i++) {
    c0 = madd(c0, a, b); c1 = madd(c1, a, b);
    c2 = madd(c2, a, b); c3 = madd(c3, a, b);
    c4 = madd(c4, a, b); c5 = madd(c5, a, b);
    c6 = madd(c6, a, b); c7 = madd(c7, a, b);
    c8 = madd(c8, a, b); c9 = madd(c9, a, b);
    c10 = madd(c10, a, b); c11 = madd(c11, a, b);
  }
  const sum = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  return lanesSum(f32x4.add(sum, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11))));
}

// ----------------------------------------------------------------------------------------------- dropout

export { activateDropout, dropoutMask } from './dropout';
