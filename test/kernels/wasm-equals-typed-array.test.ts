import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS, softmaxCrossEntropy } from '../../src/engine/functions';
import { VECTOR_OPS, VECTOR_OP_NAMES, createWasmKernels, runVectorOp, typedArrayKernels, wasmFmaAvailable, wasmSimdAvailable, type WasmKernels } from '../../src/engine/kernels';
import { createOptimizer, type OptimizerSpec, defaultOptimizer } from '../../src/engine/optimizers';
import { Random } from '../../src/engine/random';
import { applyPenalty, clipGradient, l2Norm, penaltyValue } from '../../src/engine/regularize';
import { Network, type ModelSpec } from '../../src/engine/network';

// Each WebAssembly kernel against the typed-array tier on random shapes, odd sizes included, within
// float32 tolerance: |wasm − ts| ≤ 1e-5·(1 + Σ|terms|) for sums of products, so a wrong index, a
// missed tail or a skipped row fails while rounding-order differences pass.

const ODD_SIZES = [1, 3, 5, 17, 63, 65];

/** A float32 array in `kernels`' memory (or a plain one) filled from N(0,1), with some exact zeros. */
function randomIn(kernels: WasmKernels | null, length: number, rng: Random, zeros = 0.1): Float32Array {
  const array = kernels ? kernels.allocate(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) array[i] = rng.uniform() < zeros ? 0 : rng.normal();
  return array;
}

function copyInto(kernels: WasmKernels, source: Float32Array): Float32Array {
  const array = kernels.allocate(source.length);
  array.set(source);
  return array;
}

/** max_i |actual − expected| / (1 + scale_i); scale is the sum of absolute products behind each value. */
function worstError(actual: Float32Array, expected: Float32Array, scale: Float32Array | number = 1): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const s = typeof scale === 'number' ? scale : scale[i];
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + s));
  }
  return worst;
}

/** Σ |A(i,p)·B(p,j)| for each C(i,j), with A and B as accessors: the size of the rounding a sum can carry. */
function absProducts(m: number, k: number, n: number, a: (i: number, p: number) => number, b: (p: number, j: number) => number): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += Math.abs(a(i, p) * b(p, j));
    out[i * n + j] = s;
  }
  return out;
}

const shapes: [number, number, number][] = [];
for (const m of [1, 3, 4, 5, 17, 64, 65]) for (const k of [1, 5, 17, 63]) for (const n of [1, 3, 8, 17, 65]) shapes.push([m, k, n]);

// Both builds: fused multiply-add (relaxed SIMD, what Chromium, Electron and these tests run) and plain
// multiply then add (what a runtime without relaxed SIMD gets).
describe.each([true, false])('the WebAssembly SIMD tier, fused multiply-add build %s', (fma) => {
  const tiers = (): WasmKernels => createWasmKernels({ fma })!;

  it('is available in Node 20 (the build embedded a module that validates) and runs the build asked for', () => {
    expect(wasmSimdAvailable()).toBe(true);
    expect(wasmFmaAvailable(), 'test/setup enables relaxed SIMD').toBe(true);
    expect(tiers().name).toBe('wasm-simd');
    expect(tiers().fma).toBe(fma);
  });

  it('matmulBias C = A·B + bias equals the typed-array tier on every shape', () => {
    const wasm = tiers(), rng = new Random(1);
    for (const [m, k, n] of shapes) {
      const a = randomIn(wasm, m * k, rng), b = randomIn(wasm, k * n, rng), bias = randomIn(wasm, n, rng);
      const c = wasm.allocate(m * n).fill(NaN), expected = new Float32Array(m * n);
      wasm.matmulBias(a, b, bias, c, m, k, n);
      typedArrayKernels.matmulBias(a, b, bias, expected, m, k, n);
      const scale = absProducts(m, k, n, (i, p) => a[i * k + p], (p, j) => b[p * n + j]);
      expect(worstError(c, expected, scale), `m=${m} k=${k} n=${n}`).toBeLessThan(1e-5);
    }
  });

  it('matmulTransA C = Aᵀ·B equals the typed-array tier on every shape', () => {
    const wasm = tiers(), rng = new Random(2);
    for (const [m, k, n] of shapes) {
      const a = randomIn(wasm, m * k, rng), b = randomIn(wasm, m * n, rng);
      const c = wasm.allocate(k * n).fill(NaN), expected = new Float32Array(k * n);
      wasm.matmulTransA(a, b, c, m, k, n);
      typedArrayKernels.matmulTransA(a, b, expected, m, k, n);
      const scale = absProducts(k, m, n, (i, r) => a[r * k + i], (r, j) => b[r * n + j]);
      expect(worstError(c, expected, scale), `m=${m} k=${k} n=${n}`).toBeLessThan(1e-5);
    }
  });

  it('matmulTransB C = A·Bᵀ equals the typed-array tier on every shape', () => {
    const wasm = tiers(), rng = new Random(3);
    for (const [m, k, n] of shapes) {
      const a = randomIn(wasm, m * n, rng), b = randomIn(wasm, k * n, rng);
      const c = wasm.allocate(m * k).fill(NaN), expected = new Float32Array(m * k);
      wasm.matmulTransB(a, b, c, m, n, k);
      typedArrayKernels.matmulTransB(a, b, expected, m, n, k);
      const scale = absProducts(m, n, k, (i, j) => a[i * n + j], (j, p) => b[p * n + j]);
      expect(worstError(c, expected, scale), `m=${m} k=${k} n=${n}`).toBeLessThan(1e-5);
    }
  });

  it('sumRows equals the typed-array tier on every shape', () => {
    const wasm = tiers(), rng = new Random(4);
    for (const [m, , n] of shapes) {
      const a = randomIn(wasm, m * n, rng);
      const out = wasm.allocate(n).fill(NaN), expected = new Float32Array(n);
      wasm.sumRows(a, out, m, n);
      typedArrayKernels.sumRows(a, expected, m, n);
      expect(worstError(out, expected, m)).toBeLessThan(1e-6);
    }
  });

  it('the comparison catches one wrong element (negative control)', () => {
    const wasm = tiers(), rng = new Random(11);
    const [m, k, n] = [17, 63, 65];
    const a = randomIn(wasm, m * k, rng), b = randomIn(wasm, k * n, rng), bias = randomIn(wasm, n, rng);
    const c = wasm.allocate(m * n), expected = new Float32Array(m * n);
    wasm.matmulBias(a, b, bias, c, m, k, n);
    typedArrayKernels.matmulBias(a, b, bias, expected, m, k, n);
    const scale = absProducts(m, k, n, (i, p) => a[i * k + p], (p, j) => b[p * n + j]);
    expect(worstError(c, expected, scale)).toBeLessThan(1e-5);
    c[m * n - 1] += 1e-4 * (1 + scale[m * n - 1]); // one wrong sum, off by a relative 1e-4
    expect(worstError(c, expected, scale)).toBeGreaterThan(1e-5);
  });

  it('a row of C gets the same bits whether computed in a 4-row tile or alone (any split of rows is exact)', () => {
    const wasm = tiers(), rng = new Random(12);
    const [m, k, n] = [8, 63, 17];
    const a = randomIn(wasm, m * k, rng), b = randomIn(wasm, k * n, rng), bias = randomIn(wasm, n, rng);
    const together = wasm.allocate(m * n), alone = wasm.allocate(n);
    wasm.matmulBias(a, b, bias, together, m, k, n);
    for (let i = 0; i < m; i++) {
      wasm.matmulBias(a.subarray(i * k, (i + 1) * k), b, bias, alone, 1, k, n);
      expect(Array.from(alone), `row ${i}`).toEqual(Array.from(together.subarray(i * n, (i + 1) * n)));
    }
  });

  it('writes only the leading m×n block (a partial batch leaves the rest of the workspace alone)', () => {
    const wasm = tiers(), rng = new Random(5);
    const a = randomIn(wasm, 64 * 17, rng), b = randomIn(wasm, 17 * 9, rng), bias = randomIn(wasm, 9, rng);
    const c = wasm.allocate(64 * 9).fill(7);
    wasm.matmulBias(a, b, bias, c, 5, 17, 9);
    expect(Array.from(c.subarray(45)).every((x) => x === 7)).toBe(true);
  });

  it('runs the typed-array loops when a buffer is not in its memory (float64, plain arrays)', () => {
    const wasm = tiers(), rng = new Random(6);
    const [m, k, n] = [5, 17, 3];
    const a = randomIn(null, m * k, rng), b = randomIn(wasm, k * n, rng), bias = randomIn(wasm, n, rng);
    const c = new Float32Array(m * n), expected = new Float32Array(m * n);
    wasm.matmulBias(a, b, bias, c, m, k, n);
    typedArrayKernels.matmulBias(a, b, bias, expected, m, k, n);
    expect(c).toEqual(expected);
    const a64 = Float64Array.from(a), b64 = Float64Array.from(b), c64 = new Float64Array(m * n), e64 = new Float64Array(m * n);
    wasm.matmulBias(a64, b64, Float64Array.from(bias), c64, m, k, n);
    typedArrayKernels.matmulBias(a64, b64, Float64Array.from(bias), e64, m, k, n);
    expect(c64).toEqual(e64);
  });

  it('activations and their derivatives (with and without a dropout mask) equal the typed-array tier', () => {
    const wasm = tiers(), rng = new Random(7);
    for (const activation of HIDDEN_ACTIVATIONS) {
      for (const count of [...ODD_SIZES, 1000]) {
        const z = randomIn(wasm, count, rng);
        for (let i = 0; i < Math.min(count, 4); i++) z[i] = [-100, 100, -20, 30][i]; // saturated sigmoid/tanh
        const h = wasm.allocate(count), hExpected = new Float32Array(count);
        wasm.activate(activation, z, h, count);
        typedArrayKernels.activate(activation, z, hExpected, count);
        expect(worstError(h, hExpected), `${activation} f, ${count}`).toBeLessThan(2e-6);

        for (const withMask of [false, true]) {
          const dh = randomIn(wasm, count, rng);
          const mask = withMask ? randomIn(wasm, count, rng).map((x) => (x > 0 ? 1.25 : 0)) : null;
          const maskIn = mask ? copyInto(wasm, mask) : null;
          const dz = wasm.allocate(count), dzExpected = new Float32Array(count);
          const dhCopy = Float32Array.from(dh);
          typedArrayKernels.activationBackward(activation, z, hExpected, dhCopy, mask, dzExpected, count);
          wasm.activationBackward(activation, z, h, dh, maskIn, dz, count);
          expect(worstError(dz, dzExpected), `${activation} f', mask ${withMask}, ${count}`).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('multiply (the dropout product A = H ⊙ mask) equals the typed-array tier', () => {
    const wasm = tiers(), rng = new Random(8);
    for (const count of ODD_SIZES) {
      const x = randomIn(wasm, count, rng), y = randomIn(wasm, count, rng);
      const out = wasm.allocate(count), expected = new Float32Array(count);
      wasm.multiply(x, y, out, count);
      typedArrayKernels.multiply(x, y, expected, count);
      expect(out).toEqual(expected);
    }
  });

  it('norms and clipping by norm on buffers in its memory equal the typed-array loops', () => {
    const wasm = tiers(), rng = new Random(9);
    for (const count of [...ODD_SIZES, 100_003]) {
      const g = randomIn(wasm, count, rng), plain = Float32Array.from(g);
      expect(wasm.owns(g)).toBe(true);
      expect(wasm.owns(plain)).toBe(false);
      const norm = l2Norm(g, wasm);
      expect(Math.abs(norm - l2Norm(plain)) / l2Norm(plain)).toBeLessThan(1e-12);
      clipGradient(g, norm, { mode: 'norm', threshold: norm / 3 }, wasm);
      clipGradient(plain, norm, { mode: 'norm', threshold: norm / 3 });
      expect(worstError(g, plain)).toBeLessThan(1e-7);
    }
  });

  it('a training step\'s L1 + L2 penalty (value and gradient, one pass per layer) equals the typed-array loops', () => {
    const rng = new Random(12);
    const spec: ModelSpec = {
      inputSize: 65, hidden: [{ units: 17, activation: 'relu', dropout: 0 }, { units: 5, activation: 'tanh', dropout: 0 }],
      output: { units: 3, activation: 'softmax' }, init: 'auto',
    };
    const fast = new Network(spec, { kernels: tiers() }), slow = new Network(spec, { kernels: typedArrayKernels });
    fast.initialize(new Random(3));
    slow.params.set(fast.params);
    fast.params[0] = slow.params[0] = 0; // sign(0) = 0
    for (let i = 0; i < fast.grads.length; i++) fast.grads[i] = slow.grads[i] = rng.normal();
    expect((fast.kernels as WasmKernels).owns(fast.params), 'the fast network lives in a kernel memory').toBe(true);
    expect(slow.kernels.name).toBe('typed-array');
    const penalty = { l1: 0.003, l2: 0.01 };
    const expectedValue = penaltyValue(slow, penalty);
    const value = applyPenalty(fast, penalty);
    expect(applyPenalty(slow, penalty)).toBe(expectedValue);
    expect(Math.abs(value - expectedValue) / expectedValue).toBeLessThan(1e-12);
    expect(worstError(fast.grads as Float32Array, slow.grads as Float32Array)).toBeLessThan(1e-6);
    expect(applyPenalty(fast, { l1: 0, l2: 0 })).toBe(0);
  });

  const optimizerSpecs: OptimizerSpec[] = [
    { ...defaultOptimizer, name: 'sgd' },
    { ...defaultOptimizer, name: 'momentum', momentumForm: 'classic' },
    { ...defaultOptimizer, name: 'momentum', momentumForm: 'ema' },
    { ...defaultOptimizer, name: 'adam' },
    { ...defaultOptimizer, name: 'rmsprop', rho: 0.8 },
    { ...defaultOptimizer, name: 'adamw', weightDecay: 0.5 },
  ];
  const label = (spec: OptimizerSpec): string => `${spec.name}${spec.name === 'momentum' ? ` (${spec.momentumForm})` : ''}`;

  /** Worst |ΔW| between `fastSpec` on the WebAssembly kernels and `slowSpec` on typed arrays after 20 steps, and how far W moved. */
  function twentySteps(fastSpec: OptimizerSpec, slowSpec: OptimizerSpec): { error: number; moved: number } {
    const wasm = tiers(), rng = new Random(10);
    const count = 1027;
    const params = randomIn(wasm, count, rng), grads = wasm.allocate(count);
    const plainParams = Float32Array.from(params), plainGrads = new Float32Array(count);
    const initial = Float32Array.from(params);
    const fast = createOptimizer(fastSpec, count, (n) => wasm.allocate(n), wasm);
    const slow = createOptimizer(slowSpec, count, (n) => new Float32Array(n));
    for (let step = 0; step < 20; step++) {
      for (let i = 0; i < count; i++) plainGrads[i] = grads[i] = rng.normal();
      fast.update(params, grads, 0.01);
      slow.update(plainParams, plainGrads, 0.01);
    }
    return { error: worstError(params, plainParams), moved: worstError(params, initial) };
  }

  for (const spec of optimizerSpecs) {
    it(`the ${label(spec)} update in WebAssembly follows the typed-array update for 20 steps`, () => {
      const { error, moved } = twentySteps(spec, spec);
      expect(error).toBeLessThan(1e-5);
      expect(moved).toBeGreaterThan(1e-3); // the WebAssembly update did run
    });
  }

  /** Floats for any vector op's named arguments (an op with a new name gets a value here, or the test fails). */
  const floatValues: Record<string, number> = {
    s: 0.7, lr: 0.01, mu: 0.9, beta: 0.8, beta1: 0.9, beta2: 0.99, epsilon: 1e-6, c1: 1.3, c2: 2.1, rho: 0.85, weightDecay: 0.3, l1: 0.003, l2: 0.01,
  };

  for (const name of VECTOR_OP_NAMES) {
    it(`the ${name} kernel equals its typed-array loop on odd sizes (every buffer and the result)`, () => {
      const wasm = tiers(), rng = new Random(21);
      const floats = VECTOR_OPS[name].floats.map((f) => floatValues[f]);
      expect(floats.every(Number.isFinite), `values for ${VECTOR_OPS[name].floats.join(', ')}`).toBe(true);
      for (const count of ODD_SIZES) {
        // state buffers (after params and grads) hold running means of g²: keep them away from 0, where
        // lr·m/(√v + ε) would turn float32 rounding into large steps
        const fast = VECTOR_OPS[name].buffers.map((_, i) => randomIn(null, count, rng).map((x) => (i >= 2 ? 0.1 + Math.abs(x) : x)));
        const inMemory = fast.map((x) => { const y = wasm.allocate(count); y.set(x); return y; });
        const plain = fast.map((x) => Float32Array.from(x));
        const result = runVectorOp(wasm, name, inMemory, floats), expected = runVectorOp(typedArrayKernels, name, plain, floats);
        expect(Math.abs(result - expected), `${name} result, ${count} values`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(expected)));
        inMemory.forEach((x, i) => expect(worstError(x, plain[i]), `${name} buffer ${i}, ${count} values`).toBeLessThan(1e-5));
      }
    });
  }

  it('the per-op comparison notices float arguments passed in another order (negative control)', () => {
    const wasm = tiers(), rng = new Random(22), count = 65;
    const plain = [0, 1, 2].map((i) => randomIn(null, count, rng).map((x) => (i >= 2 ? 0.1 + Math.abs(x) : x)));
    const inMemory = plain.map((x) => { const y = wasm.allocate(count); y.set(x); return y; });
    runVectorOp(wasm, 'rmsprop', inMemory, [0.01, 0.85, 1e-6]);
    runVectorOp(typedArrayKernels, 'rmsprop', plain, [0.85, 0.01, 1e-6]);
    expect(worstError(inMemory[0], plain[0])).toBeGreaterThan(1e-3);
  });

  it('the comparison notices a WebAssembly update that leaves out a rule\'s term (negative controls)', () => {
    const adamw = optimizerSpecs.find((spec) => spec.name === 'adamw')!, rmsprop = optimizerSpecs.find((spec) => spec.name === 'rmsprop')!;
    expect(twentySteps({ ...adamw, weightDecay: 0 }, adamw).error, 'adamw without its decay').toBeGreaterThan(1e-3);
    expect(twentySteps({ ...rmsprop, rho: 0.9 }, rmsprop).error, 'rmsprop with another ρ').toBeGreaterThan(1e-4);
  });
});

describe('softmax cross-entropy in WebAssembly', () => {
  it('gives the TypeScript loss, correct count, probabilities and gradient on odd shapes and large logits', () => {
    const wasm = createWasmKernels()!, rng = new Random(13);
    for (const m of [1, 3, 64, 65]) for (const classes of [1, 2, 3, 4, 10, 17]) for (const spread of [1, 40]) {
      const z = wasm.allocate(m * classes), labels = wasm.allocate(m);
      for (let i = 0; i < z.length; i++) z[i] = rng.normal() * spread;
      for (let i = 0; i < m; i++) labels[i] = Math.floor(rng.uniform() * classes);
      const probs = wasm.allocate(m * classes), dz = wasm.allocate(m * classes);
      const tsProbs = new Float32Array(m * classes), tsDz = new Float32Array(m * classes);
      const fast = wasm.softmaxCrossEntropy(z, labels, probs, dz, m, classes)!;
      const slow = softmaxCrossEntropy(z, labels, tsProbs, tsDz, m, classes);
      expect(fast.correct, `${m}×${classes}`).toBe(slow.correct);
      expect(Math.abs(fast.lossSum - slow.lossSum) / (1 + Math.abs(slow.lossSum))).toBeLessThan(1e-5);
      expect(worstError(probs, tsProbs)).toBeLessThan(1e-6);
      expect(worstError(dz, tsDz)).toBeLessThan(1e-6);
      expect(wasm.softmaxCrossEntropy(z, labels, probs, null, m, classes)!.correct).toBe(slow.correct);
    }
  });

  it('returns a NaN loss for a label that is not a class index (the trainer checks labels first; this keeps memory reads inside the row)', () => {
    const wasm = createWasmKernels()!;
    const z = wasm.allocate(6), probs = wasm.allocate(6);
    for (const bad of [3, -1, 1.5]) {
      const labels = wasm.allocate(2);
      labels.set([0, bad]);
      expect(wasm.softmaxCrossEntropy(z, labels, probs, null, 2, 3)!.lossSum).toBeNaN();
    }
  });

  it('declines buffers outside its memory (the caller runs the TypeScript loss)', () => {
    const wasm = createWasmKernels()!;
    expect(wasm.softmaxCrossEntropy(new Float32Array(3), wasm.allocate(1), wasm.allocate(3), null, 1, 3)).toBeNull();
  });
});
