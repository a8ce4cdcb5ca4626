/** A float buffer the kernels read and write: float32 for training, float64 for gradient checks. */
export type Floats = Float32Array | Float64Array;

/**
 * The hot loops of the engine, row-major and batch-major. Every kernel works on the leading
 * `rows × cols` prefix of its buffers so one workspace serves full and partial batches alike.
 * A WebAssembly build implements the same interface.
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
}
