// The one table of hidden activations. Everything about an activation lives in its entry: the engine's
// scalar and typed-array forms, the WebAssembly lanes (scripts/build-wasm.mjs generates the kernels'
// dispatch from them, codes in table order), the init gain, each exporter's spelling and the studio's hint.
// A new activation is one new entry here; the tests loop over the table.
import type { GraphBuilder } from './export/onnx-builder';
import type { Floats } from './kernels/types';

/** An elementwise activation: h = f(z), and dZ = dH ⊙ f'(z) written from z and h. */
export interface Activation {
  /** h[i] = f(z[i]) for i < count. */
  apply(z: Floats, h: Floats, count: number): void;
  /** dz[i] = dh[i] · f'(z[i]) (h = f(z) is given so the derivative need not recompute f). */
  backward(z: Floats, h: Floats, dh: Floats, dz: Floats, count: number): void;
  /** Scalar forms, for oracles and tests. */
  f(z: number): number;
  df(z: number): number;
}

/**
 * AssemblyScript over four float32 lanes (v128), for assembly/activations.generated.ts. `forward` is an
 * expression of `z`; `backward` an expression of `g` (dh, already masked) and of `z` and/or `h` as
 * `reads` says (only those are loaded). Both may call assembly/lanes.ts (madd, exp4, sigmoid4, tanh4) and
 * `helpers` (top-level AssemblyScript functions the entry adds); `zero` and `one` are splat constants.
 */
export interface ActivationLanes {
  forward: string;
  backward: string;
  reads: readonly ('z' | 'h')[];
  helpers?: string;
}

/** Everything about one hidden activation. */
export interface ActivationEntry extends Activation {
  /** Relu-like units zero about half their input, so 'auto' and 'original' init use He's gain √2. */
  reluLike: boolean;
  /** Its output is exactly 0 on a whole half-line, so a unit can go silent for every row ("dead"; training health counts them). */
  canDie: boolean;
  /** The band [lo, hi] of f(z) outside which f′ ≈ 0 (the unit is saturated), or null for an activation that never flattens. */
  saturatesOutside: readonly [number, number] | null;
  /** One line for the studio. */
  hint: string;
  lanes: ActivationLanes;
  /** Adds the ONNX nodes for h = f(z) (opset 17, default domain); returns h's value name. */
  onnx(graph: GraphBuilder, z: string): string;
  /** A JavaScript expression of the number `z` (float64), evaluated as the engine's `f` is. */
  js: string;
  /** A numpy expression of the float64 array `z`. */
  numpy: string;
  /** A Python expression building the torch.nn module (with `nn` imported). */
  pytorch: string;
}

/**
 * Saturation bands, on f(z): σ outside [0.01, 0.99] has σ′ = σ(1−σ) < 0.0099 (under 4% of its peak ¼), tanh outside
 * ±0.99 has tanh′ = 1 − tanh² < 0.02: the gradient through such a unit is all but gone (the usual cut in CS231n's notes).
 */
export const SIGMOID_SATURATION = [0.01, 0.99] as const;
export const TANH_SATURATION = [-0.99, 0.99] as const;

/** Slope of leaky relu for z < 0. */
export const LEAKY_SLOPE = 0.01;
/** GELU's tanh form: gelu(z) = ½z(1 + tanh(√(2/π)(z + 0.044715z³))), PyTorch's GELU(approximate='tanh'). */
export const GELU_SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
export const GELU_CUBIC = 0.044715;

/** σ(z) = 1/(1+e^−z), written so that neither branch overflows. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** gelu(z) = ½z(1 + tanh u), u = √(2/π)(z + 0.044715z³). */
function gelu(z: number): number {
  return 0.5 * z * (1 + Math.tanh(GELU_SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z)));
}

/** gelu'(z) = ½(1 + tanh u) + ½z(1 − tanh²u)·√(2/π)(1 + 3·0.044715z²). */
function geluSlope(z: number): number {
  const t = Math.tanh(GELU_SQRT_2_OVER_PI * (z + GELU_CUBIC * z * z * z));
  return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * z * z);
}

// GELU on lanes as z·σ(2u) (1 + tanh u = 2σ(2u)): no cancellation in 1 + tanh u for negative z.
const C2 = 2 * GELU_SQRT_2_OVER_PI, C2A = C2 * GELU_CUBIC;
const geluLaneHelpers = `
/** σ(2u) with 2u = z(2√(2/π) + 2√(2/π)·0.044715z²): GELU's gate, as 1 + tanh u = 2σ(2u). */
@inline function geluGate4(z: v128): v128 {
  return sigmoid4(f32x4.mul(z, madd(f32x4.mul(z, z), f32x4.splat(${C2A}), f32x4.splat(${C2}))));
}

/** gelu'(z) = s + z·s(1 − s)·d(2u)/dz with s = σ(2u), d(2u)/dz = 2√(2/π)(1 + 3·0.044715z²). */
@inline function geluSlope4(z: v128): v128 {
  const s = geluGate4(z);
  const du = madd(f32x4.mul(z, z), f32x4.splat(${3 * C2A}), f32x4.splat(${C2}));
  return madd(f32x4.mul(z, f32x4.mul(s, f32x4.sub(f32x4.splat(1), s))), du, s);
}
`;

/** h = f(z) elementwise. */
const applyOf = (f: (z: number) => number) => (z: Floats, h: Floats, count: number): void => {
  for (let i = 0; i < count; i++) h[i] = f(z[i]);
};
/** dz = dh ⊙ f'(z), the derivative from z. */
const backwardFromZ = (df: (z: number) => number) => (z: Floats, _h: Floats, dh: Floats, dz: Floats, count: number): void => {
  for (let i = 0; i < count; i++) dz[i] = dh[i] * df(z[i]);
};

/** The registry: one entry per hidden activation, in the order the studio lists them and the kernels number them. */
export const activationTable = {
  sigmoid: {
    f: sigmoid,
    df(z: number) { const s = sigmoid(z); return s * (1 - s); },
    apply: applyOf(sigmoid),
    // σ' = σ(1−σ), from the stored σ: no exp, no overflow (the origin's sigmoid' overflowed).
    backward(_z: Floats, h: Floats, dh: Floats, dz: Floats, count: number) { for (let i = 0; i < count; i++) dz[i] = dh[i] * h[i] * (1 - h[i]); },
    reluLike: false,
    canDie: false,
    saturatesOutside: SIGMOID_SATURATION,
    hint: 'σ(z) = 1/(1+e^−z): smooth 0…1, saturates (slow for deep nets)',
    lanes: { forward: 'sigmoid4(z)', backward: 'f32x4.mul(g, f32x4.mul(h, f32x4.sub(one, h)))', reads: ['h'] },
    onnx: (graph: GraphBuilder, z: string) => graph.op('Sigmoid', [z]),
    js: 'z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))',
    numpy: '(lambda e: np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))(np.exp(-np.abs(z)))',
    pytorch: 'nn.Sigmoid()',
  },
  relu: {
    f: (z: number) => (z > 0 ? z : 0),
    df: (z: number) => (z > 0 ? 1 : 0),
    apply(z: Floats, h: Floats, count: number) { for (let i = 0; i < count; i++) h[i] = z[i] > 0 ? z[i] : 0; },
    backward(z: Floats, _h: Floats, dh: Floats, dz: Floats, count: number) { for (let i = 0; i < count; i++) dz[i] = z[i] > 0 ? dh[i] : 0; },
    reluLike: true,
    canDie: true,
    saturatesOutside: null,
    hint: 'max(0, z): fast, the usual default',
    // pmax(0, z) = 0 < z ? z : 0, as the typed-array tier (NaN → 0)
    lanes: { forward: 'f32x4.pmax(zero, z)', backward: 'v128.and(g, f32x4.gt(z, zero))', reads: ['z'] },
    onnx: (graph: GraphBuilder, z: string) => graph.op('Relu', [z]),
    js: 'z > 0 ? z : 0',
    numpy: 'np.where(z > 0, z, 0.0)',
    pytorch: 'nn.ReLU()',
  },
  leaky_relu: {
    f: (z: number) => (z > 0 ? z : LEAKY_SLOPE * z),
    df: (z: number) => (z > 0 ? 1 : LEAKY_SLOPE),
    apply(z: Floats, h: Floats, count: number) { for (let i = 0; i < count; i++) h[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i]; },
    backward(z: Floats, _h: Floats, dh: Floats, dz: Floats, count: number) {
      for (let i = 0; i < count; i++) dz[i] = z[i] > 0 ? dh[i] : LEAKY_SLOPE * dh[i];
    },
    reluLike: true,
    canDie: false,
    saturatesOutside: null,
    hint: `z > 0 ? z : ${LEAKY_SLOPE}z: relu that never goes fully silent`,
    lanes: {
      forward: `v128.bitselect(z, f32x4.mul(z, f32x4.splat(${LEAKY_SLOPE})), f32x4.gt(z, zero))`,
      backward: `v128.bitselect(g, f32x4.mul(g, f32x4.splat(${LEAKY_SLOPE})), f32x4.gt(z, zero))`,
      reads: ['z'],
    },
    onnx: (graph: GraphBuilder, z: string) => graph.op('LeakyRelu', [z], { attributes: { alpha: { kind: 'float', value: LEAKY_SLOPE } } }),
    js: `z > 0 ? z : ${LEAKY_SLOPE} * z`,
    numpy: `np.where(z > 0, z, ${LEAKY_SLOPE} * z)`,
    pytorch: `nn.LeakyReLU(${LEAKY_SLOPE})`,
  },
  tanh: {
    f: Math.tanh,
    df(z: number) { const t = Math.tanh(z); return 1 - t * t; },
    apply: applyOf(Math.tanh),
    backward(_z: Floats, h: Floats, dh: Floats, dz: Floats, count: number) { for (let i = 0; i < count; i++) dz[i] = dh[i] * (1 - h[i] * h[i]); },
    reluLike: false,
    canDie: false,
    saturatesOutside: TANH_SATURATION,
    hint: 'tanh z: smooth −1…1, zero-centred',
    lanes: { forward: 'tanh4(z)', backward: 'f32x4.mul(g, f32x4.sub(one, f32x4.mul(h, h)))', reads: ['h'] },
    onnx: (graph: GraphBuilder, z: string) => graph.op('Tanh', [z]),
    js: 'Math.tanh(z)',
    numpy: 'np.tanh(z)',
    pytorch: 'nn.Tanh()',
  },
  linear: {
    f: (z: number) => z,
    df: () => 1,
    apply(z: Floats, h: Floats, count: number) { if (z !== h) h.set(z.subarray(0, count)); },
    backward(_z: Floats, _h: Floats, dh: Floats, dz: Floats, count: number) { if (dh !== dz) dz.set(dh.subarray(0, count)); },
    reluLike: false,
    canDie: false,
    saturatesOutside: null,
    hint: 'z: no non-linearity (the layer stays a linear map)',
    lanes: { forward: 'z', backward: 'g', reads: [] },
    onnx: (_graph: GraphBuilder, z: string) => z,
    js: 'z',
    numpy: 'z',
    pytorch: 'nn.Identity()',
  },
  gelu: {
    f: gelu,
    df: geluSlope,
    apply: applyOf(gelu),
    backward: backwardFromZ(geluSlope),
    // ≈ relu away from 0 and gelu'(0) = ½ as relu's mean slope: it halves the variance as relu does, so He's √2
    reluLike: true,
    canDie: false,
    saturatesOutside: null,
    hint: '½z(1 + tanh(√(2/π)(z + 0.044715z³))): a smooth relu (transformers)',
    lanes: { forward: 'f32x4.mul(z, geluGate4(z))', backward: 'f32x4.mul(g, geluSlope4(z))', reads: ['z'], helpers: geluLaneHelpers },
    onnx: geluNodes,
    js: `0.5 * z * (1 + Math.tanh(${GELU_SQRT_2_OVER_PI} * (z + ${GELU_CUBIC} * z * z * z)))`,
    numpy: `0.5 * z * (1.0 + np.tanh(${GELU_SQRT_2_OVER_PI} * (z + ${GELU_CUBIC} * z * z * z)))`,
    pytorch: 'nn.GELU(approximate="tanh")',
  },
} satisfies Record<string, ActivationEntry>;

/** ONNX opset 17 has no Gelu: ½z(1 + Tanh(√(2/π)(z + 0.044715·z·z·z))) from Mul, Add and Tanh. */
function geluNodes(graph: GraphBuilder, z: string): string {
  const scalar = (base: string, value: number): string => graph.floats(base, [], [value]);
  const cube = graph.op('Mul', [graph.op('Mul', [z, z]), z]);
  const inner = graph.op('Add', [z, graph.op('Mul', [cube, scalar('gelu_cubic', GELU_CUBIC)])]);
  const gate = graph.op('Tanh', [graph.op('Mul', [inner, scalar('gelu_sqrt_2_over_pi', GELU_SQRT_2_OVER_PI)])]);
  const onePlus = graph.op('Add', [gate, scalar('gelu_one', 1)]);
  return graph.op('Mul', [graph.op('Mul', [z, scalar('gelu_half', 0.5)]), onePlus]);
}

/** A table's keys as a non-empty tuple (what z.enum takes). */
function namesOf<K extends string>(table: Record<K, unknown>): readonly [K, ...K[]] {
  const [first, ...rest] = Object.keys(table) as K[];
  return [first, ...rest];
}

export type HiddenActivation = keyof typeof activationTable;
/** Every hidden activation's name, in table order (the order of the studio's list and of the kernel codes). */
export const HIDDEN_ACTIVATIONS = namesOf(activationTable);
/** The registry typed by name: entry = activationRegistry[name]. */
export const activationRegistry: Record<HiddenActivation, ActivationEntry> = activationTable;
/** The WebAssembly kernels' code for each activation: its index in the table. */
export const activationCode = Object.fromEntries(HIDDEN_ACTIVATIONS.map((name, code) => [name, code])) as Record<HiddenActivation, number>;
