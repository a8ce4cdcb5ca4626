// Two threads on one WebAssembly memory: a job (a big matmul, or an update of a long vector) is cut into
// chunks — row blocks of the output, element ranges of a vector — that the calling thread claims one at
// a time from the front and a helper thread from the back of a shared ticket. A helper that starts late
// or is descheduled costs at most the chunk it holds, and each thread keeps working on the same end of
// every buffer step after step, so its share stays in its own core's cache. Every chunk runs the same code whichever thread takes it, and chunk
// boundaries depend on the job's size only, so two threads give the same bits as one.

import type { KernelExports } from './modules';
import { VECTOR_OPS, VECTOR_OP_NAMES, type VectorOpName } from './vector-ops';

/** The kernel exports a chunk runs (assembly/kernels.ts): byte addresses and element counts. */
export type ChunkKernels = Pick<KernelExports, 'gemm' | 'gemmTransB' | 'gemmPacked' | VectorOpName>;

/** int32 words of the control block (its byte address is 16-aligned in the shared memory). */
export const CONTROL_WORDS = 64;
// TICKET packs the job's sequence number (16 bits), its first unclaimed chunk (8) and one past its last
// unclaimed chunk (8): one compare-exchange claims a chunk of exactly the job it read, so no stale claim
// is possible. CHUNKS holds the job's chunk count.
const TICKET = 0, FINISHED = 1, READY = 2, HELPED = 3, OP = 4, CHUNKS = 5, ARGS = 8;
const MAX_ARGS = 24;
const RESULTS_F64 = 16; // float64 index of word 32: one partial sum per chunk
export const MAX_CHUNKS = 16;

export const OP_GEMM = 1, OP_GEMM_TRANS_B = 2, OP_STOP = 3, OP_GEMM_PACKED = 4, OP_GEMM_SPLIT_K = 5;
/** Vector ops take the codes from here on, in their declaration order (vector-ops.ts). */
const OP_VECTOR_FIRST = 8;
const vectorOpCode = Object.fromEntries(VECTOR_OP_NAMES.map((name, i) => [name, OP_VECTOR_FIRST + i])) as Record<VectorOpName, number>;

/**
 * How many times a thread polls (the helper for its next job, the caller for the helper's chunk) before
 * it sleeps: a few hundred µs, longer than the gap between a training step's jobs.
 */
const SPINS = 200_000;

const ticketSeq = (t: number): number => t >>> 16;
const ticketFront = (t: number): number => (t >>> 8) & 0xff;
const ticketBack = (t: number): number => t & 0xff;

/** The control block's views: int32 words, the same words as float32 (float arguments), float64 (results). */
export interface ControlViews { c: Int32Array; f: Float32Array; results: Float64Array }

export function controlViews(buffer: ArrayBufferLike, at: number): ControlViews {
  return {
    c: new Int32Array(buffer, at, CONTROL_WORDS),
    f: new Float32Array(buffer, at, CONTROL_WORDS),
    results: new Float64Array(buffer, at, CONTROL_WORDS / 2),
  };
}

/** [from, to) of chunk `chunk` when `count` items are cut in blocks of `size`. */
function chunkRange(chunk: number, size: number, count: number): [number, number] {
  const from = chunk * size;
  return [from, Math.min(count, from + size)];
}

/**
 * Runs chunk `chunk` of the job in the control block. Arguments by op (after ARGS; f = float32):
 * GEMM a sai sap b ldb bias c ldc m k n rowsPerChunk — rows of C (and A);
 * GEMM_TRANS_B a b c m n k rowsPerChunk — rows of C (and A);
 * GEMM_PACKED a sai sap packed bias c ldc m k n kc mc scratch rowsPerChunk scratchBytesPerChunk — rows of C (and A), each chunk its own scratch;
 * GEMM_SPLIT_K a b bias c partial m k n kh rowsPerChunk blocks — chunk h·blocks + r: rows block r of the first kh
 * products into C (with the bias, h = 0) or of the rest into `partial` (h = 1);
 * vector ops (vector-ops.ts): count perChunk, the op's buffer addresses, then its floats (float32); a
 * 'sum' op leaves its chunk's float64 result in results[chunk].
 */
export function runChunk(fns: ChunkKernels, views: ControlViews, chunk: number): void {
  const { c, f, results } = views;
  const a = (i: number): number => c[ARGS + i];
  const op = c[OP];
  if (op === OP_GEMM) {
    const [r0, r1] = chunkRange(chunk, a(11), a(8));
    fns.gemm(a(0) + r0 * a(1) * 4, a(1), a(2), a(3), a(4), a(5), a(6) + r0 * a(7) * 4, a(7), r1 - r0, a(9), a(10));
    return;
  }
  if (op === OP_GEMM_PACKED) {
    const [r0, r1] = chunkRange(chunk, a(13), a(7));
    fns.gemmPacked(a(0) + r0 * a(1) * 4, a(1), a(2), a(3), a(4), a(5) + r0 * a(6) * 4, a(6), r1 - r0, a(8), a(9), a(10), a(11), a(12) + chunk * a(14));
    return;
  }
  if (op === OP_GEMM_SPLIT_K) {
    runSplitKChunk(fns, a, chunk);
    return;
  }
  if (op === OP_GEMM_TRANS_B) {
    const [r0, r1] = chunkRange(chunk, a(6), a(3));
    fns.gemmTransB(a(0) + r0 * a(4) * 4, a(1), a(2) + r0 * a(5) * 4, r1 - r0, a(4), a(5));
    return;
  }
  const name = VECTOR_OP_NAMES[op - OP_VECTOR_FIRST];
  const { buffers, floats, split } = VECTOR_OPS[name];
  const [from, to] = chunkRange(chunk, a(1), a(0));
  const args: number[] = [];
  for (let i = 0; i < buffers.length; i++) args.push(a(2 + i) + from * 4);
  args.push(to - from);
  for (let i = 0; i < floats.length; i++) args.push(f[ARGS + 2 + buffers.length + i]);
  const value = (fns[name] as (...args: number[]) => number | void)(...args);
  if (split === 'sum') results[RESULTS_F64 + chunk] = value as number;
}

/** One chunk of a GEMM_SPLIT_K job: a rows block of one half of the inner dimension (see runChunk). */
function runSplitKChunk(fns: ChunkKernels, a: (i: number) => number, chunk: number): void {
  const [m, k, n, kh, size, blocks] = [a(5), a(6), a(7), a(8), a(9), a(10)];
  const half = chunk >= blocks ? 1 : 0;
  const [r0, r1] = chunkRange(chunk - half * blocks, size, m);
  const rowA = a(0) + r0 * k * 4;
  if (half === 0) fns.gemm(rowA, k, 1, a(1), n, a(2), a(3) + r0 * n * 4, n, r1 - r0, kh, n);
  else fns.gemm(rowA + kh * 4, k, 1, a(1) + kh * n * 4, n, 0, a(4) + r0 * n * 4, n, r1 - r0, k - kh, n);
}

/**
 * Claims and runs chunks of the job whose ticket has sequence `seq` — from the front (the caller) or the
 * back (the helper) — until none is left; returns how many this thread ran.
 */
function workOn(fns: ChunkKernels, views: ControlViews, seq: number, fromBack: boolean): number {
  const c = views.c;
  let ran = 0;
  for (;;) {
    const t = Atomics.load(c, TICKET);
    const front = ticketFront(t), back = ticketBack(t);
    if (ticketSeq(t) !== seq || front >= back) return ran;
    if (Atomics.compareExchange(c, TICKET, t, fromBack ? t - 1 : t + 0x100) !== t) continue;
    runChunk(fns, views, fromBack ? back - 1 : front); // the job cannot change while one of its chunks is unfinished
    ran++;
    if (Atomics.add(c, FINISHED, 1) + 1 === Atomics.load(c, CHUNKS)) Atomics.notify(c, FINISHED);
  }
}

/**
 * The body of a helper thread: serves jobs on `fns` (its own instance over the shared memory) until the
 * caller posts OP_STOP.
 */
export function serveJobs(fns: ChunkKernels, views: ControlViews): void {
  const c = views.c;
  let seq = ticketSeq(Atomics.load(c, TICKET));
  Atomics.store(c, READY, 1);
  Atomics.notify(c, READY);
  for (;;) {
    let t = Atomics.load(c, TICKET);
    // jobs come in bursts (one training step posts several): spin before sleeping, as waking a
    // sleeping thread costs more than a small chunk
    for (let spin = 0; spin < SPINS && ticketSeq(t) === seq; spin++) t = Atomics.load(c, TICKET);
    if (ticketSeq(t) === seq) { Atomics.wait(c, TICKET, t); continue; }
    seq = ticketSeq(t);
    if (c[OP] === OP_STOP) return;
    const ran = workOn(fns, views, seq, true);
    if (ran) Atomics.add(c, HELPED, ran);
  }
}

/** The calling thread's side: posts jobs, works on them too, waits for the helper's last chunk. */
export class Team {
  private seq = 0;

  constructor(readonly views: ControlViews, private readonly fns: ChunkKernels) {}

  /** Runs `op` in `chunks` chunks on both threads (`args` from index `firstFloat` on are float32); returns when all are done. */
  run(op: number, args: number[], firstFloat: number, chunks: number): void {
    const { c, f } = this.views;
    if (args.length > MAX_ARGS || chunks > MAX_CHUNKS) throw new Error(`kernel job too big: ${args.length} arguments, ${chunks} chunks`);
    for (let i = 0; i < args.length; i++) {
      if (i < firstFloat) c[ARGS + i] = args[i]; else f[ARGS + i] = args[i];
    }
    c[OP] = op;
    this.seq = (this.seq + 1) & 0xffff;
    Atomics.store(c, CHUNKS, chunks);
    Atomics.store(c, FINISHED, 0);
    Atomics.store(c, TICKET, (this.seq << 16) | chunks); // front 0, back = chunks
    Atomics.notify(c, TICKET);
    workOn(this.fns, this.views, this.seq, false);
    // the helper holds the last chunks: it started about when we did, so poll before sleeping
    let done = Atomics.load(c, FINISHED);
    for (let spin = 0; spin < SPINS && done !== chunks; spin++) done = Atomics.load(c, FINISHED);
    while (done !== chunks) {
      Atomics.wait(c, FINISHED, done, 100);
      done = Atomics.load(c, FINISHED);
    }
  }

  /**
   * Runs vector op `name` over `count` floats at byte `addresses` in `chunks` chunks of `perChunk` on both
   * threads (its `floats` as float32, as the one-thread call passes them).
   */
  runVector(name: VectorOpName, count: number, perChunk: number, chunks: number, addresses: number[], floats: number[]): void {
    this.run(vectorOpCode[name], [count, perChunk, ...addresses, ...floats], 2 + addresses.length, chunks);
  }

  /** The float64 partial result of chunk `chunk` of the last job. */
  result(chunk: number): number {
    return this.views.results[RESULTS_F64 + chunk];
  }

  /** Ends the helper thread (its serveJobs returns). */
  stop(): void {
    postStop(this.views.c);
  }

  /** Blocks up to `timeoutMs` until the helper serves jobs; true when it does. */
  waitForHelper(timeoutMs: number): boolean {
    Atomics.wait(this.views.c, READY, 0, timeoutMs);
    return Atomics.load(this.views.c, READY) === 1;
  }

  /** Chunks the helper has run so far. */
  get helperChunks(): number {
    return Atomics.load(this.views.c, HELPED);
  }
}

/** Posts the stop job (no chunks): the helper's serveJobs returns. */
export function postStop(c: Int32Array): void {
  c[OP] = OP_STOP;
  const t = Atomics.load(c, TICKET);
  Atomics.store(c, TICKET, ((ticketSeq(t) + 1) & 0xffff) << 16);
  Atomics.notify(c, TICKET);
}
