import { activationCode } from '../activations';
import { activations, type HiddenActivation } from '../functions';
import { shiftedDropoutThreshold } from '../passes';
import type { Random } from '../random';
import { typedArrayKernels } from './typed-array';
import { CONTROL_WORDS, MAX_CHUNKS, OP_GEMM, OP_GEMM_SPLIT_K, OP_GEMM_TRANS_B, Team, controlViews, postStop, serveJobs } from './team';
import type { Floats, HalvedPass, Kernels, LossSums } from './types';
import { HalvesChoice, runtimeClock } from './halves-choice';
import { halvesResult, pieceCount, planViews, planWords, runPieces, runWhole, sumOfSquares, sumPieces, writePlan, writeStep, type PlanBuffers, type PlanViews } from './halves';
import { VECTOR_OPS, callVectorExport, runVectorLoop, vectorMethods, type VectorKernels, type VectorOpName } from './vector-ops';
import { compiledModules, wasmApi, type CompiledModules, type KernelExports, type WasmMemory } from './modules';
import { PACKED_MIN_ROWS, forwardPackingPays, packedFloats, packingPays, packedScratchTotal, runPacked, type PackedProduct } from './packed-gemm';

const PAGE = 65536;
/** Largest memory a kernel instance grows to (the module allows 4 GiB); beyond it buffers are plain arrays. */
const MAX_PAGES = 16384; // 1 GiB
/** An ordinary (non-shared) memory cannot grow once views exist (growing detaches them): reserve this much. */
const UNSHARED_BYTES = 64 * 1024 * 1024;
/** Addresses below this are never handed out, so 0 can mean "no buffer". */
const FIRST_ADDRESS = 1024;

/** Matmuls below this many flops stay on one thread: waking the helper would cost more than it saves. */
const PARALLEL_MIN_FLOPS = 1_000_000;
/**
 * Forward products X·W with an inner size of at least SPLIT_K_MIN_K (and SPLIT_K_MIN_FLOPS) run as two halves of
 * k, X[:, :h]·W[:h, :] (+ bias) and X[:, h:]·W[h:, :], then one add — on one thread as on two, so the bits never
 * depend on the thread count. With two threads each takes one half (rows blocks of it, the other's when it
 * is done first): each core reads the rows of W it updated itself, and a big layer's weights stop crossing
 * between the cores every step (on cores under separate L3s that crossing cost the update 5×).
 */
const SPLIT_K_MIN_K = 512;
const SPLIT_K_MIN_FLOPS = 8_000_000;
/** About this many flops per chunk of a split matmul (between 2 and 8 chunks). */
const CHUNK_FLOPS = 1_000_000;
/**
 * Vectors of at least this many floats are cut into chunks (shared with the helper thread when there is
 * one); sums of squares are cut the same way with one thread too, so their bits never depend on it.
 */
const SPLIT_MIN_FLOATS = 65_536;
/**
 * While a network trains in halves on two threads, elementwise updates from this many floats are shared too:
 * the helper holds the weights it read in its cache, and each thread's writes wait for those copies to be
 * dropped, so two threads drop them in half the time (origin's SGD step 5.5 → 4 µs). Elementwise: same bits.
 */
const HALVES_SPLIT_MIN_FLOATS = 4096;

/**
 * shared: a shared memory where allowed (default); fma: the fused build where it validates (default);
 * packed: blocked, packed batch matmuls where they pay (true, default), for every batch ('always'), never (false).
 */
export interface WasmKernelOptions { shared?: boolean; fma?: boolean; packed?: boolean | 'always' }

/** What a host hands to a new helper thread (structured-cloneable: a shared memory and numbers). */
export interface KernelHelperInit {
  memory: unknown;
  control: number;
  /** Whether the caller runs the fused multiply-add build (the helper must run the same one). */
  fma: boolean;
  /**
   * The caller's compiled module (a WebAssembly.Module: structured-cloneable to a worker), so the helper
   * instantiates the same compiled code — V8 shares it between threads, with the optimized code the caller's
   * calls have already tiered up to — instead of compiling its own from the bytes and starting cold.
   */
  module?: unknown;
}

const roundUp4 = (n: number): number => (n + 3) & ~3;

/** How a job of `rows` output rows (`flops` in all) is cut: rows per chunk (a multiple of 4) and chunk count. */
function rowChunks(rows: number, flops: number): { size: number; chunks: number } {
  const wanted = Math.min(8, Math.max(2, Math.floor(flops / CHUNK_FLOPS)));
  const size = roundUp4(Math.ceil(rows / wanted));
  return { size, chunks: Math.ceil(rows / size) };
}

/** How a vector of `count` floats is cut: elements per chunk (a multiple of 4) and chunk count (from its length only). */
function vectorChunks(count: number): { size: number; chunks: number } {
  const wanted = Math.min(8, Math.max(2, Math.floor(count / 32_768)));
  const size = roundUp4(Math.ceil(count / wanted));
  return { size, chunks: Math.ceil(count / size) };
}

/**
 * The body of a helper thread (call it in a Node worker_threads Worker or a Web Worker with the init a
 * WasmKernels.useThreads host received). Blocks its thread, serving jobs until the kernels stop it.
 */
export function serveKernelHelper(init: KernelHelperInit): void {
  const memory = init.memory as WasmMemory;
  const module = wasmApi && init.module instanceof wasmApi.Module ? init.module : ownHelperModule(init.fma);
  const fns = new wasmApi!.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  serveJobs(fns, controlViews(memory.buffer, init.control, () => memory.buffer));
}

/** The shared-memory module a helper compiles for itself when its host sent none (the fused build when the caller runs it). */
function ownHelperModule(fma: boolean): object {
  const modules = compiledModules();
  if (!modules) throw new Error('kernel helper: WebAssembly SIMD is not available in this thread');
  return fma && modules.fmaShared ? modules.fmaShared : modules.shared;
}

/**
 * The WebAssembly SIMD tier: one linear memory per instance holding weights, gradients, optimizer state
 * and workspaces (allocate), so a training step passes addresses and copies nothing. A call whose
 * buffers are not all in this memory (float64, or a plain array) runs the typed-array loops instead.
 */
// The vector ops are methods installed from their declarations (vector-ops.ts) in the constructor.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface WasmKernels extends VectorKernels {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WasmKernels implements Kernels {
  readonly name = 'wasm-simd';
  readonly isShared: boolean;
  /** Whether this instance multiply-adds with relaxed SIMD's fused instruction. */
  readonly fma: boolean;
  /** Batch matmuls run blocked and packed (assembly/gemm-packed.ts) where that pays (true), always, or never (false: the bench's comparison). */
  readonly packed: boolean | 'always';
  // the vector ops' addresses and arguments, lists reused call after call (callVectorExport)
  private readonly vectorAddresses: number[] = [0.5];
  private readonly vectorArgs: number[] = [0.5];
  private packBuffer: Float32Array | null = null; // L's panels, then each chunk's A block and edge tile
  private partialBuffer: Float32Array | null = null; // a split-k product's second half
  private readonly memory: WasmMemory;
  /** The compiled module this instance runs (handed to a helper thread). */
  private readonly module: object;
  private readonly fns: KernelExports;
  private top = FIRST_ADDRESS;
  private readonly freeBlocks = new Map<number, number[]>(); // byte size → addresses
  private team: Team | null = null;
  private halvesChoice: HalvesChoice | null | undefined = undefined; // two threads or one for halved passes, by measurement (null: no clock)
  private readonly plans = new WeakMap<HalvedPass, { views: PlanViews; block: Float32Array } | null>(); // null: a buffer outside this memory
  private hitsCell: Int32Array | null = null; // where softmaxCrossEntropy counts correct rows
  private hitsBlock: Float32Array | null = null;
  private controlBlock: Float32Array | null = null; // keeps the control block's memory from being reused
  private lastBuffer: ArrayBufferLike | null = null; // the buffer most arrays share: a fast path for address()
  private readonly ownBuffers = new WeakSet<ArrayBufferLike>(); // memory.buffer before and after each grow
  private readonly reclaim = new FinalizationRegistry<{ address: number; bytes: number }>(
    ({ address, bytes }) => this.freeBlock(address, bytes));

  constructor(modules: CompiledModules, options: WasmKernelOptions = {}) {
    let memory: WasmMemory | null = null;
    let shared = false;
    this.packed = options.packed ?? true;
    this.fma = options.fma !== false && modules.fmaPlain !== null && modules.fmaShared !== null;
    const plain = this.fma ? modules.fmaPlain! : modules.plain, sharedModule = this.fma ? modules.fmaShared! : modules.shared;
    if (options.shared !== false && sharedModule !== plain) {
      try {
        memory = new wasmApi!.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
        shared = true;
      } catch {
        memory = null; // shared memory needs cross-origin isolation in browsers
      }
    }
    memory ??= new wasmApi!.Memory({ initial: UNSHARED_BYTES / PAGE, maximum: MAX_PAGES });
    this.memory = memory;
    this.isShared = shared;
    this.module = shared ? sharedModule : plain;
    const instance = new wasmApi!.Instance(this.module, { env: { memory } });
    this.fns = instance.exports as unknown as KernelExports;
    this.currentBuffer();
    Object.assign(this, vectorMethods((name, buffers, floats) => this.runVector(name, buffers, floats)));
  }

  /** memory.buffer, registered as ours (a shared memory gives a new buffer object after each grow). */
  private currentBuffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.ownBuffers.add(buffer);
    this.lastBuffer = buffer;
    return buffer;
  }

  /**
   * A zeroed float32 array in this memory. Its block is reused once the array is garbage: keep the
   * returned array itself alive as long as any view of it (subarray) is in use.
   */
  allocate(length: number): Float32Array {
    const bytes = Math.max(16, Math.ceil((length * 4) / 16) * 16);
    let address = this.freeBlocks.get(bytes)?.pop();
    if (address === undefined) {
      address = this.top;
      const end = address + bytes;
      const have = this.memory.buffer.byteLength;
      if (end > have) {
        if (!this.isShared) return new Float32Array(length); // growing would detach live views
        const pages = Math.ceil((end - have) / PAGE);
        try {
          this.memory.grow(Math.max(pages, have / PAGE / 4));
        } catch {
          return new Float32Array(length); // out of memory: correct, only slower
        }
      }
      this.top = end;
    }
    const array = new Float32Array(this.currentBuffer(), address, length);
    array.fill(0);
    this.reclaim.register(array, { address, bytes });
    return array;
  }

  private freeBlock(address: number, bytes: number): void {
    const list = this.freeBlocks.get(bytes);
    if (list) list.push(address); else this.freeBlocks.set(bytes, [address]);
  }

  /** Bytes handed out so far (the high-water mark), for diagnostics. */
  get reservedBytes(): number {
    return this.top;
  }

  /** Threads this instance computes on: 2 once a helper is attached, else 1. */
  get threads(): number {
    return this.team ? 2 : 1;
  }

  /** Threads a pass in halves runs on between the chooser's bursts: 1 while one thread measured faster. */
  get halvesThreads(): number {
    return this.team && this.halvesChoice?.current !== 'one' ? 2 : 1;
  }

  /**
   * Splits big matmuls and vector updates with one helper thread from now on. `startHelper` must start a
   * thread (Node worker_threads, a Web Worker) that calls serveKernelHelper(init). Needs a shared memory:
   * returns false where it is not (a browser page without cross-origin isolation), and the tier stays one thread.
   */
  useThreads(startHelper: (init: KernelHelperInit) => void): boolean {
    if (!this.isShared || this.team) return false;
    const block = this.allocate(CONTROL_WORDS);
    const views = controlViews(block.buffer, block.byteOffset, () => this.memory.buffer);
    this.controlBlock = block;
    this.team = new Team(views, this.fns);
    startHelper({ memory: this.memory, control: block.byteOffset, fma: this.fma, module: this.module });
    helperStopper.register(this, views.c, this); // a forgotten instance still ends its thread
    return true;
  }

  /** Blocks up to `timeoutMs` until the helper thread serves jobs (they run here meanwhile); true when it does. */
  waitForHelper(timeoutMs: number): boolean {
    return this.team ? this.team.waitForHelper(timeoutMs) : false;
  }

  /** How many chunks the helper thread has run (the rest of the split work ran on this thread). */
  get helperJobs(): number {
    return this.team ? this.team.helperChunks : 0;
  }

  /** Ends the helper thread, if any (Kernels.dispose). */
  dispose(): void {
    this.stopThreads();
  }

  /** Ends the helper thread (its serveKernelHelper returns); this instance goes back to one thread. */
  stopThreads(): void {
    if (!this.team) return;
    helperStopper.unregister(this);
    this.team.stop();
    this.team = null;
    this.controlBlock = null;
  }

  /**
   * Runs vector op `name` on whole buffers: in one call when short, on one thread, or never cut; else in
   * chunks (on both threads when a helper serves this instance). Buffers outside this memory (float64, a
   * plain array) run the typed-array loop.
   */
  private runVector(name: VectorOpName, buffers: Floats[], floats: number[]): number {
    const addresses = this.vectorAddresses;
    addresses.length = buffers.length;
    for (let i = 0; i < buffers.length; i++) {
      addresses[i] = this.address(buffers[i]);
      if (addresses[i] < 0) return runVectorLoop(name, buffers, floats);
    }
    const count = buffers[0].length, split = VECTOR_OPS[name].split;
    const splitFrom = split === 'elementwise' && this.halvesChoice?.current === 'two' ? HALVES_SPLIT_MIN_FLOATS : SPLIT_MIN_FLOATS;
    if (split === 'whole' || count < splitFrom || (split === 'elementwise' && !this.team)) return this.callVector(name, addresses, 0, count, floats);
    const { size, chunks } = vectorChunks(count);
    let sum = 0;
    if (this.team) {
      this.team.runVector(name, count, size, chunks, addresses, floats);
      if (split === 'sum') for (let chunk = 0; chunk < chunks; chunk++) sum += this.team.result(chunk);
      return sum;
    }
    for (let chunk = 0, from = 0; chunk < chunks; chunk++, from += size) { // a sum, cut as with two threads
      sum += this.callVector(name, addresses, from, Math.min(size, count - from), floats);
    }
    return sum;
  }

  /** The export `name` on `count` values from element `from` of the buffers at `addresses` (its result, or 0). */
  private callVector(name: VectorOpName, addresses: number[], from: number, count: number, floats: number[]): number {
    return callVectorExport(this.fns, name, this.vectorArgs, from, count, addresses, 0, floats, 0);
  }

  dropoutMask(mask: Floats, count: number, p: number, rng: Random): boolean {
    const pMask = this.address(mask);
    const shiftedThreshold = shiftedDropoutThreshold(p);
    if (pMask < 0 || shiftedThreshold > 2147483647) return false;
    this.fns.dropoutMask(pMask, count, shiftedThreshold, 1 / (1 - p), rng.nextUint32() | 0);
    return true;
  }

  activateDropout(activation: HiddenActivation, z: Floats, h: Floats, mask: Floats, a: Floats, count: number, p: number, rng: Random): boolean {
    const pz = this.address(z), ph = this.address(h), pMask = this.address(mask), pa = this.address(a);
    const shiftedThreshold = shiftedDropoutThreshold(p);
    if ((pz | ph | pMask | pa) < 0 || shiftedThreshold > 2147483647) return false;
    this.fns.activateDropout(activationCode[activation], pz, ph, pMask, pa, count, shiftedThreshold, 1 / (1 - p), rng.nextUint32() | 0);
    return true;
  }

  /** Runs the register-only multiply+add probe for `iterations` × 96 flops (the bench times it). */
  peakProbe(iterations: number): number {
    return this.fns.peakFlops(iterations);
  }

  /** Reads all of `x` (in this memory, length a multiple of 16) once, as fast as one core can (the bench times it). */
  bandwidthProbe(x: Float32Array): number {
    const address = this.address(x);
    if (address < 0) throw new Error('bandwidthProbe: the buffer is not in this memory');
    return this.fns.streamSum(address, x.length & ~15);
  }

  /** Whether `x` lives in this memory (so the kernels run on it without copies). */
  owns(x: Floats): boolean {
    return this.address(x) >= 0;
  }

  /** The byte address of `x` in this memory, or −1 if it lives elsewhere. */
  private address(x: Floats): number {
    if (!(x instanceof Float32Array)) return -1;
    const buffer = x.buffer;
    return buffer === this.lastBuffer || this.ownBuffers.has(buffer) ? x.byteOffset : -1;
  }

  /**
   * The pack buffer's address, grown to hold `floats` (L's panels, then the chunks' scratch), or
   * −1 when this memory has no room (the caller runs the unpacked loops).
   */
  private packSpace(floats: number): number {
    if (!this.packBuffer || this.packBuffer.length < floats) {
      this.packBuffer = null; // the old block is reused once garbage
      const buffer = this.allocate(Math.ceil(floats * 1.25));
      if (this.address(buffer) < 0) return -1;
      this.packBuffer = buffer;
    }
    return this.packBuffer.byteOffset;
  }

  /** C = A·L (+ bias) where `pack` writes L's panels into the pack buffer (where it pays, or `pays`); false when it does not run packed. */
  private packedProduct(x: PackedProduct, pack: (dst: number) => void, pays = packingPays(x)): boolean {
    if (!this.packed || x.m < PACKED_MIN_ROWS || (this.packed !== 'always' && !pays)) return false;
    const panels = packedFloats(x.k, x.n);
    const dst = this.packSpace(panels + packedScratchTotal(x.m, x.k, x.n, this.threads));
    if (dst < 0) return false;
    pack(dst);
    runPacked(this.fns, this.team, x, dst, dst + panels * 4);
    return true;
  }

  runHalves(pass: HalvedPass, m: number, firstHalfRows: number, rng: Random, rowWeights: Floats | null, squares: Float64Array): LossSums | null {
    const plan = this.planOf(pass);
    const weights = rowWeights ? this.address(rowWeights) : 0;
    if (!plan || weights < 0) return null;
    writeStep(plan.views, m, firstHalfRows, weights, rng);
    if (this.team && this.halvesChoice === undefined) this.halvesChoice = newHalvesChoice();
    const choice = this.team ? this.halvesChoice! : null;
    const way = choice ? choice.next() : this.team ? 'two' : 'one';
    if (way === 'two') this.team!.runHalves(plan.views);
    else runWhole(this.fns, plan.views);
    // the halves' sum and its squares, a piece per chunk (each thread adds what the other wrote for half of it)
    if (way === 'two' && pieceCount(plan.views) <= MAX_CHUNKS) this.team!.runPieces(plan.views);
    else runPieces(this.fns, plan.views);
    choice?.done();
    sumOfSquares(plan.views, squares);
    return halvesResult(plan.views);
  }

  /** The plan of a halved pass (made at its first run), or null when one of its buffers is not in this memory. */
  private planOf(pass: HalvedPass): { views: PlanViews; block: Float32Array } | null {
    let plan = this.plans.get(pass);
    if (plan !== undefined) return plan;
    const buffers = this.planBuffers(pass);
    if (buffers) {
      const pieces = sumPieces(buffers.layers), words = planWords(pass.layers.length, pieces.length);
      const block = this.allocate(words);
      plan = { views: planViews(block.buffer, block.byteOffset, words), block };
      writePlan(plan.views, buffers, pieces);
    } else plan = null;
    this.plans.set(pass, plan);
    return plan;
  }

  /** A halved pass's buffers as addresses in this memory, or null when one is elsewhere. */
  private planBuffers(pass: HalvedPass): PlanBuffers | null {
    const at = (x: Floats | null): number => (x ? this.address(x) : 0);
    const layers = pass.layers.map((l) => ({
      fanIn: l.fanIn, fanOut: l.fanOut, weights: at(l.weights), bias: at(l.bias), z: at(l.z), h: at(l.h), a: at(l.a), mask: at(l.mask),
      dA: at(l.dA), dZ: at(l.dZ), dWeights: [at(l.dWeights[0]), at(l.dWeights[1])] as [number, number],
      dBias: [at(l.dBias[0]), at(l.dBias[1])] as [number, number],
      kind: l.activation ? activationCode[l.activation] : -1,
      shiftedThreshold: l.mask ? shiftedDropoutThreshold(l.dropout) : 0, keepScale: l.mask ? 1 / (1 - l.dropout) : 0,
    }));
    const buffers = { input: at(pass.input), targets: at(pass.targets), probs: at(pass.probs), inputSize: pass.inputSize, layers };
    const addresses = [buffers.input, buffers.targets, buffers.probs, ...layers.flatMap((l) => [l.weights, l.bias, l.z, l.h, l.a, l.mask, l.dA, l.dZ, ...l.dWeights, ...l.dBias])];
    const lanesDrop = layers.every((l) => l.shiftedThreshold <= 2147483647);
    return addresses.every((x) => x >= 0) && lanesDrop ? buffers : null;
  }

  matmulBias(a: Floats, b: Floats, bias: Floats, c: Floats, m: number, k: number, n: number): void {
    const pa = this.address(a), pb = this.address(b), pBias = this.address(bias), pc = this.address(c);
    if ((pa | pb | pBias | pc) < 0) return typedArrayKernels.matmulBias(a, b, bias, c, m, k, n);
    const product = { a: pa, sai: k, sap: 1, bias: pBias, c: pc, ldc: n, m, k, n };
    if (this.packedProduct(product, (dst) => this.fns.packPanels(pb, n, k, n, dst))) return;
    const flops = 2 * m * k * n;
    const packedForward = this.packed !== false && forwardPackingPays(m, n, this.threads);
    if (k >= SPLIT_K_MIN_K && flops >= SPLIT_K_MIN_FLOPS && m >= 8 && this.splitKProduct(c, pa, pb, pBias, pc, m, k, n, packedForward)) return;
    if (packedForward && this.packedProduct(product, (dst) => this.fns.packPanels(pb, n, k, n, dst), true)) return;
    if (this.team && m >= 8 && flops >= PARALLEL_MIN_FLOPS) { // chunks of rows
      const { size, chunks } = rowChunks(m, flops);
      this.team.run(OP_GEMM, [pa, k, 1, pb, n, pBias, pc, n, m, k, n, size], 12, chunks);
      return;
    }
    this.fns.gemm(pa, k, 1, pb, n, pBias, pc, n, m, k, n);
  }

  /**
   * C = X[:, :h]·W[:h, :] + bias, P = X[:, h:]·W[h:, :], C += P (h = k/2 rounded up to 4); false when this
   * memory has no room for P (the caller runs the one-piece loops).
   */
  private splitKProduct(c: Floats, pa: number, pb: number, pBias: number, pc: number, m: number, k: number, n: number, packed: boolean): boolean {
    if (!this.partialBuffer || this.partialBuffer.length < m * n) {
      this.partialBuffer = null;
      const buffer = this.allocate(m * n);
      if (this.address(buffer) < 0) return false;
      this.partialBuffer = buffer;
    }
    const partial = this.partialBuffer.subarray(0, m * n), pp = partial.byteOffset;
    const kh = (Math.ceil(k / 2) + 3) & ~3;
    if (this.team) {
      const { size, chunks } = rowChunks(m, m * kh * n);
      this.team.run(OP_GEMM_SPLIT_K, [pa, pb, pBias, pc, pp, m, k, n, kh, size, chunks], 11, 2 * chunks);
    } else {
      const first = { a: pa, sai: k, sap: 1, bias: pBias, c: pc, ldc: n, m, k: kh, n };
      const second = { a: pa + kh * 4, sai: k, sap: 1, bias: 0, c: pp, ldc: n, m, k: k - kh, n };
      if (!packed || !this.packedProduct(first, (dst) => this.fns.packPanels(pb, n, kh, n, dst), true)) this.fns.gemm(pa, k, 1, pb, n, pBias, pc, n, m, kh, n);
      if (!packed || !this.packedProduct(second, (dst) => this.fns.packPanels(pb + kh * n * 4, n, k - kh, n, dst), true)) this.fns.gemm(pa + kh * 4, k, 1, pb + kh * n * 4, n, 0, pp, n, m, k - kh, n);
    }
    this.sgd(c.subarray(0, m * n), partial, -1); // C −= (−1)·P: C + P, rounded once
    return true;
  }

  matmulTransA(a: Floats, b: Floats, c: Floats, m: number, k: number, n: number): void {
    const pa = this.address(a), pb = this.address(b), pc = this.address(c);
    if ((pa | pb | pc) < 0) return typedArrayKernels.matmulTransA(a, b, c, m, k, n);
    const product = { a: pa, sai: 1, sap: k, bias: 0, c: pc, ldc: n, m: k, k: m, n }; // C[k×n]: row i of C is column i of A
    if (this.packedProduct(product, (dst) => this.fns.packPanels(pb, n, m, n, dst))) return;
    const flops = 2 * m * k * n;
    if (this.team && k >= 8 && flops >= PARALLEL_MIN_FLOPS) { // chunks of rows of C (columns of A), no reduction
      const { size, chunks } = rowChunks(k, flops);
      this.team.run(OP_GEMM, [pa, 1, k, pb, n, 0, pc, n, k, m, n, size], 12, chunks);
      return;
    }
    this.fns.gemm(pa, 1, k, pb, n, 0, pc, n, k, m, n); // C[k×n]: row i of C is column i of A
  }

  matmulTransB(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number): void {
    const pa = this.address(a), pb = this.address(b), pc = this.address(c);
    if ((pa | pb | pc) < 0) return typedArrayKernels.matmulTransB(a, b, c, m, n, k);
    const product = { a: pa, sai: n, sap: 1, bias: 0, c: pc, ldc: k, m, k: n, n: k }; // C = A·L with L = Bᵀ [n×k]
    if (this.packedProduct(product, (dst) => this.fns.packPanelsTransposed(pb, n, k, dst))) return;
    const flops = 2 * m * k * n;
    if (this.team && m >= 8 && flops >= PARALLEL_MIN_FLOPS) {
      const { size, chunks } = rowChunks(m, flops);
      this.team.run(OP_GEMM_TRANS_B, [pa, pb, pc, m, n, k, size], 7, chunks);
      return;
    }
    this.fns.gemmTransB(pa, pb, pc, m, n, k);
  }

  softmaxCrossEntropy(z: Floats, labels: Floats, probs: Floats, dz: Floats | null, m: number, classes: number, rowWeights: Floats | null = null, divisor = m): { lossSum: number; correct: number } | null {
    const pz = this.address(z), pl = this.address(labels), pp = this.address(probs), pdz = dz ? this.address(dz) : 0;
    const pw = rowWeights ? this.address(rowWeights) : 0;
    if ((pz | pl | pp | pdz | pw) < 0) return null;
    if (!this.hitsCell) {
      this.hitsBlock = this.allocate(4);
      this.hitsCell = new Int32Array(this.hitsBlock.buffer, this.hitsBlock.byteOffset, 1);
      if (this.address(this.hitsBlock) < 0) { this.hitsCell = null; return null; }
    }
    const lossSum = this.fns.softmaxCrossEntropy(pz, pl, pp, pdz, m, classes, this.hitsCell.byteOffset, pw, divisor);
    return { lossSum, correct: this.hitsCell[0] };
  }

  sumRows(a: Floats, out: Floats, m: number, n: number): void {
    const pa = this.address(a), pOut = this.address(out);
    if ((pa | pOut) < 0) return typedArrayKernels.sumRows(a, out, m, n);
    this.fns.sumRows(pa, pOut, m, n);
  }

  activate(activation: HiddenActivation, z: Floats, h: Floats, count: number): void {
    const pz = this.address(z), ph = this.address(h);
    if ((pz | ph) < 0) return activations[activation].apply(z, h, count);
    this.fns.activate(activationCode[activation], pz, ph, count);
  }

  activationBackward(activation: HiddenActivation, z: Floats, h: Floats, dh: Floats, mask: Floats | null, dz: Floats, count: number): void {
    const pz = this.address(z), ph = this.address(h), pdh = this.address(dh), pdz = this.address(dz);
    const pMask = mask ? this.address(mask) : 0;
    if ((pz | ph | pdh | pdz | pMask) < 0) return typedArrayKernels.activationBackward(activation, z, h, dh, mask, dz, count);
    this.fns.activationBackward(activationCode[activation], pz, ph, pdh, pMask, pdz, count);
  }

  multiply(x: Floats, y: Floats, out: Floats, count: number): void {
    const px = this.address(x), py = this.address(y), pOut = this.address(out);
    if ((px | py | pOut) < 0) return typedArrayKernels.multiply(x, y, out, count);
    this.fns.multiply(px, py, pOut, count);
  }
}

/** A chooser on the runtime's clock, or null where there is none (then two threads always). */
function newHalvesChoice(): HalvesChoice | null {
  const clock = runtimeClock();
  return clock ? new HalvesChoice(clock) : null;
}

/** Stops the helper thread of an instance that was dropped without stopThreads (the control block outlives it). */
const helperStopper = new FinalizationRegistry<Int32Array>(postStop);

/**
 * A new WebAssembly SIMD tier with its own memory (shared when the runtime allows, so the memory can
 * grow under live arrays and be handed to worker threads), or null where SIMD is unavailable.
 */
export function createWasmKernels(options: WasmKernelOptions = {}): WasmKernels | null {
  const modules = compiledModules();
  return modules ? new WasmKernels(modules, options) : null;
}
