// Two threads on one WebAssembly memory: a job (a big matmul, or an update of a long vector) is cut into
// chunks — row blocks of the output, element ranges of a vector — that the calling thread claims one at
// a time from the front and a helper thread from the back of a shared ticket. A helper that starts late
// or is descheduled costs at most the chunk it holds, and each thread keeps working on the same end of
// every buffer step after step, so its share stays in its own core's cache. Every chunk runs the same code whichever thread takes it, and chunk
// boundaries depend on the job's size only, so two threads give the same bits as one.

import type { KernelExports } from './modules';
import { VECTOR_OPS, VECTOR_OP_NAMES, callVectorExport, type VectorOpName } from './vector-ops';
import { pieceCount, planViews, runHalf, runPiece, type HalfKernels, type PlanViews } from './halves';

/** The kernel exports a chunk runs (assembly/kernels.ts): byte addresses and element counts. */
export type ChunkKernels = Pick<KernelExports, 'gemm' | 'gemmTransB' | 'gemmPacked' | VectorOpName> & HalfKernels;

/** int32 words of the control block (its byte address is 16-aligned in the shared memory). */
export const CONTROL_WORDS = 64;
// TICKET packs the job's sequence number (16 bits), its first unclaimed chunk (8) and one past its last
// unclaimed chunk (8): one compare-exchange claims a chunk of exactly the job it read, so no stale claim
// is possible. CHUNKS holds the job's chunk count.
// FAILED: a chunk threw on the helper (its thread ends; the caller reports it instead of waiting for good).
const TICKET = 0, FINISHED = 1, READY = 2, HELPED = 3, OP = 4, CHUNKS = 5, FAILED = 6, ARGS = 8;
const MAX_ARGS = 24;
const RESULTS_F64 = 16; // float64 index of word 32: one partial sum per chunk
export const MAX_CHUNKS = 16;

export const OP_GEMM = 1, OP_GEMM_TRANS_B = 2, OP_STOP = 3, OP_GEMM_PACKED = 4, OP_GEMM_SPLIT_K = 5, OP_SECOND_HALF = 6, OP_SUM_PIECES = 7;
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

/**
 * The control block's views: int32 words, the same words as float32 (float arguments), float64 (results);
 * and the memory's buffer as it is now (grown since the views were made, it reaches further: a job's plan may
 * lie beyond the first buffer's end).
 */
export interface ControlViews { c: Int32Array; f: Float32Array; results: Float64Array; memory(): ArrayBufferLike }

export function controlViews(buffer: ArrayBufferLike, at: number, memory: () => ArrayBufferLike = () => buffer): ControlViews {
  return {
    c: new Int32Array(buffer, at, CONTROL_WORDS),
    f: new Float32Array(buffer, at, CONTROL_WORDS),
    results: new Float64Array(buffer, at, CONTROL_WORDS / 2),
    memory,
  };
}

/**
 * Runs chunk `chunk` of the job in the control block. Arguments by op (after ARGS; f = float32):
 * GEMM a sai sap b ldb bias c ldc m k n rowsPerChunk — rows of C (and A);
 * GEMM_TRANS_B a b c m n k rowsPerChunk — rows of C (and A);
 * GEMM_PACKED a sai sap packed bias c ldc m k n kc mc scratch rowsPerChunk scratchBytesPerChunk — rows of C (and A), each chunk its own scratch;
 * GEMM_SPLIT_K a b bias c partial m k n kh rowsPerChunk blocks — chunk h·blocks + r: rows block r of the first kh
 * products into C (with the bias, h = 0) or of the rest into `partial` (h = 1);
 * vector ops (vector-ops.ts): count perChunk, the op's buffer addresses, then its floats (float32); a
 * 'sum' op leaves its chunk's float64 result in results[chunk];
 * SECOND_HALF plan words — one chunk: the second half of the training pass in the plan (halves.ts);
 * SUM_PIECES plan words — chunk p: piece p of the plan's gradient sum (halves.ts runPiece).
 */
export function runChunk(fns: ChunkKernels, views: ControlViews, chunk: number): void {
  const op = views.c[OP];
  if (op === OP_GEMM) runGemmChunk(fns, views.c, chunk);
  else if (op === OP_SECOND_HALF) runHalf(fns, planAt(views, views.c[ARGS], views.c[ARGS + 1]), 1);
  else if (op === OP_SUM_PIECES) runPiece(fns, planAt(views, views.c[ARGS], views.c[ARGS + 1]), chunk);
  else if (op === OP_GEMM_PACKED) runPackedChunk(fns, views.c, chunk);
  else if (op === OP_GEMM_SPLIT_K) runSplitKChunk(fns, views.c, chunk);
  else if (op === OP_GEMM_TRANS_B) runTransBChunk(fns, views.c, chunk);
  else runVectorChunk(fns, views, op - OP_VECTOR_FIRST, chunk);
}

// One small function per op, so each compiles on its own (V8 optimizes what runs hot, and a deopt in one
// op's path recompiles only that one).

/** One chunk of a GEMM job: a rows block of C (and A). */
function runGemmChunk(fns: ChunkKernels, c: Int32Array, chunk: number): void {
  const r0 = chunk * c[ARGS + 11], r1 = Math.min(c[ARGS + 8], r0 + c[ARGS + 11]);
  fns.gemm(c[ARGS] + r0 * c[ARGS + 1] * 4, c[ARGS + 1], c[ARGS + 2], c[ARGS + 3], c[ARGS + 4], c[ARGS + 5],
    c[ARGS + 6] + r0 * c[ARGS + 7] * 4, c[ARGS + 7], r1 - r0, c[ARGS + 9], c[ARGS + 10]);
}

/** One chunk of a GEMM_PACKED job: a rows block of C (and A), with its own scratch. */
function runPackedChunk(fns: ChunkKernels, c: Int32Array, chunk: number): void {
  const r0 = chunk * c[ARGS + 13], r1 = Math.min(c[ARGS + 7], r0 + c[ARGS + 13]);
  fns.gemmPacked(c[ARGS] + r0 * c[ARGS + 1] * 4, c[ARGS + 1], c[ARGS + 2], c[ARGS + 3], c[ARGS + 4],
    c[ARGS + 5] + r0 * c[ARGS + 6] * 4, c[ARGS + 6], r1 - r0, c[ARGS + 8], c[ARGS + 9], c[ARGS + 10], c[ARGS + 11],
    c[ARGS + 12] + chunk * c[ARGS + 14]);
}

/** One chunk of a GEMM_TRANS_B job: a rows block of C (and A). */
function runTransBChunk(fns: ChunkKernels, c: Int32Array, chunk: number): void {
  const r0 = chunk * c[ARGS + 6], r1 = Math.min(c[ARGS + 3], r0 + c[ARGS + 6]);
  fns.gemmTransB(c[ARGS] + r0 * c[ARGS + 4] * 4, c[ARGS + 1], c[ARGS + 2] + r0 * c[ARGS + 5] * 4, r1 - r0, c[ARGS + 4], c[ARGS + 5]);
}

/** The plan views this thread made last, and for which memory (a network trains step after step on the same plan). */
let lastPlan: { views: ControlViews; plan: PlanViews } | null = null;

function planAt(views: ControlViews, at: number, words: number): PlanViews {
  if (lastPlan?.views !== views || lastPlan.plan.at !== at || lastPlan.plan.c.length !== words) {
    lastPlan = { views, plan: planViews(views.memory(), at, words) };
  }
  return lastPlan.plan;
}

/** A vector op's call arguments, one list reused chunk after chunk (callVectorExport). */
const vectorArgs: number[] = [0.5];

/** One chunk of a vector op (its index in VECTOR_OP_NAMES): an element range of its buffers. */
function runVectorChunk(fns: ChunkKernels, views: ControlViews, index: number, chunk: number): void {
  const { c, f, results } = views;
  const name = VECTOR_OP_NAMES[index];
  const count = c[ARGS], size = c[ARGS + 1];
  const from = chunk * size, nb = VECTOR_OPS[name].buffers.length;
  const value = callVectorExport(fns, name, vectorArgs, from, Math.min(count, from + size) - from, c, ARGS + 2, f, ARGS + 2 + nb);
  if (VECTOR_OPS[name].split === 'sum') results[RESULTS_F64 + chunk] = value;
}

/** One chunk of a GEMM_SPLIT_K job: a rows block of one half of the inner dimension (see runChunk). */
function runSplitKChunk(fns: ChunkKernels, c: Int32Array, chunk: number): void {
  const m = c[ARGS + 5], k = c[ARGS + 6], n = c[ARGS + 7], kh = c[ARGS + 8], size = c[ARGS + 9], blocks = c[ARGS + 10];
  const half = chunk >= blocks ? 1 : 0;
  const r0 = (chunk - half * blocks) * size, r1 = Math.min(m, r0 + size);
  const rowA = c[ARGS] + r0 * k * 4;
  if (half === 0) fns.gemm(rowA, k, 1, c[ARGS + 1], n, c[ARGS + 2], c[ARGS + 3] + r0 * n * 4, n, r1 - r0, kh, n);
  else fns.gemm(rowA + kh * 4, k, 1, c[ARGS + 1] + kh * n * 4, n, 0, c[ARGS + 4] + r0 * n * 4, n, r1 - r0, k - kh, n);
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
    try {
      runChunk(fns, views, fromBack ? back - 1 : front); // the job cannot change while one of its chunks is unfinished
    } catch (error) {
      if (fromBack) Atomics.store(c, FAILED, 1);
      finishChunk(c);
      throw error;
    }
    ran++;
    finishChunk(c);
  }
}

/**
 * Returns once `chunks` chunks of the job are finished. The helper holds the last ones and started about when
 * this thread did, so it polls first (pollFinished) and sleeps only if that was not enough.
 */
function awaitChunks(c: Int32Array, chunks: number): void {
  let done = pollFinished(c, chunks);
  while (done !== chunks) {
    Atomics.wait(c, FINISHED, done, 100);
    done = Atomics.load(c, FINISHED);
  }
}

/**
 * Polls the finished-chunks count up to SPINS times until it reaches `chunks`; returns the last count read.
 * Nothing follows the loop but its result: V8 compiles a long-running loop on the spot (on-stack replacement)
 * with the type feedback the function has then, and where code after the loop had none yet (a first job that
 * waited for a booting helper), the compiled loop was left through a deoptimization on each later long wait,
 * and its caller ran unoptimized meanwhile (Team.post 500–670 times in some 4-epoch CLI runs).
 */
function pollFinished(c: Int32Array, chunks: number): number {
  let done = Atomics.load(c, FINISHED);
  for (let spin = 0; spin < SPINS && done !== chunks; spin++) done = Atomics.load(c, FINISHED);
  return done;
}

/** Polls the ticket up to SPINS times until a job after `seq` is posted; returns the last ticket read (as pollFinished: nothing after the loop). */
function pollTicket(c: Int32Array, seq: number): number {
  let t = Atomics.load(c, TICKET);
  for (let spin = 0; spin < SPINS && ticketSeq(t) === seq; spin++) t = Atomics.load(c, TICKET);
  return t;
}

function finishChunk(c: Int32Array): void {
  if (Atomics.add(c, FINISHED, 1) + 1 === Atomics.load(c, CHUNKS)) Atomics.notify(c, FINISHED);
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
    // jobs come in bursts (one training step posts several): spin before sleeping, as waking a
    // sleeping thread costs more than a small chunk
    const t = pollTicket(c, seq);
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
  private firstHalf: PlanViews | null = null; // the plan runHalves is running (its first half runs here)
  private readonly runFirstHalf = (): void => runHalf(this.fns, this.firstHalf!, 0); // made once, not per step

  constructor(readonly views: ControlViews, private readonly fns: ChunkKernels) {}

  /** Runs `op` in `chunks` chunks on both threads (`args` from index `firstFloat` on are float32); returns when all are done. */
  run(op: number, args: number[], firstFloat: number, chunks: number): void {
    const { c, f } = this.views;
    if (args.length > MAX_ARGS) throw new Error(`kernel job too big: ${args.length} arguments`);
    for (let i = 0; i < args.length; i++) {
      if (i < firstFloat) c[ARGS + i] = args[i]; else f[ARGS + i] = args[i];
    }
    this.post(op, chunks);
  }

  /** Posts the job whose arguments are in the control block, works on it too, waits for the helper's last chunk. */
  private post(op: number, chunks: number, first?: () => void): void {
    const c = this.views.c;
    if (chunks > MAX_CHUNKS) throw new Error(`kernel job too big: ${chunks} chunks`);
    c[OP] = op;
    this.seq = (this.seq + 1) & 0xffff;
    Atomics.store(c, CHUNKS, chunks);
    Atomics.store(c, FINISHED, 0);
    Atomics.store(c, TICKET, (this.seq << 16) | chunks); // front 0, back = chunks
    Atomics.notify(c, TICKET);
    let failure: unknown = null;
    try {
      first?.(); // this thread's own part, while the helper takes the job's chunks
    } catch (error) {
      failure = error; // still waits for the helper's chunk below, so no stale chunk counts towards the next job
    }
    workOn(this.fns, this.views, this.seq, false);
    awaitChunks(c, chunks);
    if (failure !== null) throw failure;
    if (Atomics.load(c, FAILED) === 1 && Atomics.exchange(c, FAILED, 0) === 1) throw new Error('the kernel helper thread failed during a training step (its error is in the log), so this step is lost and the run stops; train again: the kernels go on on this thread alone');
  }

  /**
   * Runs vector op `name` over `count` floats at byte `addresses` in `chunks` chunks of `perChunk` on both
   * threads (its `floats` as float32, as the one-thread call passes them).
   */
  runVector(name: VectorOpName, count: number, perChunk: number, chunks: number, addresses: number[], floats: number[]): void {
    const { c, f } = this.views;
    const nb = addresses.length;
    if (2 + nb + floats.length > MAX_ARGS) throw new Error(`kernel job too big: ${2 + nb + floats.length} arguments`);
    c[ARGS] = count; c[ARGS + 1] = perChunk;
    for (let i = 0; i < nb; i++) c[ARGS + 2 + i] = addresses[i];
    for (let i = 0; i < floats.length; i++) f[ARGS + 2 + nb + i] = floats[i];
    this.post(vectorOpCode[name], chunks);
  }

  /**
   * Runs a training pass as two halves (halves.ts): posts the second to the helper, runs the first here,
   * then the second too if the helper has not taken it yet; returns when both are done.
   */
  runHalves(plan: PlanViews): void {
    const c = this.views.c;
    c[ARGS] = plan.at; c[ARGS + 1] = plan.c.length;
    this.firstHalf = plan;
    this.post(OP_SECOND_HALF, 1, this.runFirstHalf);
  }

  /** Runs the pieces of a plan's gradient sum (halves.ts runPiece) on both threads, a piece a chunk. */
  runPieces(plan: PlanViews): void {
    const c = this.views.c;
    c[ARGS] = plan.at; c[ARGS + 1] = plan.c.length;
    this.post(OP_SUM_PIECES, pieceCount(plan));
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
