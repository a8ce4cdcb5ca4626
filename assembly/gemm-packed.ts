// Blocked, packed matmul (Goto & van de Geijn's layering, BLIS's micro-kernel idea, written for 128-bit
// WebAssembly SIMD): B is first copied into 8-column panels (panel s holds B(p, 8s..8s+7) for every p,
// 32 contiguous bytes per p, the last panel zero-padded), so a 4×8 register tile streams its B sliver
// from consecutive addresses instead of one cache line per row of B (rows 1 KB apart fall into a few L1
// sets and evict each other). k is cut in blocks (kc) so a panel's slice (kc·32 B) and a tile's A
// sliver (kc·16 B) sit in L1 while every row tile reuses the slice; rows are cut in blocks (mc) so the
// A block (mc·kc floats, packed in 4-row slivers) stays in L2 while all panels pass over it. Each C element is summed in one
// order — init (bias or 0), then p = 0, 1, …, k−1, one multiply-add each, stored and reloaded exactly
// between k blocks — whatever its tile, row block or thread: chunking never changes a bit. Columns past
// n's last multiple of 4 multiply then add (edgeTile), as the unpacked loops and gemmRow do.

import { madd } from './lanes';

/** Bytes of one packed row of a panel (8 floats). */
const PANEL_ROW = 32;

/**
 * Packs B[k×n] (B(p,j) at b + 4(p·ldb + j)) into ⌈n/8⌉ panels at dst: B(p, 8s+q) at dst + 4(8(s·k + p) + q),
 * the columns past n zero.
 */
export function packPanels(b: usize, ldb: i32, k: i32, n: i32, dst: usize): void {
  const bp = <usize>ldb << 2;
  const zero = f32x4.splat(0);
  for (let j = 0; j < n; j += 8) {
    const cols = min(8, n - j);
    let src = b + (<usize>j << 2), out = dst + <usize>j * <usize>k * 4;
    if (cols == 8) {
      for (let p = 0; p < k; p++) {
        v128.store(out, v128.load(src)); v128.store(out, v128.load(src, 16), 16);
        src += bp; out += PANEL_ROW;
      }
      continue;
    }
    for (let p = 0; p < k; p++) {
      v128.store(out, zero); v128.store(out, zero, 16);
      for (let q = 0; q < cols; q++) store<f32>(out + (<usize>q << 2), load<f32>(src + (<usize>q << 2)));
      src += bp; out += PANEL_ROW;
    }
  }
}

/**
 * Packs Bᵀ, B[n×k] row-major (so the packed matrix L[k×n] has L(p,j) = B(j,p) at b + 4(j·k + p)), into
 * ⌈n/8⌉ panels at dst as packPanels lays them out: eight rows of B are read four floats at a time and
 * turned into columns by two 4×4 transposes in registers.
 */
export function packPanelsTransposed(b: usize, k: i32, n: i32, dst: usize): void {
  const row = <usize>k << 2;
  const k4 = k & ~3;
  for (let j = 0; j < n; j += 8) {
    const rows = min(8, n - j);
    const out = dst + <usize>j * <usize>k * 4;
    const r0 = b + <usize>j * row;
    if (rows == 8) {
      for (let p = 0; p < k4; p += 4) {
        const src = r0 + (<usize>p << 2), at = out + <usize>p * PANEL_ROW;
        transpose4(src, row, at, PANEL_ROW);
        transpose4(src + 4 * row, row, at + 16, PANEL_ROW);
      }
    }
    for (let p = rows == 8 ? k4 : 0; p < k; p++) {
      const at = out + <usize>p * PANEL_ROW;
      for (let q = 0; q < 8; q++) store<f32>(at + (<usize>q << 2), q < rows ? load<f32>(r0 + <usize>q * row + (<usize>p << 2)) : 0);
    }
  }
}

/** Four rows of four floats (at src + r·row) stored as four columns: column c at dst + c·stride. */
@inline function transpose4(src: usize, row: usize, dst: usize, stride: usize): void {
  const a = v128.load(src), b = v128.load(src + row), c = v128.load(src + 2 * row), d = v128.load(src + 3 * row);
  const ab0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5), cd0 = v128.shuffle<f32>(c, d, 0, 4, 1, 5);
  const ab1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7), cd1 = v128.shuffle<f32>(c, d, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(ab0, cd0, 0, 1, 4, 5));
  v128.store(dst + stride, v128.shuffle<f32>(ab0, cd0, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, v128.shuffle<f32>(ab1, cd1, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, v128.shuffle<f32>(ab1, cd1, 2, 3, 6, 7));
}

/** Rows of an A sliver, and bytes of one packed step of it (its six rows' values at one p). */
const SLIVER_ROWS = 6;
const SLIVER_STEP = 24;
/** Floats of the scratch edge tile (a 6×8 tile: a sliver's rows by a panel's columns). */
const TILE_FLOATS = 48;

/** Rows rounded up to whole slivers. */
@inline function sliverRows(rows: i32): i32 {
  return ((rows + SLIVER_ROWS - 1) / SLIVER_ROWS) * SLIVER_ROWS;
}

/** Floats of a packed matmul's scratch for a chunk of `rows` rows: its A block (rows to whole slivers, at most mc, by kc) and a 6×8 tile. */
export function packedScratchFloats(rows: i32, kc: i32, mc: i32): i32 {
  return sliverRows(min(rows, mc)) * kc + TILE_FLOATS;
}

/**
 * C[m×n] = A·L (+ bias[n] when bias ≠ 0) with L packed in panels (packPanels, packPanelsTransposed),
 * A(i,p) at a + 4(i·sai + p·sap), C(i,j) at c + 4(i·ldc + j). k is blocked by kc and rows by mc; each
 * A block is packed into `scratch` (packedScratchFloats) as 6-row slivers, six values per p, so every
 * tile reads A and L at consecutive addresses: its six broadcasts are one address plus constant offsets,
 * which leaves V8 the registers for a 6×8 tile's twelve accumulators (a 4×8 tile's eight cannot hide the
 * fused multiply-add's latency on two pipes: 80 % of the probe in L1 against 98 %).
 */
export function gemmPacked(a: usize, sai: i32, sap: i32, packed: usize, bias: usize, c: usize, ldc: i32,
  m: i32, k: i32, n: i32, kc: i32, mc: i32, scratch: usize): void {
  const ai = <usize>sai << 2, ap = <usize>sap << 2, ci = <usize>ldc << 2;
  const panelBytes = <usize>k * PANEL_ROW;
  const tail = scratch + <usize>(sliverRows(min(m, mc)) * kc) * 4;
  for (let i0 = 0; i0 < m; i0 += mc) {
    const rows = min(mc, m - i0);
    for (let p0 = 0; p0 < k; p0 += kc) {
      const steps = min(kc, k - p0);
      packSlivers(a + <usize>i0 * ai + <usize>p0 * ap, ai, ap, rows, steps, scratch);
      const sliverBytes = <usize>steps * SLIVER_STEP;
      for (let j = 0; j < n; j += 8) {
        const cols = min(8, n - j);
        const pb = packed + <usize>(j >> 3) * panelBytes + <usize>p0 * PANEL_ROW;
        const initBias = p0 > 0 ? 1 : bias ? bias + (<usize>j << 2) : 0; // 1: continue from C
        let pc = c + <usize>i0 * ci + (<usize>j << 2), pa = scratch;
        for (let i = 0; i < rows; i += SLIVER_ROWS) {
          const count = min(SLIVER_ROWS, rows - i);
          if (cols == 8 && count == SLIVER_ROWS) tile6(pa, pb, steps, pc, ci, initBias);
          else if (cols == 8 && count == 4) tile4(pa, pb, steps, pc, ci, initBias); // a batch of 64 is ten slivers and four rows
          else if (cols == 8 && count == 2) tile2(pa, pb, steps, pc, ci, initBias); // a batch of 32: five slivers and two rows
          else partialTile(pa, pb, steps, pc, ci, initBias, count, cols, tail);
          pa += sliverBytes; pc += SLIVER_ROWS * ci;
        }
      }
    }
  }
}

/**
 * Packs A's rows [0, rows) × steps (A(i,p) at pa + i·ai + p·ap) into 6-row slivers at dst: sliver t's
 * step p holds A(6t..6t+5, p) at dst + t·steps·24 + 24p, rows past `rows` zero.
 */
function packSlivers(pa: usize, ai: usize, ap: usize, rows: i32, steps: i32, dst: usize): void {
  const steps4 = steps & ~3;
  for (let i = 0; i < rows; i += SLIVER_ROWS) {
    const count = min(SLIVER_ROWS, rows - i);
    const src = pa + <usize>i * ai, out = dst + <usize>i * <usize>steps * 4;
    let p = 0;
    if (count == SLIVER_ROWS && ai == 4) { // the six rows sit side by side (the Xᵀ·dZ form)
      for (; p < steps; p++) {
        const from = src + <usize>p * ap, to = out + <usize>p * SLIVER_STEP;
        v128.store(to, v128.load(from));
        store<u64>(to, load<u64>(from, 16), 16);
      }
    } else if (count == SLIVER_ROWS && ap == 4) { // rows of A are contiguous in p: rows 0–3 transposed four by four, rows 4–5 one by one
      for (; p < steps4; p += 4) {
        const from = src + (<usize>p << 2), to = out + <usize>p * SLIVER_STEP;
        transpose4(from, ai, to, SLIVER_STEP);
        for (let q = 0; q < 4; q++) {
          store<f32>(to + <usize>q * SLIVER_STEP, load<f32>(from + 4 * ai + (<usize>q << 2)), 16);
          store<f32>(to + <usize>q * SLIVER_STEP, load<f32>(from + 5 * ai + (<usize>q << 2)), 20);
        }
      }
    }
    for (; p < steps; p++) {
      for (let r = 0; r < SLIVER_ROWS; r++) {
        store<f32>(out + <usize>p * SLIVER_STEP + (<usize>r << 2), r < count ? load<f32>(src + <usize>r * ai + <usize>p * ap) : 0);
      }
    }
  }
}

/** A tile of fewer than 6 rows or 8 columns (the block's edges), computed in the 6×8 scratch tile and copied out. */
function partialTile(pa: usize, pb: usize, steps: i32, pc: usize, ci: usize, initBias: usize, count: i32, cols: i32, tail: usize): void {
  for (let r = 0; r < SLIVER_ROWS; r++) {
    for (let q = 0; q < 8; q++) {
      let v: f32 = 0;
      if (r < count && q < cols) v = initBias == 1 ? load<f32>(pc + <usize>r * ci + (<usize>q << 2)) : initBias ? load<f32>(initBias + (<usize>q << 2)) : 0;
      store<f32>(tail + <usize>(r * 8 + q) * 4, v);
    }
  }
  if (cols == 8) tile6(pa, pb, steps, tail, PANEL_ROW, 1); // rows past `count` are zero slivers: computed, never copied out
  else {
    edgeTile(pa, pb, steps, tail, cols >= 4);
    edgeTile(pa + 16, pb, steps, tail + 4 * PANEL_ROW, cols >= 4, true);
  }
  for (let r = 0; r < count; r++) {
    for (let q = 0; q < cols; q++) store<f32>(pc + <usize>r * ci + (<usize>q << 2), load<f32>(tail + <usize>(r * 8 + q) * 4));
  }
}

/** a·b + c on four lanes, fused (madd) or rounded twice (a multiply, then an add). */
@inline function mulAdd(a: v128, b: v128, c: v128, fused: bool): v128 {
  return fused ? madd(a, b, c) : f32x4.add(f32x4.mul(a, b), c);
}

/**
 * tile6() for the last, partial panel, four sliver rows at a time (rows 0–3, or with `lastTwo` rows 4–5
 * at pa = the sliver + 16), in the scratch tile (row stride PANEL_ROW, starting from its own values):
 * columns past the last multiple of 4 multiply then add, as the unpacked loops' scalar tails and gemmRow
 * (prediction) do, so every element keeps the rounding it had before packing; the four columns below it
 * (fusedLow: the panel has ≥ 4 columns) multiply-add like every vector column.
 */
function edgeTile(pa: usize, pb: usize, steps: i32, pc: usize, fusedLow: bool, lastTwo: bool = false): void {
  let c00 = v128.load(pc), c01 = v128.load(pc, 16), c10 = v128.load(pc, 32), c11 = v128.load(pc, 48);
  let c20 = lastTwo ? c00 : v128.load(pc, 64), c21 = lastTwo ? c01 : v128.load(pc, 80);
  let c30 = lastTwo ? c00 : v128.load(pc, 96), c31 = lastTwo ? c01 : v128.load(pc, 112);
  for (let p = 0; p < steps; p++) {
    const w0 = v128.load(pb), w1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(pa);
    c00 = mulAdd(x0, w0, c00, fusedLow); c01 = f32x4.add(f32x4.mul(x0, w1), c01);
    const x1 = v128.load32_splat(pa, 4);
    c10 = mulAdd(x1, w0, c10, fusedLow); c11 = f32x4.add(f32x4.mul(x1, w1), c11);
    if (!lastTwo) {
      const x2 = v128.load32_splat(pa, 8);
      c20 = mulAdd(x2, w0, c20, fusedLow); c21 = f32x4.add(f32x4.mul(x2, w1), c21);
      const x3 = v128.load32_splat(pa, 12);
      c30 = mulAdd(x3, w0, c30, fusedLow); c31 = f32x4.add(f32x4.mul(x3, w1), c31);
    }
    pa += SLIVER_STEP; pb += PANEL_ROW;
  }
  v128.store(pc, c00); v128.store(pc, c01, 16); v128.store(pc, c10, 32); v128.store(pc, c11, 48);
  if (lastTwo) return;
  v128.store(pc, c20, 64); v128.store(pc, c21, 80); v128.store(pc, c30, 96); v128.store(pc, c31, 112);
}

/** The start of a tile row: zeros (initBias 0), C's own values (1), or the bias row. */
@inline function initRow(initBias: usize, pc: usize, offset: usize): v128 {
  if (initBias == 0) return f32x4.splat(0);
  return v128.load((initBias == 1 ? pc : initBias) + offset);
}

/**
 * The micro-kernel: C rows pc + r·ci (r < 6, 8 columns) += Σ_p sliver(p, r)·panel(p), twelve accumulators
 * in registers; both operands advance by a constant stride, so the six broadcasts are one address plus
 * constant offsets.
 */
function tile6(pa: usize, pb: usize, steps: i32, pc: usize, ci: usize, initBias: usize): void {
  const same = initBias == 1;
  let c00 = initRow(initBias, pc, 0), c01 = initRow(initBias, pc, 16);
  let c10 = same ? v128.load(pc + ci) : c00, c11 = same ? v128.load(pc + ci, 16) : c01;
  let c20 = same ? v128.load(pc + 2 * ci) : c00, c21 = same ? v128.load(pc + 2 * ci, 16) : c01;
  let c30 = same ? v128.load(pc + 3 * ci) : c00, c31 = same ? v128.load(pc + 3 * ci, 16) : c01;
  let c40 = same ? v128.load(pc + 4 * ci) : c00, c41 = same ? v128.load(pc + 4 * ci, 16) : c01;
  let c50 = same ? v128.load(pc + 5 * ci) : c00, c51 = same ? v128.load(pc + 5 * ci, 16) : c01;
  for (let p = 0; p < steps; p++) {
    const w0 = v128.load(pb), w1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, w0, c00); c01 = madd(x, w1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, w0, c10); c11 = madd(x, w1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = madd(x, w0, c20); c21 = madd(x, w1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = madd(x, w0, c30); c31 = madd(x, w1, c31);
    x = v128.load32_splat(pa, 16);
    c40 = madd(x, w0, c40); c41 = madd(x, w1, c41);
    x = v128.load32_splat(pa, 20);
    c50 = madd(x, w0, c50); c51 = madd(x, w1, c51);
    pa += SLIVER_STEP; pb += PANEL_ROW;
  }
  v128.store(pc, c00); v128.store(pc, c01, 16);
  v128.store(pc + ci, c10); v128.store(pc + ci, c11, 16);
  v128.store(pc + 2 * ci, c20); v128.store(pc + 2 * ci, c21, 16);
  v128.store(pc + 3 * ci, c30); v128.store(pc + 3 * ci, c31, 16);
  v128.store(pc + 4 * ci, c40); v128.store(pc + 4 * ci, c41, 16);
  v128.store(pc + 5 * ci, c50); v128.store(pc + 5 * ci, c51, 16);
}

/** tile6() for a sliver's first four rows only (the rows past them are zero): eight accumulators, straight into C. */
function tile4(pa: usize, pb: usize, steps: i32, pc: usize, ci: usize, initBias: usize): void {
  const same = initBias == 1;
  let c00 = initRow(initBias, pc, 0), c01 = initRow(initBias, pc, 16);
  let c10 = same ? v128.load(pc + ci) : c00, c11 = same ? v128.load(pc + ci, 16) : c01;
  let c20 = same ? v128.load(pc + 2 * ci) : c00, c21 = same ? v128.load(pc + 2 * ci, 16) : c01;
  let c30 = same ? v128.load(pc + 3 * ci) : c00, c31 = same ? v128.load(pc + 3 * ci, 16) : c01;
  for (let p = 0; p < steps; p++) {
    const w0 = v128.load(pb), w1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, w0, c00); c01 = madd(x, w1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, w0, c10); c11 = madd(x, w1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = madd(x, w0, c20); c21 = madd(x, w1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = madd(x, w0, c30); c31 = madd(x, w1, c31);
    pa += SLIVER_STEP; pb += PANEL_ROW;
  }
  v128.store(pc, c00); v128.store(pc, c01, 16);
  v128.store(pc + ci, c10); v128.store(pc + ci, c11, 16);
  v128.store(pc + 2 * ci, c20); v128.store(pc + 2 * ci, c21, 16);
  v128.store(pc + 3 * ci, c30); v128.store(pc + 3 * ci, c31, 16);
}

/** tile6() for a sliver's first two rows only (the rows past them are zero): four accumulators, straight into C. */
function tile2(pa: usize, pb: usize, steps: i32, pc: usize, ci: usize, initBias: usize): void {
  const same = initBias == 1;
  let c00 = initRow(initBias, pc, 0), c01 = initRow(initBias, pc, 16);
  let c10 = same ? v128.load(pc + ci) : c00, c11 = same ? v128.load(pc + ci, 16) : c01;
  for (let p = 0; p < steps; p++) {
    const w0 = v128.load(pb), w1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, w0, c00); c01 = madd(x, w1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, w0, c10); c11 = madd(x, w1, c11);
    pa += SLIVER_STEP; pb += PANEL_ROW;
  }
  v128.store(pc, c00); v128.store(pc, c01, 16);
  v128.store(pc + ci, c10); v128.store(pc + ci, c11, 16);
}
