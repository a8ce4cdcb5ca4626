import type { Floats } from './kernels/types';
import { vectorKernelsFor } from './kernels/wasm';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Optimizer settings. momentumForm 'classic' is v = μv − lr·g, W += v; 'ema' is the origin's v = βv + (1−β)g, W −= lr·v. */
export interface OptimizerSpec {
  name: OptimizerName;
  momentum: number;
  momentumForm: 'classic' | 'ema';
  beta1: number;
  beta2: number;
  epsilon: number;
  /** decay of the running mean of g² (read by optimizers that keep one) */
  rho: number;
  /** decoupled weight decay λ, W −= lr·λ·W (read by optimizers that apply one) */
  weightDecay: number;
}

export const defaultOptimizer: OptimizerSpec = {
  name: 'adam', momentum: 0.9, momentumForm: 'classic', beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rho: 0.9, weightDecay: 0.01,
};

/** Updates a flat parameter buffer from its gradient; its state buffers are made with it (never later). */
export interface Optimizer {
  update(params: Floats, grads: Floats, lr: number): void;
  /** State buffers (velocity, Adam moments) and step count, for checkpoints. */
  state(): { step: number; buffers: Floats[] };
}

function sgd(): Optimizer {
  return {
    update(params, grads, lr) {
      if (vectorKernelsFor(params)?.sgd(params, grads, lr)) return;
      for (let i = 0; i < params.length; i++) params[i] -= lr * grads[i];
    },
    state: () => ({ step: 0, buffers: [] }),
  };
}

function momentum(spec: OptimizerSpec, velocity: Floats): Optimizer {
  const mu = spec.momentum;
  const loops = spec.momentumForm === 'classic'
    ? (params: Floats, grads: Floats, lr: number): void => {
      for (let i = 0; i < params.length; i++) { const v = mu * velocity[i] - lr * grads[i]; velocity[i] = v; params[i] += v; }
    }
    : (params: Floats, grads: Floats, lr: number): void => {
      for (let i = 0; i < params.length; i++) { const v = mu * velocity[i] + (1 - mu) * grads[i]; velocity[i] = v; params[i] -= lr * v; }
    };
  const update = (params: Floats, grads: Floats, lr: number): void => {
    if (!vectorKernelsFor(params)?.momentum(spec.momentumForm, params, grads, velocity, mu, lr)) loops(params, grads, lr);
  };
  return { update, state: () => ({ step: 0, buffers: [velocity] }) };
}

/** Adam: m = β1m + (1−β1)g, v = β2v + (1−β2)g², W −= lr·m̂/(√v̂ + ε) with bias-corrected m̂, v̂. */
function adam(spec: OptimizerSpec, m: Floats, v: Floats): Optimizer {
  const { beta1, beta2, epsilon } = spec;
  let step = 0;
  return {
    update(params, grads, lr) {
      step++;
      const c1 = 1 / (1 - beta1 ** step), c2 = 1 / (1 - beta2 ** step);
      if (vectorKernelsFor(params)?.adam(params, grads, m, v, lr, { beta1, beta2, epsilon, c1, c2 })) return;
      for (let i = 0; i < params.length; i++) {
        const g = grads[i];
        const mi = beta1 * m[i] + (1 - beta1) * g;
        const vi = beta2 * v[i] + (1 - beta2) * g * g;
        m[i] = mi; v[i] = vi;
        params[i] -= (lr * mi * c1) / (Math.sqrt(vi * c2) + epsilon);
      }
    },
    state: () => ({ step, buffers: [m, v] }),
  };
}

/** Builds an optimizer for `size` parameters, its state allocated by `allocate` now, before any step. */
export function createOptimizer(spec: OptimizerSpec, size: number, allocate: (n: number) => Floats): Optimizer {
  switch (spec.name) {
    case 'sgd': return sgd();
    case 'momentum': return momentum(spec, allocate(size));
    case 'adam': return adam(spec, allocate(size), allocate(size));
  }
}

export const SCHEDULES = ['constant', 'step', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** Learning-rate schedule per epoch: step multiplies by `gamma` every `stepEvery` epochs; cosine anneals to `minLr`. */
export interface ScheduleSpec {
  name: ScheduleName;
  stepEvery: number;
  gamma: number;
  minLr: number;
}

export const defaultSchedule: ScheduleSpec = { name: 'constant', stepEvery: 10, gamma: 0.5, minLr: 0 };

/** lr at a 0-based epoch of `epochs`. cosine: lr_min + ½(lr₀ − lr_min)(1 + cos(π·epoch/epochs)). */
export function learningRateAt(schedule: ScheduleSpec, baseLr: number, epoch: number, epochs: number): number {
  switch (schedule.name) {
    case 'constant': return baseLr;
    case 'step': return baseLr * schedule.gamma ** Math.floor(epoch / Math.max(1, schedule.stepEvery));
    case 'cosine': {
      const progress = Math.min(1, epoch / Math.max(1, epochs));
      return schedule.minLr + 0.5 * (baseLr - schedule.minLr) * (1 + Math.cos(Math.PI * progress));
    }
  }
}

/** Per optimizer: a one-line hint with its update rule, and the OptimizerSpec fields its update reads. */
export const optimizerRegistry = {
  sgd: { hint: 'W ← W − lr·g', uses: [] },
  momentum: { hint: 'v ← μv − lr·g, W ← W + v: rolls through flat regions', uses: ['momentum', 'momentumForm'] },
  adam: { hint: 'per-weight steps from running means of g and g²: a safe default', uses: ['beta1', 'beta2', 'epsilon'] },
} satisfies Record<OptimizerName, { hint: string; uses: readonly (keyof OptimizerSpec)[] }>;
