// Every whole-buffer operation of the kernels, each declared once: its buffer arguments, its float
// arguments, how it may be cut over threads, and its typed-array loop. The WebAssembly export of the
// same name (assembly/kernels.ts) takes (buffer addresses…, count, floats…); from these declarations
// come the export typing (modules.ts), the team's op codes and argument packing (team.ts), the
// WebAssembly wrappers (wasm.ts) and the typed-array tier (typed-array.ts).
import type { Floats } from './types';

/**
 * How an op is cut into chunks over threads: 'elementwise' (any cut gives the same bits), 'sum' (float64
 * partial sums per chunk, cut by length only, so one or two threads give the same bits), 'whole' (a
 * reduction never cut: its float64 arguments would not survive the team's float32 slots). Only
 * 'elementwise' ops return nothing.
 */
export type VectorSplit = 'elementwise' | 'sum' | 'whole';

interface VectorOpDeclaration {
  readonly buffers: readonly string[];
  readonly floats: readonly string[];
  readonly split: VectorSplit;
  /** The typed-array loop over the first `count` values of each buffer; 'sum' ops return their sum (others 0). */
  loop(buffers: Floats[], floats: number[], count: number): number;
}

type Declared<B, F, S> = { readonly buffers: B; readonly floats: F; readonly split: S; loop: VectorOpDeclaration['loop'] };
const declare = <const B extends readonly string[], const F extends readonly string[], const S extends VectorSplit>(
  op: Declared<B, F, S>): Declared<B, F, S> => op;

export const VECTOR_OPS = {
  /** Σ x², summed in float64. */
  sumSquares: declare({
    buffers: ['x'], floats: [], split: 'sum',
    loop([x], _, count) {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += x[i] * x[i];
      return sum;
    },
  }),
  /** dW += λ1·sign(W) + 2λ2·W; returns λ1·Σ|W| + λ2·ΣW² (float64 sums, float64 λ). */
  penalize: declare({
    buffers: ['weights', 'dWeights'], floats: ['l1', 'l2'], split: 'whole',
    loop([w, dw], [l1, l2], count) {
      const twoL2 = 2 * l2;
      let abs = 0, sq = 0;
      for (let i = 0; i < count; i++) {
        const x = w[i];
        abs += Math.abs(x); sq += x * x;
        dw[i] += l1 * Math.sign(x) + twoL2 * x;
      }
      return l1 * abs + l2 * sq;
    },
  }),
  /** x ← s·x. */
  scale: declare({
    buffers: ['x'], floats: ['s'], split: 'elementwise',
    loop([x], [s], count) { for (let i = 0; i < count; i++) x[i] *= s; return 0; },
  }),
  /** W −= lr·g. */
  sgd: declare({
    buffers: ['params', 'grads'], floats: ['lr'], split: 'elementwise',
    loop([w, g], [lr], count) { for (let i = 0; i < count; i++) w[i] -= lr * g[i]; return 0; },
  }),
  /** v = μv − lr·g, W += v. */
  momentumClassic: declare({
    buffers: ['params', 'grads', 'velocity'], floats: ['mu', 'lr'], split: 'elementwise',
    loop([w, g, velocity], [mu, lr], count) {
      for (let i = 0; i < count; i++) { const v = mu * velocity[i] - lr * g[i]; velocity[i] = v; w[i] += v; }
      return 0;
    },
  }),
  /** The origin's momentum: v = βv + (1−β)g, W −= lr·v. */
  momentumEma: declare({
    buffers: ['params', 'grads', 'velocity'], floats: ['beta', 'lr'], split: 'elementwise',
    loop([w, g, velocity], [beta, lr], count) {
      for (let i = 0; i < count; i++) { const v = beta * velocity[i] + (1 - beta) * g[i]; velocity[i] = v; w[i] -= lr * v; }
      return 0;
    },
  }),
  /** m = β1m + (1−β1)g, v = β2v + (1−β2)g², W −= lr·m·c1/(√(v·c2) + ε) (c1, c2: bias corrections). */
  adam: declare({
    buffers: ['params', 'grads', 'm', 'v'], floats: ['lr', 'beta1', 'beta2', 'epsilon', 'c1', 'c2'], split: 'elementwise',
    loop([w, g, m, v], [lr, beta1, beta2, epsilon, c1, c2], count) {
      adamLoop(w, g, m, v, count, lr, beta1, beta2, epsilon, c1, c2);
      return 0;
    },
  }),
  /** Decoupled weight decay W ← W·(1 − lr·λ), then the adam step (torch.optim.AdamW). */
  adamw: declare({
    buffers: ['params', 'grads', 'm', 'v'], floats: ['lr', 'beta1', 'beta2', 'epsilon', 'c1', 'c2', 'weightDecay'], split: 'elementwise',
    loop([w, g, m, v], [lr, beta1, beta2, epsilon, c1, c2, weightDecay], count) {
      const keep = 1 - lr * weightDecay;
      for (let i = 0; i < count; i++) w[i] *= keep;
      adamLoop(w, g, m, v, count, lr, beta1, beta2, epsilon, c1, c2);
      return 0;
    },
  }),
  /** v = ρv + (1−ρ)g², W −= lr·g/(√v + ε) (torch.optim.RMSprop: alpha = ρ, no momentum, not centred). */
  rmsprop: declare({
    buffers: ['params', 'grads', 'v'], floats: ['lr', 'rho', 'epsilon'], split: 'elementwise',
    loop([w, g, v], [lr, rho, epsilon], count) {
      for (let i = 0; i < count; i++) {
        const gi = g[i], vi = rho * v[i] + (1 - rho) * gi * gi;
        v[i] = vi;
        w[i] -= (lr * gi) / (Math.sqrt(vi) + epsilon);
      }
      return 0;
    },
  }),
};

/** The adam step shared by adam and adamw. */
function adamLoop(w: Floats, g: Floats, m: Floats, v: Floats, count: number,
  lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void {
  for (let i = 0; i < count; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + (1 - beta1) * gi;
    const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
    m[i] = mi; v[i] = vi;
    w[i] -= (lr * mi * c1) / (Math.sqrt(vi * c2) + epsilon);
  }
}

type Ops = typeof VECTOR_OPS;
export type VectorOpName = keyof Ops;
export const VECTOR_OP_NAMES = Object.keys(VECTOR_OPS) as VectorOpName[];

type Each<T extends readonly unknown[], V> = T extends readonly [unknown, ...infer Rest] ? [V, ...Each<Rest, V>] : [];
type Returns<N extends VectorOpName> = Ops[N]['split'] extends 'elementwise' ? void : number;

/** Each op as a method on whole buffers (count = the first buffer's length): ops.sgd(params, grads, lr). */
export type VectorKernels = {
  [N in VectorOpName]: (...args: [...Each<Ops[N]['buffers'], Floats>, ...Each<Ops[N]['floats'], number>]) => Returns<N>;
};

/** Each op as the WebAssembly module exports it: byte addresses, the count, then the floats. */
export type VectorExports = {
  [N in VectorOpName]: (...args: [...Each<Ops[N]['buffers'], number>, count: number, ...Each<Ops[N]['floats'], number>]) => number | void;
};

/**
 * Calls export `name` on `count` values from element `from`: its buffer addresses are read from
 * `addresses[addressAt…]`, its floats from `floats[floatAt…]` (a JS list, or the team's control block). The
 * arguments go through `args`, one list reused call after call (a fresh array per call made V8 deoptimize the
 * caller on its element kind). Returns the export's result (0 for none).
 */
export function callVectorExport(exports: VectorExports, name: VectorOpName, args: number[], from: number, count: number,
  addresses: ArrayLike<number>, addressAt: number, floats: ArrayLike<number>, floatAt: number): number {
  const nb = VECTOR_OPS[name].buffers.length, nf = VECTOR_OPS[name].floats.length;
  for (let i = 0; i < nb; i++) args[i] = addresses[addressAt + i] + from * 4;
  args[nb] = count;
  for (let i = 0; i < nf; i++) args[nb + 1 + i] = floats[floatAt + i];
  return callWith(exports[name] as (...args: number[]) => number | void, args, nb + 1 + nf) ?? 0;
}

/** f(args[0], …, args[n − 1]): by arity up to the longest op's (a spread call costs a list and its checks each time). */
function callWith(f: (...args: number[]) => number | void, a: number[], n: number): number | void {
  switch (n) {
    case 2: return f(a[0], a[1]);
    case 3: return f(a[0], a[1], a[2]);
    case 4: return f(a[0], a[1], a[2], a[3]);
    case 5: return f(a[0], a[1], a[2], a[3], a[4]);
    case 6: return f(a[0], a[1], a[2], a[3], a[4], a[5]);
    case 7: return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
    case 8: return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    case 9: return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
    case 10: return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
    case 11: return f(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
    default: a.length = n; return f(...a);
  }
}

/** The VectorKernels methods of a tier that runs op `name` on whole buffers with `run`. */
export function vectorMethods(run: (name: VectorOpName, buffers: Floats[], floats: number[]) => number): VectorKernels {
  const methods: Record<string, (...args: (Floats | number)[]) => number> = {};
  for (const name of VECTOR_OP_NAMES) {
    const bufferCount = VECTOR_OPS[name].buffers.length, floatCount = VECTOR_OPS[name].floats.length;
    // one pair of lists per op, refilled call after call (`run` keeps neither): a step calls a dozen ops;
    // emptied after each call, so a dropped network's buffers are not kept alive by a shared tier
    const buffers: (Floats | null)[] = [], floats: number[] = [];
    methods[name] = (...args) => {
      for (let i = 0; i < bufferCount; i++) buffers[i] = args[i] as Floats;
      for (let i = 0; i < floatCount; i++) floats[i] = args[bufferCount + i] as number;
      const result = run(name, buffers as Floats[], floats);
      buffers.fill(null);
      return result;
    };
  }
  return methods as unknown as VectorKernels;
}

/** Runs op `name` of `kernels` with buffers and floats known only at run time (an optimizer's state). */
export function runVectorOp(kernels: VectorKernels, name: VectorOpName, buffers: readonly Floats[], floats: readonly number[]): number {
  return (kernels[name] as unknown as (...args: (Floats | number)[]) => number)(...buffers, ...floats);
}

/** The typed-array loop of op `name` over whole buffers. */
export function runVectorLoop(name: VectorOpName, buffers: Floats[], floats: number[]): number {
  return VECTOR_OPS[name].loop(buffers, floats, buffers[0].length);
}
