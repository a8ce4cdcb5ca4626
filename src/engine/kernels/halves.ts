// A small network's training pass over one batch as two row halves, one per thread (data parallel): each
// half runs the forward, the softmax cross-entropy and the backward of its own rows through every layer,
// and writes its weight gradients into its own buffers; the caller adds the two. Each half is one job of
// the kernel team, so a small network hands work over once a step, not once a product.
//
// Every row of a forward or a backward is computed on its own (a product's row, an activation's element,
// a softmax row), so the halves' rows are the same bits as one whole-batch pass; only the sums over rows
// (dW, db, the loss) differ, and the one-thread pass (passes.ts trainingPass) sums them in the same two
// halves. The plan below holds the buffers' byte addresses, written once; each step writes the row counts
// and the dropout keys.
//
// Then the second half's gradients are added to the first's, and each sum's squares taken in the same pass
// (the step's gradient norms need them): in pieces, cut by the layer sizes only (sumPieces), that the two
// threads share as one job — each adds what the other wrote for half of the weights — with each buffer's
// squares summed piece by piece in order, so one thread and two give the same bits here too.

import type { KernelExports } from './modules';

/** The exports a half runs. */
export type HalfKernels = Pick<KernelExports, 'gemm' | 'gemmTransB' | 'sumRows' | 'activate' | 'activateDropout' | 'activationBackward' | 'softmaxCrossEntropy' | 'addSquares'>;

/** The Weyl step between the dropout hash inputs of neighbouring units (passes.ts DROPOUT_WEYL). */
const WEYL = 0x9e3779b9 | 0;

// Header words of a plan (int32), then the two halves' results, then LAYER_WORDS per dense layer, then the
// pieces of the gradients' sum (PIECE_WORDS each) and their float64 sums of squares.
const LAYERS = 0, ROWS = 1, FIRST_HALF_ROWS = 2, INPUT = 3, TARGETS = 4, PROBS = 5, ROW_WEIGHTS = 6, INPUT_SIZE = 7;
const PIECES = 8; // piece count
const LOSS_F64 = 8; // float64 index 8–9 = words 16–19: each half's loss sum
const HITS = 20; // words 20–21: each half's correct count
const FIRST_LAYER = 24, LAYER_WORDS = 20;
// a layer's words: sizes, parameter and workspace addresses, each half's gradient buffers, its activation
// (−1: the output layer) and dropout (threshold, float32 keep scale, this step's key; mask 0: none)
const FAN_IN = 0, FAN_OUT = 1, W = 2, B = 3, Z = 4, H = 5, A = 6, MASK = 7, DA = 8, DZ = 9, DW0 = 10, DB0 = 11,
  KIND = 14, THRESHOLD = 15, KEEP = 16, KEY = 17;

// a piece's words: the first half's gradient (summed in place), the second's, the count, the buffer's index
// (2l: layer l's dW, 2l + 1: its db)
const PIECE_X = 0, PIECE_Y = 1, PIECE_COUNT = 2, PIECE_BUFFER = 3, PIECE_WORDS = 4;

/** int32 words of a plan for `layers` dense layers and `pieces` pieces (its byte address must be 8-aligned). */
export const planWords = (layers: number, pieces: number): number => FIRST_LAYER + layers * LAYER_WORDS + pieces * (PIECE_WORDS + 2);
/** The word of a plan's first piece (after its layers) and the float64 index of its first piece sum (after the pieces). */
const piecesAt = (c: Int32Array): number => FIRST_LAYER + c[LAYERS] * LAYER_WORDS;
const pieceSumsAt = (c: Int32Array): number => (piecesAt(c) + c[PIECES] * PIECE_WORDS) / 2;

/** A plan's views: int32 words, the same words as float32 and float64. */
export interface PlanViews { c: Int32Array; f: Float32Array; d: Float64Array; at: number }

export function planViews(buffer: ArrayBufferLike, at: number, words: number): PlanViews {
  return { c: new Int32Array(buffer, at, words), f: new Float32Array(buffer, at, words), d: new Float64Array(buffer, at, words / 2), at };
}

/** One dense layer's buffers in the plan (byte addresses; mask 0 when it has no dropout). */
export interface PlanLayer {
  fanIn: number; fanOut: number; weights: number; bias: number; z: number; h: number; a: number; mask: number;
  dA: number; dZ: number; dWeights: [number, number]; dBias: [number, number];
  /** activationCode of a hidden layer, −1 for the output layer */
  kind: number; shiftedThreshold: number; keepScale: number;
}

/** What a plan describes: the batch buffers and the layers. */
export interface PlanBuffers { input: number; targets: number; probs: number; inputSize: number; layers: PlanLayer[] }

/** A range of one gradient buffer: both halves' addresses, its length and which buffer (2l: dW_l, 2l + 1: db_l). */
export interface Piece { x: number; y: number; count: number; buffer: number }

/** Pieces a sum is cut in, about (the big layers are cut so that two threads share it evenly, a bias stays whole). */
const TARGET_PIECES = 8;
/** Floats a piece holds at least. */
const MIN_PIECE = 512;

/**
 * The pieces the two halves' gradients are added and squared in: each buffer cut into near-equal pieces of
 * about total/TARGET_PIECES floats (multiples of 16). Depends on the layer sizes only, so one thread and two
 * cut alike and the sums of squares have the same bits.
 */
export function sumPieces(layers: readonly PlanLayer[]): Piece[] {
  const sizes = layers.flatMap((l) => [l.fanIn * l.fanOut, l.fanOut]);
  const total = sizes.reduce((a, b) => a + b, 0);
  const target = Math.max(MIN_PIECE, Math.ceil(total / TARGET_PIECES / 16) * 16);
  const pieces: Piece[] = [];
  layers.forEach((layer, l) => {
    const buffers: [number, number, number][] = [[layer.dWeights[0], layer.dWeights[1], sizes[2 * l]], [layer.dBias[0], layer.dBias[1], sizes[2 * l + 1]]];
    buffers.forEach(([x, y, count], i) => {
      const cuts = Math.max(1, Math.round(count / target));
      const size = Math.ceil(count / cuts / 16) * 16;
      for (let from = 0; from < count; from += size) {
        pieces.push({ x: x + from * 4, y: y + from * 4, count: Math.min(size, count - from), buffer: 2 * l + i });
      }
    });
  });
  return pieces;
}

/** Writes the addresses a plan keeps for good (its pieces: sumPieces of its layers). */
export function writePlan(v: PlanViews, buffers: PlanBuffers, pieces: readonly Piece[]): void {
  const { c, f } = v;
  c[LAYERS] = buffers.layers.length; c[INPUT] = buffers.input; c[TARGETS] = buffers.targets; c[PROBS] = buffers.probs;
  c[INPUT_SIZE] = buffers.inputSize;
  c[PIECES] = pieces.length;
  pieces.forEach((piece, p) => {
    const s = piecesAt(c) + p * PIECE_WORDS;
    c[s + PIECE_X] = piece.x; c[s + PIECE_Y] = piece.y; c[s + PIECE_COUNT] = piece.count; c[s + PIECE_BUFFER] = piece.buffer;
  });
  buffers.layers.forEach((layer, l) => {
    const s = FIRST_LAYER + l * LAYER_WORDS;
    const ints = [layer.fanIn, layer.fanOut, layer.weights, layer.bias, layer.z, layer.h, layer.a, layer.mask, layer.dA, layer.dZ,
      layer.dWeights[0], layer.dBias[0], layer.dWeights[1], layer.dBias[1], layer.kind, layer.shiftedThreshold];
    ints.forEach((value, i) => { c[s + i] = value; });
    f[s + KEEP] = layer.keepScale;
  });
}

/** Writes one step's row counts, class weights (address or 0) and dropout keys (one draw per layer with dropout, in order, as forward() draws them). */
export function writeStep(v: PlanViews, rows: number, firstHalfRows: number, rowWeights: number, rng: { nextUint32(): number }): void {
  const c = v.c;
  c[ROWS] = rows; c[FIRST_HALF_ROWS] = firstHalfRows; c[ROW_WEIGHTS] = rowWeights;
  for (let l = 0; l < c[LAYERS]; l++) {
    const s = FIRST_LAYER + l * LAYER_WORDS;
    if (c[s + MASK] !== 0) c[s + KEY] = rng.nextUint32() | 0;
  }
}

/** Pieces of the plan's gradient sum (sumPieces). */
export const pieceCount = (v: PlanViews): number => v.c[PIECES];

/** Piece p: the first half's gradient += the second's, and the float64 sum of squares of the sum into the plan. */
export function runPiece(fns: HalfKernels, v: PlanViews, p: number): void {
  const c = v.c, s = piecesAt(c) + p * PIECE_WORDS;
  v.d[pieceSumsAt(c) + p] = fns.addSquares(c[s + PIECE_X], c[s + PIECE_Y], c[s + PIECE_COUNT]);
}

/** Every piece on this thread. */
export function runPieces(fns: HalfKernels, v: PlanViews): void {
  for (let p = 0; p < v.c[PIECES]; p++) runPiece(fns, v, p);
}

/** After the pieces ran: squares[b] = Σ of buffer b's pieces' sums, in piece order (2l: Σ dW_l², 2l + 1: Σ db_l²). */
export function sumOfSquares(v: PlanViews, squares: Float64Array): void {
  const c = v.c, first = piecesAt(c), sums = pieceSumsAt(c);
  squares.fill(0);
  for (let p = 0; p < c[PIECES]; p++) squares[c[first + p * PIECE_WORDS + PIECE_BUFFER]] += v.d[sums + p];
}

/** The last run's loss sum and correct rows: the first half's plus the second's, in that order on every thread count. */
export function halvesResult(v: PlanViews): { lossSum: number; correct: number } {
  return { lossSum: v.d[LOSS_F64] + v.d[LOSS_F64 + 1], correct: v.c[HITS] + v.c[HITS + 1] };
}

/** Runs half `half` (0: the first FIRST_HALF_ROWS rows, 1: the rest) of the step in the plan. */
export function runHalf(fns: HalfKernels, v: PlanViews, half: 0 | 1): void {
  const c = v.c;
  const first = c[FIRST_HALF_ROWS];
  const from = half === 0 ? 0 : first, rows = half === 0 ? first : c[ROWS] - first;
  forwardRows(fns, v, from, rows);
  lossRows(fns, v, half);
  backwardRows(fns, v, from, rows, half);
}

/**
 * Runs the step in the plan on one thread with the same bits as its two halves: the forward and the
 * backward's dA over all rows at once (each row is computed on its own, and the first half's row count is a
 * multiple of 4, so every row falls in the same place of the kernels' 4-row tiles as in its half), the loss
 * and the weight gradients per half. Faster than the two halves in turn: bigger products.
 */
export function runWhole(fns: HalfKernels, v: PlanViews): void {
  forwardRows(fns, v, 0, v.c[ROWS]);
  lossRows(fns, v, 0);
  lossRows(fns, v, 1);
  backwardRows(fns, v, 0, v.c[ROWS], -1);
}

/** Half `half`'s softmax cross-entropy (dZ over the whole batch's row count), into its result words. */
function lossRows(fns: HalfKernels, v: PlanViews, half: 0 | 1): void {
  const c = v.c;
  const first = c[FIRST_HALF_ROWS];
  const from = half === 0 ? 0 : first, rows = half === 0 ? first : c[ROWS] - first;
  const last = FIRST_LAYER + (c[LAYERS] - 1) * LAYER_WORDS, classes = c[last + FAN_OUT];
  const weights = c[ROW_WEIGHTS] === 0 ? 0 : c[ROW_WEIGHTS] + from * 4;
  const z = c[last + Z] + from * classes * 4, dz = c[last + DZ] + from * classes * 4;
  v.d[LOSS_F64 + half] = fns.softmaxCrossEntropy(z, c[TARGETS] + from * 4, c[PROBS] + from * classes * 4, dz,
    rows, classes, v.at + (HITS + half) * 4, weights, c[ROWS]);
}

/** Z = A·W + b, then the activation (and dropout) of every layer, for rows from … from + rows. */
function forwardRows(fns: HalfKernels, v: PlanViews, from: number, rows: number): void {
  const c = v.c, layers = c[LAYERS];
  let input = c[INPUT] + from * c[INPUT_SIZE] * 4;
  for (let l = 0; l < layers; l++) {
    const s = FIRST_LAYER + l * LAYER_WORDS, k = c[s + FAN_IN], n = c[s + FAN_OUT], offset = from * n * 4;
    fns.gemm(input, k, 1, c[s + W], n, c[s + B], c[s + Z] + offset, n, rows, k, n);
    if (c[s + KIND] < 0) return;
    const count = rows * n;
    if (c[s + MASK] === 0) fns.activate(c[s + KIND], c[s + Z] + offset, c[s + H] + offset, count);
    else {
      // the key of unit `from·n` of the whole mask, as the one-thread draw hashes it
      const key = (c[s + KEY] + Math.imul(from * n, WEYL)) | 0;
      fns.activateDropout(c[s + KIND], c[s + Z] + offset, c[s + H] + offset, c[s + MASK] + offset, c[s + A] + offset,
        count, c[s + THRESHOLD], v.f[s + KEEP], key);
    }
    input = c[s + A] + offset;
  }
}

/**
 * dW, db into half `half`'s buffers (−1: rows from … from + rows hold both halves: each its own), and dA → dZ
 * below, for rows from … from + rows (dZ of the output layer set).
 */
function backwardRows(fns: HalfKernels, v: PlanViews, from: number, rows: number, half: 0 | 1 | -1): void {
  const c = v.c;
  for (let l = c[LAYERS] - 1; l >= 0; l--) {
    const s = FIRST_LAYER + l * LAYER_WORDS, k = c[s + FAN_IN], n = c[s + FAN_OUT];
    const below = s - LAYER_WORDS;
    if (half === -1) {
      const first = c[FIRST_HALF_ROWS];
      weightGradients(fns, v, l, 0, first, 0);
      weightGradients(fns, v, l, first, rows - first, 1);
    } else weightGradients(fns, v, l, from, rows, half);
    if (l === 0) return;
    const dz = c[s + DZ] + from * n * 4;
    const offset = from * k * 4, mask = c[below + MASK];
    fns.gemmTransB(dz, c[s + W], c[below + DA] + offset, rows, n, k);
    fns.activationBackward(c[below + KIND], c[below + Z] + offset, c[below + H] + offset, c[below + DA] + offset,
      mask === 0 ? 0 : mask + offset, c[below + DZ] + offset, rows * k);
  }
}

/** Layer l's dW = Aᵀ·dZ and db = Σ dZ over rows from … from + rows, into half `half`'s buffers. */
function weightGradients(fns: HalfKernels, v: PlanViews, l: number, from: number, rows: number, half: 0 | 1): void {
  const c = v.c;
  const s = FIRST_LAYER + l * LAYER_WORDS, k = c[s + FAN_IN], n = c[s + FAN_OUT];
  const input = l === 0 ? c[INPUT] + from * c[INPUT_SIZE] * 4 : c[s - LAYER_WORDS + A] + from * k * 4;
  const dz = c[s + DZ] + from * n * 4;
  fns.gemm(input, 1, k, dz, n, 0, c[s + DW0 + 2 * half], n, k, rows, n); // row i of dW is column i of A
  fns.sumRows(dz, c[s + DB0 + 2 * half], rows, n);
}
