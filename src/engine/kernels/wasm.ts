import { activations, type HiddenActivation } from '../functions';
import type { Random } from '../random';
import { typedArrayKernels } from './typed-array';
import type { Floats, Kernels, VectorKernels } from './types';
import { kernelsWasm, kernelsSharedWasm } from './wasm-binary.generated';

// The WebAssembly global, typed locally: the engine's lib has no DOM and no Node types.
interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer; grow(pages: number): number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The module's exports (assembly/kernels.ts): byte addresses and element counts. */
interface KernelExports {
  gemm(a: number, sai: number, sap: number, b: number, ldb: number, bias: number, c: number, ldc: number, m: number, k: number, n: number): void;
  gemmTransB(a: number, b: number, c: number, m: number, n: number, k: number): void;
  sumRows(a: number, out: number, m: number, n: number): void;
  activate(kind: number, z: number, h: number, count: number): void;
  activationBackward(kind: number, z: number, h: number, dh: number, mask: number, dz: number, count: number): void;
  multiply(x: number, y: number, out: number, count: number): void;
  sumSquares(x: number, count: number): number;
  scale(x: number, count: number, s: number): void;
  sgd(params: number, grads: number, count: number, lr: number): void;
  momentumClassic(params: number, grads: number, velocity: number, count: number, mu: number, lr: number): void;
  momentumEma(params: number, grads: number, velocity: number, count: number, beta: number, lr: number): void;
  adam(params: number, grads: number, m: number, v: number, count: number,
    lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void;
  peakFlops(iterations: number): number;
  dropoutMask(mask: number, count: number, shiftedThreshold: number, keepScale: number, state: number): void;
}

const ACTIVATION_CODE: Record<HiddenActivation, number> = { linear: 0, relu: 1, leaky_relu: 2, sigmoid: 3, tanh: 4 };
const PAGE = 65536;
/** Largest memory a kernel instance grows to (the module allows 4 GiB); beyond it buffers are plain arrays. */
const MAX_PAGES = 16384; // 1 GiB
/** An ordinary (non-shared) memory cannot grow once views exist (growing detaches them): reserve this much. */
const UNSHARED_BYTES = 64 * 1024 * 1024;
/** Addresses below this are never handed out, so 0 can mean "no buffer". */
const FIRST_ADDRESS = 1024;

// Two threads: a helper thread runs its share of a big matmul on the same shared memory. The control
// block (CONTROL_WORDS int32 in that memory) carries one job at a time: SEQ counts posted jobs, CLAIM the
// last job someone started (the helper, or the caller itself when the helper is late), DONE the last
// job the helper finished. Every output element is computed by the same code whichever thread runs it,
// so two threads give the same bits as one.
const CONTROL_WORDS = 32;
const SEQ = 0, CLAIM = 1, DONE = 2, READY = 3, HELPED = 4, OP = 5, ARGS = 6;
const OP_GEMM = 1, OP_GEMM_TRANS_B = 2, OP_STOP = 3;
/** How many times a thread polls (the helper for its next job, the caller for the helper's share) before it sleeps: tens of µs. */
const HELPER_SPINS = 20_000;
/** Matmuls below this many flops stay on one thread: waking the helper would cost more than it saves. */
const PARALLEL_MIN_FLOPS = 1_000_000;

/** What a host hands to a new helper thread (structured-cloneable: a shared memory and a number). */
export interface KernelHelperInit {
  memory: unknown;
  control: number;
}

/** Runs the job in the control block on this thread's instance. */
function runJob(fns: KernelExports, c: Int32Array): void {
  const a = (i: number): number => c[ARGS + i];
  if (c[OP] === OP_GEMM) fns.gemm(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), a(10));
  else if (c[OP] === OP_GEMM_TRANS_B) fns.gemmTransB(a(0), a(1), a(2), a(3), a(4), a(5));
}

/**
 * The body of a helper thread (call it in a Node worker_threads Worker or a Web Worker with the init a
 * WasmKernels.useThreads host received). Blocks its thread, serving jobs until the kernels stop it.
 */
export function serveKernelHelper(init: KernelHelperInit): void {
  const modules = compiledModules();
  if (!modules) throw new Error('kernel helper: WebAssembly SIMD is not available in this thread');
  const memory = init.memory as WasmMemory;
  const fns = new wasmApi!.Instance(modules.shared, { env: { memory } }).exports as unknown as KernelExports;
  const c = new Int32Array(memory.buffer as SharedArrayBuffer, init.control, CONTROL_WORDS);
  let seen = Atomics.load(c, SEQ);
  Atomics.store(c, READY, 1);
  Atomics.notify(c, READY);
  for (;;) {
    // jobs come in bursts (one training step posts several): spin briefly before sleeping, as waking
    // a sleeping thread costs more than a small matmul share
    for (let spin = 0; spin < HELPER_SPINS && Atomics.load(c, SEQ) === seen; spin++);
    Atomics.wait(c, SEQ, seen);
    const seq = Atomics.load(c, SEQ);
    if (seq === seen) continue;
    seen = seq;
    if (c[OP] === OP_STOP) return;
    if (Atomics.compareExchange(c, CLAIM, seq - 1, seq) !== seq - 1) continue; // the caller already ran it
    runJob(fns, c);
    Atomics.add(c, HELPED, 1);
    Atomics.store(c, DONE, seq);
    Atomics.notify(c, DONE);
  }
}

/** Which memory of a WebAssembly tier a buffer lives in, keyed by its ArrayBuffer. */
const owners = new WeakMap<ArrayBufferLike, WasmKernels>();

/** The vector kernels that own `values`' memory, or null (plain typed array, float64). */
export function vectorKernelsFor(values: Floats): VectorKernels | null {
  return values instanceof Float32Array ? owners.get(values.buffer) ?? null : null;
}

function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, count = 0, out = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | value[clean.charCodeAt(i)];
    count += 6;
    if (count >= 8) { count -= 8; bytes[out++] = (bits >> count) & 0xff; }
  }
  return bytes;
}

let compiled: { plain: object; shared: object } | null | undefined;

/** Compiles both modules once; null when WebAssembly or its 128-bit SIMD is unavailable (feature detection). */
function compiledModules(): { plain: object; shared: object } | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (!wasmApi) return null;
  try {
    const plain = decodeBase64(kernelsWasm), shared = decodeBase64(kernelsSharedWasm);
    if (!wasmApi.validate(plain)) return null; // no SIMD here
    compiled = { plain: new wasmApi.Module(plain), shared: wasmApi.validate(shared) ? new wasmApi.Module(shared) : plain };
    if (compiled.shared === plain) compiled.shared = compiled.plain;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when this runtime can run the WebAssembly SIMD tier. */
export function wasmSimdAvailable(): boolean {
  return compiledModules() !== null;
}

/**
 * The WebAssembly SIMD tier: one linear memory per instance holding weights, gradients, optimizer state
 * and workspaces (allocate), so a training step passes addresses and copies nothing. A call whose
 * buffers are not all in this memory (float64, or a plain array) runs the typed-array loops instead.
 */
export class WasmKernels implements Kernels, VectorKernels {
  readonly name = 'wasm-simd';
  readonly isShared: boolean;
  private readonly memory: WasmMemory;
  private readonly fns: KernelExports;
  private top = FIRST_ADDRESS;
  private readonly freeBlocks = new Map<number, number[]>(); // byte size → addresses
  private control: Int32Array | null = null;
  private controlBlock: Float32Array | null = null; // keeps the control block's memory from being reused
  private jobCount = 0;
  private rngState: Int32Array | null = null; // the generator's four words, handed to dropoutMask
  private rngBlock: Float32Array | null = null;
  private readonly reclaim = new FinalizationRegistry<{ address: number; bytes: number }>(
    ({ address, bytes }) => this.freeBlock(address, bytes));

  constructor(modules: { plain: object; shared: object }, options: { shared?: boolean } = {}) {
    let memory: WasmMemory | null = null;
    let shared = false;
    if (options.shared !== false && modules.shared !== modules.plain) {
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
    const instance = new wasmApi!.Instance(shared ? modules.shared : modules.plain, { env: { memory } });
    this.fns = instance.exports as unknown as KernelExports;
    this.currentBuffer();
  }

  /** memory.buffer, registered as ours (a shared memory gives a new buffer object after each grow). */
  private currentBuffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    if (!owners.has(buffer)) owners.set(buffer, this);
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
    return this.control ? 2 : 1;
  }

  /**
   * Splits big matmuls with one helper thread from now on. `startHelper` must start a thread (Node
   * worker_threads, a Web Worker) that calls serveKernelHelper(init). Needs a shared memory: returns
   * false where it is not (a browser page without cross-origin isolation), and the tier stays one thread.
   */
  useThreads(startHelper: (init: KernelHelperInit) => void): boolean {
    if (!this.isShared || this.control) return false;
    const block = this.allocate(CONTROL_WORDS);
    this.controlBlock = block;
    this.control = new Int32Array(block.buffer, block.byteOffset, CONTROL_WORDS);
    startHelper({ memory: this.memory, control: block.byteOffset });
    return true;
  }

  /** Blocks up to `timeoutMs` until the helper thread serves jobs (they run here meanwhile); true when it does. */
  waitForHelper(timeoutMs: number): boolean {
    const c = this.control;
    if (!c) return false;
    Atomics.wait(c, READY, 0, timeoutMs);
    return Atomics.load(c, READY) === 1;
  }

  /** How many job shares the helper thread has run (the rest of the split work ran on this thread). */
  get helperJobs(): number {
    return this.control ? Atomics.load(this.control, HELPED) : 0;
  }

  /** Ends the helper thread (its serveKernelHelper returns); this instance goes back to one thread. */
  stopThreads(): void {
    const c = this.control;
    if (!c) return;
    c[OP] = OP_STOP;
    Atomics.store(c, SEQ, ++this.jobCount);
    Atomics.notify(c, SEQ);
    this.control = null;
    this.controlBlock = null;
  }

  /** Posts the helper's share (op, args), runs ours, then runs the helper's share here too if it has not started. */
  private split(op: number, args: number[], ours: () => void): void {
    const c = this.control!;
    if (ARGS + args.length > CONTROL_WORDS) throw new Error(`kernel job has ${args.length} arguments; the control block holds ${CONTROL_WORDS - ARGS}`);
    const seq = ++this.jobCount;
    for (let i = 0; i < args.length; i++) c[ARGS + i] = args[i];
    c[OP] = op;
    Atomics.store(c, SEQ, seq);
    Atomics.notify(c, SEQ);
    ours();
    if (Atomics.compareExchange(c, CLAIM, seq - 1, seq) === seq - 1) {
      runJob(this.fns, c); // the helper is late (descheduled): not waiting for it is faster and gives the same bits
      return;
    }
    // the helper started at about the time we did, so it finishes soon: poll before sleeping
    for (let spin = 0; spin < HELPER_SPINS && Atomics.load(c, DONE) !== seq; spin++);
    for (let done = Atomics.load(c, DONE); done !== seq; done = Atomics.load(c, DONE)) Atomics.wait(c, DONE, done, 100);
  }

  dropoutMask(mask: Floats, count: number, p: number, rng: Random): boolean {
    const pMask = this.address(mask);
    const shiftedThreshold = Math.ceil(p * 4294967296) - 2147483648; // as in sampleDropoutMask
    if (pMask < 0 || shiftedThreshold > 2147483647) return false;
    if (!this.rngState) {
      this.rngBlock = this.allocate(4);
      this.rngState = new Int32Array(this.rngBlock.buffer, this.rngBlock.byteOffset, 4);
    }
    const state = this.rngState;
    state.set(rng.getState());
    this.fns.dropoutMask(pMask, count, shiftedThreshold, 1 / (1 - p), state.byteOffset);
    rng.setState([state[0], state[1], state[2], state[3]]);
    return true;
  }

  /** Runs the register-only multiply+add probe for `iterations` × 96 flops (the bench times it). */
  peakProbe(iterations: number): number {
    return this.fns.peakFlops(iterations);
  }

  /** The byte address of `x` in this memory, or −1 if it lives elsewhere. */
  private address(x: Floats): number {
    return x instanceof Float32Array && owners.get(x.buffer) === this ? x.byteOffset : -1;
  }

  matmulBias(a: Floats, b: Floats, bias: Floats, c: Floats, m: number, k: number, n: number): void {
    const pa = this.address(a), pb = this.address(b), pBias = this.address(bias), pc = this.address(c);
    if ((pa | pb | pBias | pc) < 0) return typedArrayKernels.matmulBias(a, b, bias, c, m, k, n);
    if (this.control && m >= 8 && 2 * m * k * n >= PARALLEL_MIN_FLOPS) { // rows [0, m1) here, [m1, m) on the helper
      const m1 = ((m >> 1) + 3) & ~3;
      this.split(OP_GEMM, [pa + m1 * k * 4, k, 1, pb, n, pBias, pc + m1 * n * 4, n, m - m1, k, n],
        () => this.fns.gemm(pa, k, 1, pb, n, pBias, pc, n, m1, k, n));
      return;
    }
    this.fns.gemm(pa, k, 1, pb, n, pBias, pc, n, m, k, n);
  }

  matmulTransA(a: Floats, b: Floats, c: Floats, m: number, k: number, n: number): void {
    const pa = this.address(a), pb = this.address(b), pc = this.address(c);
    if ((pa | pb | pc) < 0) return typedArrayKernels.matmulTransA(a, b, c, m, k, n);
    if (this.control && k >= 8 && 2 * m * k * n >= PARALLEL_MIN_FLOPS) { // rows of C (columns of A) split, no reduction
      const k1 = ((k >> 1) + 3) & ~3;
      this.split(OP_GEMM, [pa + k1 * 4, 1, k, pb, n, 0, pc + k1 * n * 4, n, k - k1, m, n],
        () => this.fns.gemm(pa, 1, k, pb, n, 0, pc, n, k1, m, n));
      return;
    }
    this.fns.gemm(pa, 1, k, pb, n, 0, pc, n, k, m, n); // C[k×n]: row i of C is column i of A
  }

  matmulTransB(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number): void {
    const pa = this.address(a), pb = this.address(b), pc = this.address(c);
    if ((pa | pb | pc) < 0) return typedArrayKernels.matmulTransB(a, b, c, m, n, k);
    if (this.control && m >= 8 && 2 * m * k * n >= PARALLEL_MIN_FLOPS) {
      const m1 = ((m >> 1) + 1) & ~1;
      this.split(OP_GEMM_TRANS_B, [pa + m1 * n * 4, pb, pc + m1 * k * 4, m - m1, n, k],
        () => this.fns.gemmTransB(pa, pb, pc, m1, n, k));
      return;
    }
    this.fns.gemmTransB(pa, pb, pc, m, n, k);
  }

  sumRows(a: Floats, out: Floats, m: number, n: number): void {
    const pa = this.address(a), pOut = this.address(out);
    if ((pa | pOut) < 0) return typedArrayKernels.sumRows(a, out, m, n);
    this.fns.sumRows(pa, pOut, m, n);
  }

  activate(activation: HiddenActivation, z: Floats, h: Floats, count: number): void {
    const pz = this.address(z), ph = this.address(h);
    if ((pz | ph) < 0) return activations[activation].apply(z, h, count);
    this.fns.activate(ACTIVATION_CODE[activation], pz, ph, count);
  }

  activationBackward(activation: HiddenActivation, z: Floats, h: Floats, dh: Floats, mask: Floats | null, dz: Floats, count: number): void {
    const pz = this.address(z), ph = this.address(h), pdh = this.address(dh), pdz = this.address(dz);
    const pMask = mask ? this.address(mask) : 0;
    if ((pz | ph | pdh | pdz | pMask) < 0) return typedArrayKernels.activationBackward(activation, z, h, dh, mask, dz, count);
    this.fns.activationBackward(ACTIVATION_CODE[activation], pz, ph, pdh, pMask, pdz, count);
  }

  multiply(x: Floats, y: Floats, out: Floats, count: number): void {
    const px = this.address(x), py = this.address(y), pOut = this.address(out);
    if ((px | py | pOut) < 0) return typedArrayKernels.multiply(x, y, out, count);
    this.fns.multiply(px, py, pOut, count);
  }

  sumSquares(x: Floats): number | null {
    const px = this.address(x);
    return px < 0 ? null : this.fns.sumSquares(px, x.length);
  }

  scale(x: Floats, s: number): boolean {
    const px = this.address(x);
    if (px < 0) return false;
    this.fns.scale(px, x.length, s);
    return true;
  }

  sgd(params: Floats, grads: Floats, lr: number): boolean {
    const pp = this.address(params), pg = this.address(grads);
    if ((pp | pg) < 0) return false;
    this.fns.sgd(pp, pg, params.length, lr);
    return true;
  }

  momentum(form: 'classic' | 'ema', params: Floats, grads: Floats, velocity: Floats, mu: number, lr: number): boolean {
    const pp = this.address(params), pg = this.address(grads), pv = this.address(velocity);
    if ((pp | pg | pv) < 0) return false;
    if (form === 'classic') this.fns.momentumClassic(pp, pg, pv, params.length, mu, lr);
    else this.fns.momentumEma(pp, pg, pv, params.length, mu, lr);
    return true;
  }

  adam(params: Floats, grads: Floats, m: Floats, v: Floats, lr: number,
    hyper: { beta1: number; beta2: number; epsilon: number; c1: number; c2: number }): boolean {
    const pp = this.address(params), pg = this.address(grads), pm = this.address(m), pv = this.address(v);
    if ((pp | pg | pm | pv) < 0) return false;
    this.fns.adam(pp, pg, pm, pv, params.length, lr, hyper.beta1, hyper.beta2, hyper.epsilon, hyper.c1, hyper.c2);
    return true;
  }
}

/**
 * A new WebAssembly SIMD tier with its own memory (shared when the runtime allows, so the memory can
 * grow under live arrays and be handed to worker threads), or null where SIMD is unavailable.
 */
export function createWasmKernels(options: { shared?: boolean } = {}): WasmKernels | null {
  const modules = compiledModules();
  return modules ? new WasmKernels(modules, options) : null;
}
