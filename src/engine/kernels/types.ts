import type { HiddenActivation } from '../functions';
import type { Random } from '../random';

/** A float buffer the kernels read and write: float32 for training, float64 for gradient checks. */
export type Floats = Float32Array | Float64Array;

/**
 * The hot loops of the engine, row-major and batch-major. Every kernel works on the leading
 * `rows × cols` prefix of its buffers so one workspace serves full and partial batches alike.
 * Two tiers implement it: typed-array loops (everywhere) and WebAssembly SIMD (kernels/wasm.ts).
 */
export interface Kernels {
  readonly name: string;
  /** C[m×n] = A[m×k] · B[k×n] + bias[n] (bias broadcast over rows). */
  matmulBias(a: Floats, b: Floats, bias: Floats, c: Floats, m: number, k: number, n: number): void;
  /** C[k×n] = Aᵀ · B where A is [m×k], B is [m×n] (the weight gradient Xᵀ·dZ). */
  matmulTransA(a: Floats, b: Floats, c: Floats, m: number, k: number, n: number): void;
  /** C[m×k] = A[m×n] · Bᵀ where B is [k×n] (the input gradient dZ·Wᵀ). */
  matmulTransB(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number): void;
  /** out[n] = Σ_rows A[m×n] (the bias gradient). */
  sumRows(a: Floats, out: Floats, m: number, n: number): void;
  /** h = f(z) elementwise over `count` values. */
  activate(activation: HiddenActivation, z: Floats, h: Floats, count: number): void;
  /** dz = dh ⊙ mask ⊙ f'(z) (mask null: no dropout); may overwrite dh. */
  activationBackward(activation: HiddenActivation, z: Floats, h: Floats, dh: Floats, mask: Floats | null, dz: Floats, count: number): void;
  /**
   * Softmax cross-entropy of m rows (functions.ts softmaxCrossEntropy's contract) where the tier can run it
   * on these buffers; null: the caller runs the TypeScript one.
   */
  softmaxCrossEntropy?(z: Floats, labels: Floats, probs: Floats, dz: Floats | null, m: number, classes: number): { lossSum: number; correct: number } | null;
  /** out = x ⊙ y elementwise (inverted dropout A = H ⊙ mask). */
  multiply(x: Floats, y: Floats, out: Floats, count: number): void;
  /**
   * Fills an inverted-dropout mask (0 or 1/(1−p)) with exactly the draws sampleDropoutMask takes from
   * `rng`, advancing it the same way; false when this tier cannot (the caller samples in TypeScript).
   */
  dropoutMask?(mask: Floats, count: number, p: number, rng: Random): boolean;
  /**
   * A zeroed float32 buffer in the tier's own memory (WebAssembly), so kernels run on it without copies.
   * Absent: the network allocates plain typed arrays.
   */
  allocate?(length: number): Float32Array;
}

/**
 * Whole-buffer updates a memory-owning tier runs in place (optimizer steps, norms, clipping). Each
 * returns false (or null) when a buffer is not in its memory; the caller then runs its own loop.
 */
export interface VectorKernels {
  /** Σ x², or null. */
  sumSquares(x: Floats): number | null;
  /** dW += λ1·sign(W) + 2λ2·W; returns λ1·Σ|W| + λ2·ΣW² (float64 sums), or null. */
  penalize(weights: Floats, dWeights: Floats, l1: number, l2: number): number | null;
  /** x ← s·x. */
  scale(x: Floats, s: number): boolean;
  /** W −= lr·g. */
  sgd(params: Floats, grads: Floats, lr: number): boolean;
  /** classic: v = μv − lr·g, W += v; ema: v = μv + (1−μ)g, W −= lr·v. */
  momentum(form: 'classic' | 'ema', params: Floats, grads: Floats, velocity: Floats, mu: number, lr: number): boolean;
  /** m = β1m + (1−β1)g, v = β2v + (1−β2)g², W −= lr·m·c1/(√(v·c2) + ε). */
  adam(params: Floats, grads: Floats, m: Floats, v: Floats, lr: number,
    hyper: { beta1: number; beta2: number; epsilon: number; c1: number; c2: number }): boolean;
}
