import { activations, type HiddenActivation } from '../functions';
import type { Floats, Kernels } from './types';
import { runVectorLoop, vectorMethods } from './vector-ops';

/** C = A·B + bias, i-k-j order, four rows of A at a time so each row of B is loaded once per four. */
function matmulBias(a: Floats, b: Floats, bias: Floats, c: Floats, m: number, k: number, n: number): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    for (let j = 0; j < n; j++) {
      const bj = bias[j];
      c[c0 + j] = bj; c[c1 + j] = bj; c[c2 + j] = bj; c[c3 + j] = bj;
    }
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue; // relu and dropout zeros are common
      const bRow = p * n;
      for (let j = 0; j < n; j++) {
        const w = b[bRow + j];
        c[c0 + j] += x0 * w; c[c1 + j] += x1 * w; c[c2 + j] += x2 * w; c[c3 + j] += x3 * w;
      }
    }
  }
  for (; i < m; i++) {
    const cRow = i * n, aRow = i * k;
    for (let j = 0; j < n; j++) c[cRow + j] = bias[j];
    for (let p = 0; p < k; p++) {
      const x = a[aRow + p];
      if (x === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += x * b[bRow + j];
    }
  }
}

/** C[k×n] = Aᵀ·B: for each sample r, C[p,:] += A[r,p] · B[r,:] (two samples at a time). */
function matmulTransA(a: Floats, b: Floats, c: Floats, m: number, k: number, n: number): void {
  c.fill(0, 0, k * n);
  let r = 0;
  for (; r + 2 <= m; r += 2) {
    const a0 = r * k, a1 = a0 + k, b0 = r * n, b1 = b0 + n;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p], x1 = a[a1 + p];
      if (x0 === 0 && x1 === 0) continue;
      const cRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += x0 * b[b0 + j] + x1 * b[b1 + j];
    }
  }
  for (; r < m; r++) {
    const aRow = r * k, bRow = r * n;
    for (let p = 0; p < k; p++) {
      const x = a[aRow + p];
      if (x === 0) continue;
      const cRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += x * b[bRow + j];
    }
  }
}

/** C[m×k] = A[m×n]·Bᵀ: C[i,p] = Σ_j A[i,j]·B[p,j], dot products of contiguous rows. */
function matmulTransB(a: Floats, b: Floats, c: Floats, m: number, n: number, k: number): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * n, cRow = i * k;
    for (let p = 0; p < k; p++) {
      const bRow = p * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        s0 += a[aRow + j] * b[bRow + j];
        s1 += a[aRow + j + 1] * b[bRow + j + 1];
        s2 += a[aRow + j + 2] * b[bRow + j + 2];
        s3 += a[aRow + j + 3] * b[bRow + j + 3];
      }
      for (; j < n; j++) s0 += a[aRow + j] * b[bRow + j];
      c[cRow + p] = s0 + s1 + s2 + s3;
    }
  }
}

/** out[j] = Σ_i A[i,j]. */
function sumRows(a: Floats, out: Floats, m: number, n: number): void {
  out.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += a[row + j];
  }
}

/** h = f(z) from the activation table. */
function activate(activation: HiddenActivation, z: Floats, h: Floats, count: number): void {
  activations[activation].apply(z, h, count);
}

/** dh ⊙= mask (in place), then dz = dh ⊙ f'(z). */
function activationBackward(activation: HiddenActivation, z: Floats, h: Floats, dh: Floats, mask: Floats | null, dz: Floats, count: number): void {
  if (mask) for (let i = 0; i < count; i++) dh[i] *= mask[i]; // dropout in backward too
  activations[activation].backward(z, h, dh, dz, count);
}

/** out[i] = x[i]·y[i]. */
function multiply(x: Floats, y: Floats, out: Floats, count: number): void {
  for (let i = 0; i < count; i++) out[i] = x[i] * y[i];
}

/** The portable tier: plain typed-array loops, used where WebAssembly SIMD is unavailable and for float64. */
export const typedArrayKernels: Kernels = {
  name: 'typed-array', threads: 1, fma: false, dispose: () => {},
  matmulBias, matmulTransA, matmulTransB, sumRows, activate, activationBackward, multiply,
  ...vectorMethods(runVectorLoop),
};
