import { clonePlain } from './plain';
import {
  activationRegistry, type HiddenActivation, type LossName, type OutputActivation, lossForOutput,
} from './functions';
import type { Floats, Kernels } from './kernels/types';
import { THREADS_MIN_LAYER_WEIGHTS, createKernels, type KernelHelperStarter } from './kernels';
import { typedArrayKernels } from './kernels/typed-array';
import { Random } from './random';
import { INIT_SCHEMES, type InitScheme } from './init-schemes';
import { numericSetting } from './settings';
import { assertValidSection } from './settings-values';

export { INIT_SCHEMES, type InitScheme };

/** One hidden layer: its width, its activation and the dropout rate applied to its output. */
export interface HiddenLayerSpec {
  units: number;
  activation: HiddenActivation;
  dropout: number;
}

/** The architecture of an MLP: input → hidden layers → softmax (classification) or linear (regression). */
export interface ModelSpec {
  inputSize: number;
  hidden: HiddenLayerSpec[];
  output: { units: number; activation: OutputActivation };
  init: InitScheme;
}

export type Precision = 'float32' | 'float64';

/** One dense layer's views into the network's flat parameter and gradient buffers. */
export interface DenseLayer {
  fanIn: number;
  fanOut: number;
  weights: Floats; // [fanIn × fanOut], row-major
  bias: Floats; // [fanOut]
  dWeights: Floats;
  dBias: Floats;
  weightOffset: number; // where weights start in params
  biasOffset: number;
}

const hiddenLayers = numericSetting('network', 'hidden.length');

/**
 * Limits the engine accepts; bigger specs are rejected before any allocation. Hidden layers and units
 * come from the settings table; maxUnits bounds the input and output widths, which come from the data.
 */
export const MODEL_LIMITS = {
  minHiddenLayers: hiddenLayers.min, maxHiddenLayers: hiddenLayers.max, maxHiddenUnits: numericSetting('network', 'hidden.units').max,
  maxUnits: 65536, maxParameters: 50_000_000,
};

/** Layer widths from input to output, e.g. [4, 64, 32, 16, 3]. */
export function layerSizes(spec: ModelSpec): number[] {
  return [spec.inputSize, ...spec.hidden.map((h) => h.units), spec.output.units];
}

/** Σ (fanIn·fanOut + fanOut) over the dense layers. */
export function parameterCount(spec: ModelSpec): number {
  const sizes = layerSizes(spec);
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l - 1] * sizes[l] + sizes[l];
  return count;
}

/** Weights of the largest dense layer: max over l of sizes[l−1]·sizes[l]. */
export function largestLayerWeights(spec: ModelSpec): number {
  const sizes = layerSizes(spec);
  return Math.max(...sizes.slice(1).map((units, l) => units * sizes[l]));
}

/** Parameters from which a classifier too small to split its products trains each batch as two row halves. */
export const HALVES_MIN_PARAMETERS = 8192;

/**
 * Whether a network of this shape trains each batch as two row halves (passes.ts trainingPass, on kernels
 * that can): a softmax classifier with at least HALVES_MIN_PARAMETERS parameters whose every layer stays under
 * THREADS_MIN_LAYER_WEIGHTS. By shape alone, so one thread and two sum the same halves.
 */
export function halvesShape(spec: ModelSpec): boolean {
  return spec.output.activation === 'softmax' && parameterCount(spec) >= HALVES_MIN_PARAMETERS
    && largestLayerWeights(spec) < THREADS_MIN_LAYER_WEIGHTS;
}

/** Whether a network of this shape gains from a helper thread: a layer that splits its products, or batches in halves. */
export function gainsFromHelper(spec: ModelSpec): boolean {
  return largestLayerWeights(spec) >= THREADS_MIN_LAYER_WEIGHTS || halvesShape(spec);
}

/** Throws with a readable message when a spec cannot be built. */
export function assertValidSpec(spec: ModelSpec): void {
  const { maxUnits, maxParameters } = MODEL_LIMITS;
  const checkUnits = (units: number, where: string): void => {
    if (!Number.isInteger(units) || units < 1 || units > maxUnits) {
      throw new Error(`${where}: units must be an integer from 1 to ${maxUnits}, got ${units}`);
    }
  };
  checkUnits(spec.inputSize, 'input layer');
  assertValidSection('network', { hidden: spec.hidden, init: spec.init });
  checkUnits(spec.output.units, 'output layer');
  if (spec.output.activation === 'softmax' && spec.output.units < 2) {
    throw new Error(`output layer: softmax needs at least 2 classes, got ${spec.output.units}`);
  }
  const count = parameterCount(spec);
  if (count > maxParameters) throw new Error(`network has ${count} parameters; the limit is ${maxParameters}`);
}

/** The scale σ of N(0, σ²) for a layer's initial weights. */
function initScale(scheme: InitScheme, activation: HiddenActivation | OutputActivation, fanIn: number, fanOut: number): number {
  const reluLike = activation !== 'softmax' && activationRegistry[activation].reluLike; // He's gain √2 (see the registry)
  switch (scheme) {
    case 'he': return Math.sqrt(2 / fanIn);
    case 'xavier': return Math.sqrt(2 / (fanIn + fanOut));
    case 'original': return Math.sqrt((reluLike ? 2 : 1) / fanIn); // N(0,1)·sqrt(k/fan_in)
    case 'auto': return reluLike ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
  }
}

/** An MLP whose parameters live in one flat buffer (weights then bias, layer by layer). */
export class Network {
  readonly spec: ModelSpec;
  readonly precision: Precision;
  readonly kernels: Kernels;
  readonly params: Floats;
  readonly grads: Floats;
  readonly layers: DenseLayer[];
  readonly loss: LossName;
  /** Whether its training passes run as two row halves (halvesShape, on kernels that can). */
  readonly trainsInHalves: boolean;

  /** Threads a training step runs on now (a network in halves: as its kernels last chose, by measurement). */
  get threadsInUse(): number {
    return this.trainsInHalves ? this.kernels.halvesThreads ?? this.kernels.threads : this.kernels.threads;
  }

  /** `startHelper`: how the host starts a kernel thread, for a network big enough to gain from two (default kernels only). */
  constructor(spec: ModelSpec, options: { precision?: Precision; kernels?: Kernels; startHelper?: KernelHelperStarter | null } = {}) {
    assertValidSpec(spec);
    this.spec = clonePlain(spec);
    this.precision = options.precision ?? 'float32';
    // float32 runs on the fastest tier this runtime has (WebAssembly SIMD when it validates); float64 on typed arrays
    const sizes = layerSizes(spec);
    const helper = gainsFromHelper(spec);
    this.kernels = options.kernels ?? (this.precision === 'float32' ? createKernels('auto', { helper, startHelper: options.startHelper }) : typedArrayKernels);
    this.trainsInHalves = this.precision === 'float32' && !!this.kernels.runHalves && halvesShape(spec);
    this.loss = lossForOutput[spec.output.activation];
    const total = parameterCount(spec);
    this.params = this.allocate(total);
    this.grads = this.allocate(total);
    this.layers = [];
    let offset = 0;
    for (let l = 1; l < sizes.length; l++) {
      const fanIn = sizes[l - 1], fanOut = sizes[l];
      const weightOffset = offset, biasOffset = offset + fanIn * fanOut;
      offset = biasOffset + fanOut;
      this.layers.push({
        fanIn, fanOut, weightOffset, biasOffset,
        weights: this.params.subarray(weightOffset, biasOffset),
        bias: this.params.subarray(biasOffset, offset),
        dWeights: this.grads.subarray(weightOffset, biasOffset),
        dBias: this.grads.subarray(biasOffset, offset),
      });
    }
  }

  /** A zeroed buffer of this network's precision; float32 ones live in the kernels' memory when they have one. */
  allocate(length: number): Floats {
    if (this.precision === 'float64') return new Float64Array(length);
    return this.kernels.allocate?.(length) ?? new Float32Array(length);
  }

  /** Weights ~ N(0,1)·scale (scale by the init scheme), biases 0. */
  initialize(rng: Random): void {
    this.params.fill(0);
    this.layers.forEach((layer, l) => {
      const activation = l < this.spec.hidden.length ? this.spec.hidden[l].activation : this.spec.output.activation;
      const scale = initScale(this.spec.init, activation, layer.fanIn, layer.fanOut);
      for (let i = 0; i < layer.weights.length; i++) layer.weights[i] = rng.normal() * scale;
    });
  }

  get outputSize(): number {
    return this.spec.output.units;
  }

  get isClassifier(): boolean {
    return this.spec.output.activation === 'softmax';
  }
}
