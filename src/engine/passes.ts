import { meanSquaredError, softmaxCrossEntropy } from './functions';
import type { Floats, HalvedPass, LossSums } from './kernels/types';
import type { Network } from './network';
import type { Random } from './random';

/** How dropout behaves in a forward pass: drawn fresh, reused from the workspace (tests), or off (inference). */
export type DropoutMode = 'sample' | 'fixed' | 'off';

/**
 * Every buffer one forward+backward pass needs for up to `capacity` rows, allocated once so the hot
 * loop allocates nothing. Index l is the l-th dense layer (hidden layers then the output layer).
 */
export class Workspace {
  readonly capacity: number;
  readonly input: Floats; // A₀ = X batch [capacity × inputSize]
  readonly targets: Floats; // labels [capacity] or regression targets [capacity × outputs]
  readonly z: Floats[]; // pre-activations Z_l
  readonly h: Floats[]; // f(Z_l) before dropout
  readonly a: Floats[]; // h ⊙ mask (the same buffer as h where dropout is 0)
  readonly mask: (Floats | null)[]; // inverted-dropout mask: 0 or 1/(1−p)
  readonly dA: Floats[]; // ∂L/∂A_l
  readonly dZ: Floats[]; // ∂L/∂Z_l
  readonly probs: Floats; // softmax output (classification)
  /** A training pass in two row halves over these buffers, with the second half's gradient buffer and the sum's squares (made at first use). */
  halves: Halves | null = null;

  constructor(net: Network, capacity: number) {
    this.capacity = capacity;
    const alloc = (n: number): Floats => net.allocate(n);
    this.input = alloc(capacity * net.spec.inputSize);
    this.targets = alloc(capacity * (net.isClassifier ? 1 : net.outputSize));
    this.z = []; this.h = []; this.a = []; this.mask = []; this.dA = []; this.dZ = [];
    net.layers.forEach((layer, l) => {
      const size = capacity * layer.fanOut;
      const isHidden = l < net.spec.hidden.length;
      const dropout = isHidden ? net.spec.hidden[l].dropout : 0;
      const z = alloc(size);
      const h = isHidden ? alloc(size) : z;
      this.z.push(z);
      this.h.push(h);
      this.mask.push(dropout > 0 ? alloc(size) : null);
      this.a.push(dropout > 0 ? alloc(size) : h);
      this.dA.push(alloc(size));
      this.dZ.push(alloc(size));
    });
    this.probs = alloc(capacity * net.outputSize);
  }

  /** The output layer's pre-activations (logits for softmax, predictions for linear). */
  get output(): Floats {
    return this.z[this.z.length - 1];
  }
}

/** The Weyl step between the hash inputs of neighbouring units: ⌊2³²/φ⌋. */
export const DROPOUT_WEYL = 0x9e3779b9 | 0;

/** MurmurHash3's 32-bit finalizer: a bijection whose output bits each depend on every input bit. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/**
 * ⌈p·2³²⌉ − 2³¹: u/2³² ≥ p exactly when (u − 2³¹) ≥ this, compared as signed int32 (u ^ −2³¹ is u − 2³¹);
 * above 2³¹ − 1 (p within 2⁻³² of 1) no int32 reaches it and the lane kernels decline.
 */
export function shiftedDropoutThreshold(p: number): number {
  return Math.ceil(p * 4294967296) - 2147483648;
}

/**
 * Fills an inverted-dropout mask: each unit kept with probability 1−p and scaled by 1/(1−p). One draw
 * from `rng` is the mask's key; unit i is kept when u_i = fmix32(key + i·WEYL) satisfies u_i/2³² ≥ p.
 * Every unit's bits come from its own index (no chain from unit to unit), so the WebAssembly tier draws
 * four at a time and gets the same mask (test/kernels/dropout-mask.test.ts).
 */
export function sampleDropoutMask(mask: Floats, count: number, p: number, rng: Random): void {
  const keepScale = 1 / (1 - p);
  const shiftedThreshold = shiftedDropoutThreshold(p);
  const key = rng.nextUint32() | 0;
  for (let i = 0; i < count; i++) {
    const u = fmix32((key + Math.imul(i, DROPOUT_WEYL)) | 0);
    mask[i] = (u ^ -2147483648) >= shiftedThreshold ? keepScale : 0;
  }
}

/** Forward pass on the first m rows of ws.input: Z_l = A_{l−1}·W_l + b_l, H_l = f(Z_l), A_l = H_l ⊙ mask_l. */
export function forward(net: Network, ws: Workspace, m: number, dropout: DropoutMode, rng?: Random): void {
  const hiddenCount = net.spec.hidden.length;
  const k = net.kernels;
  let input = ws.input;
  net.layers.forEach((layer, l) => {
    k.matmulBias(input, layer.weights, layer.bias, ws.z[l], m, layer.fanIn, layer.fanOut);
    if (l === hiddenCount) return; // output layer: the loss applies softmax or identity
    const count = m * layer.fanOut;
    const { activation, dropout: p } = net.spec.hidden[l];
    const mask = ws.mask[l];
    input = ws.a[l];
    if (mask && dropout === 'sample' && k.activateDropout?.(activation, ws.z[l], ws.h[l], mask, ws.a[l], count, p, rng!)) return;
    k.activate(activation, ws.z[l], ws.h[l], count);
    if (mask) {
      const a = ws.a[l], h = ws.h[l];
      if (dropout === 'sample') {
        if (!k.dropoutMask?.(mask, count, p, rng!)) sampleDropoutMask(mask, count, p, rng!);
      }
      if (dropout === 'off') a.set(h.subarray(0, count));
      else k.multiply(h, mask, a, count);
    }
  });
}

/** The data loss of the last forward pass (mean over m rows, each row's cross-entropy × its class weight when rowWeights); writes ∂L/∂Z_out when withGradient. */
export function outputLoss(net: Network, ws: Workspace, m: number, withGradient: boolean, rowWeights: Floats | null = null): { lossSum: number; correct: number } {
  const last = net.layers.length - 1;
  const dz = withGradient ? ws.dZ[last] : null;
  if (net.isClassifier) {
    return net.kernels.softmaxCrossEntropy?.(ws.output, ws.targets, ws.probs, dz, m, net.outputSize, rowWeights)
      ?? softmaxCrossEntropy(ws.output, ws.targets, ws.probs, dz, m, net.outputSize, rowWeights);
  }
  return { ...meanSquaredError(ws.output, ws.targets, dz, m, net.outputSize), correct: 0 };
}

/**
 * Backward pass from ws.dZ[out] (set by outputLoss): dW_l = A_{l−1}ᵀ·dZ_l, db_l = Σ_rows dZ_l,
 * dA_{l−1} = dZ_l·W_lᵀ, then through dropout (⊙ mask) and the activation (⊙ f'(Z)). Overwrites net.grads.
 */
export function backward(net: Network, ws: Workspace, m: number): void {
  const k = net.kernels;
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const input = l === 0 ? ws.input : ws.a[l - 1];
    k.matmulTransA(input, ws.dZ[l], layer.dWeights, m, layer.fanIn, layer.fanOut);
    k.sumRows(ws.dZ[l], layer.dBias, m, layer.fanOut);
    if (l === 0) break;
    const below = l - 1;
    const dA = ws.dA[below];
    k.matmulTransB(ws.dZ[l], layer.weights, dA, m, layer.fanOut, layer.fanIn);
    const count = m * layer.fanIn;
    // dropout in backward too: dZ = dA ⊙ mask ⊙ f'(Z)
    k.activationBackward(net.spec.hidden[below].activation, ws.z[below], ws.h[below], dA, ws.mask[below], ws.dZ[below], count);
  }
}

/** Batches below this many rows train in one piece. */
const HALVES_MIN_ROWS = 8;

/** Rows of a batch's first half (a multiple of 4, about half), or 0 when the batch trains in one piece. */
export function firstHalfRows(net: Network, m: number): number {
  if (m < HALVES_MIN_ROWS || !net.trainsInHalves) return 0;
  return Math.min(m - 1, 4 * Math.ceil(m / 8));
}

/** A pass's loss sums, and the squared norms of the gradients where the pass took them on the way. */
export interface PassSums extends LossSums {
  /** Σ dW_l² at 2l and Σ db_l² at 2l + 1 (regularize.ts normsOfSquares), valid until the next pass; null: not taken */
  gradientSquares: Float64Array | null;
}

/** A halved pass, the second half's gradients (the layers' dW then db, as net.grads) and the squares of the sum. */
interface Halves { pass: HalvedPass; secondGrads: Floats; squares: Float64Array }

/**
 * One training step's passes over the first m rows: forward (dropout drawn from rng), the loss (its sum and
 * correct rows) and backward into net.grads. A network that trains in halves (network.ts halvesShape) runs
 * them as two row halves — on two threads where its kernels have a helper — and adds the second half's
 * gradients to the first's, taking the sum's squares in the same pass: one thread and two give the same bits.
 */
export function trainingPass(net: Network, ws: Workspace, m: number, rng: Random, rowWeights: Floats | null): PassSums {
  const first = firstHalfRows(net, m);
  const halves = first > 0 ? (ws.halves ??= halvedPass(net, ws)) : null;
  // null: a buffer lies outside the kernels' memory (a huge batch past its limit); then the batch trains in one piece
  const halvesSums = halves && net.kernels.runHalves!(halves.pass, m, first, rng, rowWeights, halves.squares);
  if (halvesSums) return { lossSum: halvesSums.lossSum, correct: halvesSums.correct, gradientSquares: halves!.squares };
  forward(net, ws, m, 'sample', rng);
  const sums = outputLoss(net, ws, m, true, rowWeights);
  backward(net, ws, m);
  return { lossSum: sums.lossSum, correct: sums.correct, gradientSquares: null };
}

/** The halved pass over a workspace: the first half's gradients go to net.grads, the second's to a buffer of its own. */
function halvedPass(net: Network, ws: Workspace): Halves {
  const secondGrads = net.allocate(net.grads.length);
  const hidden = net.spec.hidden;
  const layers = net.layers.map((layer, l) => ({
    fanIn: layer.fanIn, fanOut: layer.fanOut, weights: layer.weights, bias: layer.bias,
    z: ws.z[l], h: ws.h[l], a: ws.a[l], mask: ws.mask[l], dA: ws.dA[l], dZ: ws.dZ[l],
    dWeights: [layer.dWeights, secondGrads.subarray(layer.weightOffset, layer.biasOffset)] as [Floats, Floats],
    dBias: [layer.dBias, secondGrads.subarray(layer.biasOffset, layer.biasOffset + layer.fanOut)] as [Floats, Floats],
    activation: l < hidden.length ? hidden[l].activation : null,
    dropout: l < hidden.length ? hidden[l].dropout : 0,
  }));
  return { pass: { input: ws.input, targets: ws.targets, probs: ws.probs, inputSize: net.spec.inputSize, layers }, secondGrads,
    squares: new Float64Array(2 * layers.length) };
}

/** to ← from, buffer by buffer (both built for the same network and capacity): a snapshot of one pass. */
export function copyWorkspace(from: Workspace, to: Workspace): void {
  to.input.set(from.input);
  to.targets.set(from.targets);
  to.probs.set(from.probs);
  const perLayer = ['z', 'h', 'a', 'dA', 'dZ'] as const;
  for (const name of perLayer) from[name].forEach((buffer, l) => to[name][l].set(buffer));
  from.mask.forEach((mask, l) => { if (mask) to.mask[l]!.set(mask); });
}
