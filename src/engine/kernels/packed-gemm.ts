// How the WebAssembly tier runs a blocked, packed matmul (assembly/gemm-packed.ts): block sizes from the
// problem and the cache sizes, the pack buffer, and the cut into row chunks for two threads.
import type { KernelExports } from './modules';
import { OP_GEMM_PACKED, type Team } from './team';

/** The smallest caches the kernels must hold their speed on (Zen 3: 32 KB L1d, 512 KB L2 per core). */
export const CACHE_BYTES = { l1: 32 * 1024, l2: 512 * 1024 };
/** Bytes of L1 one k step of a 6×8 tile reads: a panel row (8 floats) and six A values (a sliver step). */
const L1_BYTES_PER_STEP = 32 + 24;
/** Rows of an A sliver (assembly/gemm-packed.ts SLIVER_ROWS). */
const SLIVER_ROWS = 6;
/** Row blocks and chunks are whole slivers and multiples of 4 rows: only a product's last one ends in a partial sliver. */
const CHUNK_ROWS_MULTIPLE = 12;
/** Matmuls with fewer rows than this run unpacked (gemmRow streams B once: prediction's single row). */
export const PACKED_MIN_ROWS = 4;
/** Packed matmuls of at least this many flops are split into row chunks when a helper thread serves. */
const PARALLEL_MIN_FLOPS = 1_000_000;
const CHUNK_FLOPS = 1_000_000;

/**
 * kc: k per block, the largest even cut of k whose panel slice and A sliver (56 B per step) fill at most
 * half of L1; mc: rows per block so the A block (mc·kc floats) fills at most half of L2.
 */
export function packedBlockSizes(k: number, caches = CACHE_BYTES): { kc: number; mc: number } {
  const kcMax = Math.max(16, Math.floor(caches.l1 / 2 / L1_BYTES_PER_STEP) & ~3);
  const blocks = Math.ceil(k / kcMax);
  const kc = Math.min(k, (Math.ceil(k / blocks) + 3) & ~3);
  const mc = Math.max(CHUNK_ROWS_MULTIPLE, Math.floor(caches.l2 / 2 / (kc * 4) / CHUNK_ROWS_MULTIPLE) * CHUNK_ROWS_MULTIPLE);
  return { kc, mc };
}

/**
 * Whether packing pays for this product, as measured shape by shape with bench/gemm-shapes.ts (Zen 4,
 * 1 MB L2): when k is below 8, and for the Xᵀ·dZ form (sai = 1) with many output rows (its B strips, rows
 * of dZ 4n bytes apart, fall into a few L1 sets: 1.05×). Columns past the last multiple of 4 run as vector
 * tiles in the unpacked loops too (1.9× the packed edges on the MNIST net's last layer, 2.7× on the
 * origin's). Elsewhere copying B (and A) costs about what the unit-stride panels save on this core.
 */
export function packingPays(x: PackedProduct): boolean {
  return x.k < 8 || (x.sai === 1 && x.m >= 256);
}

/**
 * Whether a forward product X·W (m rows, n columns) runs packed on one thread: from 48 rows and 64 columns.
 * Packing W costs k·n copies against m·k·n multiply-adds, so it pays on a big batch: MNIST's net at batch
 * 64 on one thread, paired in-process A/B, 1.034× and 1.036× (and 1.02× against not packing from 1,000
 * rows); the origin's at batch 32, 0.96× (not packing: 1.043×). With a helper thread it stays unpacked —
 * packing W on the calling thread before the helper can start cost 0.72–0.86× there — and the bits are
 * the same either way (packed and unpacked sum every element in one order).
 */
export function forwardPackingPays(m: number, n: number, threads: number): boolean {
  return threads === 1 && m >= 48 && n >= 64;
}

/** Floats of the pack buffer for an inner size k and n output columns: ⌈n/8⌉ panels of k·8. */
export const packedFloats = (k: number, n: number): number => Math.ceil(n / 8) * 8 * k;

/** Floats of one chunk's scratch (assembly/gemm-packed.ts packedScratchFloats): its A block (whole 6-row slivers) and a 6×8 tile. */
export function scratchFloats(rows: number, kc: number, mc: number): number {
  return Math.ceil(Math.min(rows, mc) / SLIVER_ROWS) * SLIVER_ROWS * kc + 48;
}

/** How a packed product of m rows is cut for two threads: rows per chunk (a multiple of 12) and chunks; one chunk when small. */
export function packedChunks(m: number, flops: number, threads: number): { size: number; chunks: number } {
  if (threads < 2 || m < 8 || flops < PARALLEL_MIN_FLOPS) return { size: m, chunks: 1 };
  const wanted = Math.min(8, Math.max(2, Math.floor(flops / CHUNK_FLOPS)));
  const size = Math.ceil(Math.ceil(m / wanted) / CHUNK_ROWS_MULTIPLE) * CHUNK_ROWS_MULTIPLE;
  return { size, chunks: Math.ceil(m / size) };
}

/** Floats of scratch (after the panels) a product needs: one A block and tile per chunk. */
export function packedScratchTotal(m: number, k: number, n: number, threads: number): number {
  const { kc, mc } = packedBlockSizes(k);
  const { size, chunks } = packedChunks(m, 2 * m * k * n, threads);
  return chunks * scratchFloats(size, kc, mc);
}

/** A packed matmul's operands (byte addresses): C[m×n] = A·L (+ bias), A(i,p) at a + 4(i·sai + p·sap). */
export interface PackedProduct { a: number; sai: number; sap: number; bias: number; c: number; ldc: number; m: number; k: number; n: number }

/**
 * Runs C = A·L on the panels at `packed` (each chunk's scratch from `scratch` on): in row chunks on both threads when a
 * helper serves and the product is big, else in one call — the same bits either way (each element's sum
 * runs in one fixed order whatever the chunk).
 */
export function runPacked(fns: KernelExports, team: Team | null, x: PackedProduct, packed: number, scratch: number): void {
  const { kc, mc } = packedBlockSizes(x.k);
  const { size, chunks } = packedChunks(x.m, 2 * x.m * x.k * x.n, team ? 2 : 1);
  if (team && chunks > 1) {
    const chunkBytes = scratchFloats(size, kc, mc) * 4;
    team.run(OP_GEMM_PACKED, [x.a, x.sai, x.sap, packed, x.bias, x.c, x.ldc, x.m, x.k, x.n, kc, mc, scratch, size, chunkBytes], 15, chunks);
    return;
  }
  fns.gemmPacked(x.a, x.sai, x.sap, packed, x.bias, x.c, x.ldc, x.m, x.k, x.n, kc, mc, scratch);
}
