import type { Floats } from './kernels/types';
import { typedArrayKernels } from './kernels/typed-array';
import { runVectorOp, type VectorKernels, type VectorOpName } from './kernels/vector-ops';

/**
 * Optimizer settings; each optimizer reads only the keys its registry entry `uses`. momentumForm 'classic'
 * is v = μv − lr·g, W += v; 'ema' is the origin's v = βv + (1−β)g, W −= lr·v. rho: the decay of the running
 * mean of g² (rmsprop). weightDecay: the decoupled decay λ of adamw, W ← W·(1 − lr·λ).
 */
export interface OptimizerSpec {
  name: OptimizerName;
  momentum: number;
  momentumForm: 'classic' | 'ema';
  beta1: number;
  beta2: number;
  epsilon: number;
  rho: number;
  weightDecay: number;
}

/** The default update rule (AdamW with λ 0.3: measured against scikit-learn's MLP in bench/defaults) and every hyperparameter's default. */
export const defaultOptimizer: OptimizerSpec = {
  name: 'adamw', momentum: 0.9, momentumForm: 'classic', beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rho: 0.9, weightDecay: 0.3,
};

export const MOMENTUM_FORMS = ['classic', 'ema'] as const;

/** Everything about one optimizer: the engine, the kernels, the studio and the PyTorch export read it here. */
export interface OptimizerEntry {
  /** One sentence for the studio. */
  hint: string;
  /** The OptimizerSpec keys its rule reads (the studio shows only these fields). */
  uses: readonly Exclude<keyof OptimizerSpec, 'name'>[];
  /** State buffers of one value per parameter, made with the optimizer (never later), zeroed. */
  stateBuffers: number;
  /** The kernel op it runs on (params, grads, ...state buffers) (kernels/vector-ops.ts holds its typed-array loop). */
  kernel(spec: OptimizerSpec): VectorOpName;
  /** That op's float arguments for step `step` (1, 2, …) at learning rate `lr`. */
  floats(spec: OptimizerSpec, lr: number, step: number): number[];
  /** Its PyTorch form: Python lines updating tensor p from its gradient g (state: p's dict, s: the spec, lr, step). */
  pytorch: string;
}

/** Adam's float arguments: c1 = 1/(1 − β1ᵗ), c2 = 1/(1 − β2ᵗ) are the bias corrections. */
const adamFloats = ({ beta1, beta2, epsilon }: OptimizerSpec, lr: number, step: number): number[] =>
  [lr, beta1, beta2, epsilon, 1 / (1 - beta1 ** step), 1 / (1 - beta2 ** step)];

const ADAM_PYTORCH = `m = state.setdefault("m", torch.zeros_like(p))
v = state.setdefault("v", torch.zeros_like(p))
m.mul_(s["beta1"]).add_(g, alpha=1 - s["beta1"])
v.mul_(s["beta2"]).addcmul_(g, g, value=1 - s["beta2"])
c1, c2 = 1 / (1 - s["beta1"] ** step), 1 / (1 - s["beta2"] ** step)
p.addcdiv_(m * c1, (v * c2).sqrt_().add_(s["epsilon"]), value=-lr)`;

const entries = {
  /** W −= lr·g. */
  sgd: {
    hint: 'W ← W − lr·g',
    uses: [], stateBuffers: 0,
    kernel: () => 'sgd', floats: (_spec, lr) => [lr],
    pytorch: 'p.add_(g, alpha=-lr)',
  },
  /** classic: v = μv − lr·g, W += v; ema: v = μv + (1−μ)g, W −= lr·v. */
  momentum: {
    hint: 'v ← μv − lr·g, W ← W + v: rolls through flat regions',
    uses: ['momentum', 'momentumForm'], stateBuffers: 1,
    kernel: (spec) => (spec.momentumForm === 'classic' ? 'momentumClassic' : 'momentumEma'),
    floats: (spec, lr) => [spec.momentum, lr],
    pytorch: `v = state.setdefault("v", torch.zeros_like(p))
if s["momentumForm"] == "classic":
    v.mul_(s["momentum"]).add_(g, alpha=-lr)
    p.add_(v)
else:
    v.mul_(s["momentum"]).add_(g, alpha=1 - s["momentum"])
    p.add_(v, alpha=-lr)`,
  },
  /** m = β1m + (1−β1)g, v = β2v + (1−β2)g², W −= lr·m̂/(√v̂ + ε) with bias-corrected m̂, v̂. */
  adam: {
    hint: 'per-weight steps from running means of g and g²: the usual choice',
    uses: ['beta1', 'beta2', 'epsilon'], stateBuffers: 2,
    kernel: () => 'adam', floats: adamFloats,
    pytorch: ADAM_PYTORCH,
  },
  /** v = ρv + (1−ρ)g², W −= lr·g/(√v + ε): torch.optim.RMSprop(alpha=ρ, eps=ε), no momentum, not centred. */
  rmsprop: {
    hint: 'per-weight steps scaled by a running mean of g²: v ← ρv + (1−ρ)g², W ← W − lr·g/(√v + ε)',
    uses: ['rho', 'epsilon'], stateBuffers: 1,
    kernel: () => 'rmsprop', floats: (spec, lr) => [lr, spec.rho, spec.epsilon],
    pytorch: `v = state.setdefault("v", torch.zeros_like(p))
v.mul_(s["rho"]).addcmul_(g, g, value=1 - s["rho"])
p.addcdiv_(g, v.sqrt().add_(s["epsilon"]), value=-lr)`,
  },
  /** W ← W·(1 − lr·λ), then the adam step: torch.optim.AdamW's decoupled weight decay. */
  adamw: {
    hint: 'adam with decoupled weight decay W ← W·(1 − lr·λ): shrinks every weight apart from its gradient',
    uses: ['beta1', 'beta2', 'epsilon', 'weightDecay'], stateBuffers: 2,
    kernel: () => 'adamw', floats: (spec, lr, step) => [...adamFloats(spec, lr, step), spec.weightDecay],
    pytorch: `p.mul_(1 - lr * s["weightDecay"])\n${ADAM_PYTORCH}`,
  },
} satisfies Record<string, OptimizerEntry>;

export type OptimizerName = keyof typeof entries;
/** One entry per optimizer; adding one here (and its kernel op) is all it takes. */
export const optimizerRegistry: Record<OptimizerName, OptimizerEntry> = entries;
/** The optimizer names, in the registry's order. */
export const OPTIMIZERS = Object.keys(entries) as [OptimizerName, ...OptimizerName[]];

/** Updates a flat parameter buffer from its gradient; its state buffers are made with it (never later). */
export interface Optimizer {
  update(params: Floats, grads: Floats, lr: number): void;
  /** State buffers (velocity, moments) and step count, for checkpoints. */
  state(): { step: number; buffers: Floats[] };
  /** Continues from a checkpoint's state: buffers copied in, step count set (Adam's bias correction reads it). */
  restore(step: number, buffers: readonly ArrayLike<number>[]): void;
}

/**
 * A readable message when `spec.name` is not a registered optimizer; null when it is. Hyperparameter ranges
 * are the settings table's (settings.ts), checked with the rest of TrainSettings before a trainer builds one.
 */
export function optimizerProblem(spec: OptimizerSpec): string | null {
  const entry = optimizerRegistry[spec.name as OptimizerName] as OptimizerEntry | undefined;
  return entry ? null : `unknown optimizer "${spec.name}" (one of ${OPTIMIZERS.join(', ')})`;
}

/**
 * Builds `spec`'s optimizer for `size` parameters: its state buffers allocated by `allocate` now, before
 * any step; each step runs its kernel op on `kernels` (the network's).
 */
export function createOptimizer(spec: OptimizerSpec, size: number, allocate: (n: number) => Floats,
  kernels: VectorKernels = typedArrayKernels): Optimizer {
  const problem = optimizerProblem(spec);
  if (problem) throw new Error(problem);
  const entry: OptimizerEntry = optimizerRegistry[spec.name];
  const op = entry.kernel(spec), settings = { ...spec };
  const buffers = Array.from({ length: entry.stateBuffers }, () => allocate(size));
  let step = 0;
  return {
    update(params, grads, lr) {
      step++;
      runVectorOp(kernels, op, [params, grads, ...buffers], entry.floats(settings, lr, step));
    },
    state: () => ({ step, buffers }),
    restore(savedStep, saved) {
      if (saved.length !== buffers.length) throw new Error(`${spec.name} keeps ${buffers.length} state buffers, the checkpoint has ${saved.length}`);
      saved.forEach((values, i) => {
        if (values.length !== size) throw new Error(`optimizer state buffer ${i + 1} has ${values.length} values, the network ${size} parameters`);
        buffers[i].set(values);
      });
      step = savedStep;
    },
  };
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
