import type { HiddenActivation } from '../functions';
import type { Random } from '../random';
import type { VectorKernels } from './vector-ops';

export type { VectorKernels } from './vector-ops';

/** A float buffer the kernels read and write: float32 for training, float64 for gradient checks. */
export type Floats = Float32Array | Float64Array;

/** One dense layer of a HalvedPass: its parameters, its workspace rows, and each half's gradient buffers. */
export interface HalvedLayer {
  fanIn: number; fanOut: number; weights: Floats; bias: Floats;
  z: Floats; h: Floats; a: Floats; mask: Floats | null; dA: Floats; dZ: Floats;
  dWeights: [Floats, Floats]; dBias: [Floats, Floats];
  /** null for the output layer (softmax) */
  activation: HiddenActivation | null;
  dropout: number;
}

/** A classifier's training pass run as two row halves (kernels/halves.ts): the batch buffers and the layers. */
export interface HalvedPass { input: Floats; targets: Floats; probs: Floats; inputSize: number; layers: HalvedLayer[] }

/** A softmax cross-entropy's summed loss and correct rows. */
export interface LossSums { lossSum: number; correct: number }

/**
 * The hot loops of the engine, row-major and batch-major. Every kernel works on the leading
 * `rows × cols` prefix of its buffers so one workspace serves full and partial batches alike.
 * Two tiers implement it: typed-array loops (everywhere) and WebAssembly SIMD (kernels/wasm.ts). The
 * whole-buffer operations (optimizer steps, norms, penalties, clipping) are declared in vector-ops.ts.
 */
export interface Kernels extends VectorKernels {
  readonly name: string;
  /** Threads this instance computes on: 2 once a helper thread serves it, else 1. */
  readonly threads: number;
  /**
   * Threads a pass in halves (runHalves) runs on now: 2 while two measure faster, 1 while one thread does
   * (halves-choice.ts); absent: as `threads`.
   */
  readonly halvesThreads?: number;
  /** Whether it multiply-adds with relaxed SIMD's fused instruction. */
  readonly fma: boolean;
  /** Ends its helper thread, if any (it keeps working on one thread). */
  dispose(): void;
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
   * on these buffers (rowWeights: one class weight per row, or null for 1; divisor: the batch's rows, when
   * these m are a part of it); null: the caller runs the TypeScript one.
   */
  softmaxCrossEntropy?(z: Floats, labels: Floats, probs: Floats, dz: Floats | null, m: number, classes: number, rowWeights?: Floats | null, divisor?: number): { lossSum: number; correct: number } | null;
  /** out = x ⊙ y elementwise (inverted dropout A = H ⊙ mask). */
  multiply(x: Floats, y: Floats, out: Floats, count: number): void;
  /**
   * Fills an inverted-dropout mask (0 or 1/(1−p)) with exactly the draws sampleDropoutMask takes from
   * `rng`, advancing it the same way; false when this tier cannot (the caller samples in TypeScript).
   */
  dropoutMask?(mask: Floats, count: number, p: number, rng: Random): boolean;
  /**
   * A hidden layer's forward epilogue in one call: h = f(z), the mask dropoutMask would draw (the same
   * draw from `rng`), a = h ⊙ mask; false (nothing drawn) when this tier cannot (the caller runs the three steps).
   */
  activateDropout?(activation: HiddenActivation, z: Floats, h: Floats, mask: Floats, a: Floats, count: number, p: number, rng: Random): boolean;
  /**
   * A training pass over m rows as two halves, the first `firstHalfRows` rows and the rest (kernels/halves.ts),
   * on two threads where a helper serves this instance, else with the same bits on one: forward (each layer with
   * dropout draws its mask's key from `rng`, in order, as forward() does), softmax cross-entropy (rowWeights: one
   * weight per row, or null) and backward, each half's weight gradients into its own buffers; then the second
   * half's are added to the first's, and `squares` gets each sum's Σ dW_l² (at 2l) and Σ db_l² (at 2l + 1).
   * Returns the batch's loss sum and correct rows (the first half's plus the second's); null when a buffer is
   * not in this tier's memory (nothing run, nothing drawn).
   */
  runHalves?(pass: HalvedPass, m: number, firstHalfRows: number, rng: Random, rowWeights: Floats | null, squares: Float64Array): LossSums | null;
  /**
   * A zeroed float32 buffer in the tier's own memory (WebAssembly), so kernels run on it without copies.
   * Absent: the network allocates plain typed arrays.
   */
  allocate?(length: number): Float32Array;
}
