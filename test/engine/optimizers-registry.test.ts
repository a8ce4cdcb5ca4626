/**
 * The optimizer registry: each entry's update rule against an independent float64 oracle written from
 * PyTorch's documented algorithms, its contract with the kernels (state buffers, op arguments), its
 * ranges, the model file's defaults for older files, the exported PyTorch script and the CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VECTOR_OPS, typedArrayKernels } from '../../src/engine/kernels';
import { trainingSchema } from '../../src/engine/model-file';
import {
  MOMENTUM_FORMS, OPTIMIZERS, createOptimizer, defaultOptimizer, optimizerProblem, optimizerRegistry,
  type OptimizerSpec,
} from '../../src/engine/optimizers';
import { defaultTrainSettings, assertValidSettings } from '../../src/engine/trainer';
import { numericSetting, setting } from '../../src/engine/settings';
import { exportPyTorch } from '../../src/engine/export';
import { irisCase } from '../export/datasets';
import { jsonLines, runCli } from '../cli/run-cli';

const alloc = (n: number): Float64Array => new Float64Array(n);

/** Gradients for three steps of a 3-weight vector: mixed signs and sizes, one zero. */
const GRADIENTS = [[0.5, -2, 0], [0.3, 1, -0.01], [-0.4, 0.5, 0.2]];
const START = [1, -0.5, 2];

/** torch.optim.RMSprop's algorithm (alpha = ρ, no momentum, not centred), written out in float64. */
function rmspropOracle(rho: number, epsilon: number, lr: number): number[] {
  const w = [...START], v = [0, 0, 0];
  for (const g of GRADIENTS) {
    for (let i = 0; i < w.length; i++) {
      v[i] = rho * v[i] + (1 - rho) * g[i] ** 2;
      w[i] = w[i] - (lr * g[i]) / (Math.sqrt(v[i]) + epsilon);
    }
  }
  return w;
}

/** torch.optim.AdamW's algorithm: θ ← θ − γλθ, then m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ), θ ← θ − γm̂/(√v̂ + ε). */
function adamwOracle(beta1: number, beta2: number, epsilon: number, weightDecay: number, lr: number): number[] {
  const w = [...START], m = [0, 0, 0], v = [0, 0, 0];
  GRADIENTS.forEach((g, index) => {
    const t = index + 1;
    for (let i = 0; i < w.length; i++) {
      w[i] = w[i] - lr * weightDecay * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] ** 2;
      const mHat = m[i] / (1 - beta1 ** t), vHat = v[i] / (1 - beta2 ** t);
      w[i] = w[i] - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    }
  });
  return w;
}

/** The engine's weights after the three steps with `spec` (typed-array tier, float64). */
function engineSteps(spec: OptimizerSpec, lr: number): number[] {
  const w = Float64Array.from(START);
  const optimizer = createOptimizer(spec, w.length, alloc);
  for (const g of GRADIENTS) optimizer.update(w, Float64Array.from(g), lr);
  return Array.from(w);
}

const worstDifference = (a: number[], b: number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

describe('rmsprop', () => {
  const spec: OptimizerSpec = { ...defaultOptimizer, name: 'rmsprop', rho: 0.9, epsilon: 1e-8 };

  it('first step moves each weight by lr/√(1−ρ) against its gradient\'s sign (v starts at 0)', () => {
    const w = Float64Array.from([1, 1]);
    createOptimizer(spec, 2, alloc).update(w, Float64Array.from([0.5, -3]), 0.01);
    expect(w[0]).toBeCloseTo(1 - 0.01 / Math.sqrt(0.1), 6); // 0.968377…
    expect(w[1]).toBeCloseTo(1 + 0.01 / Math.sqrt(0.1), 6);
  });

  it('follows torch.optim.RMSprop\'s algorithm for three steps, to 1e-15', () => {
    expect(worstDifference(engineSteps(spec, 0.01), rmspropOracle(0.9, 1e-8, 0.01))).toBeLessThan(1e-15);
  });

  it('the oracle comparison fails for another ρ, and for plain adam (negative controls)', () => {
    expect(worstDifference(engineSteps({ ...spec, rho: 0.99 }, 0.01), rmspropOracle(0.9, 1e-8, 0.01))).toBeGreaterThan(1e-4);
    expect(worstDifference(engineSteps({ ...spec, name: 'adam' }, 0.01), rmspropOracle(0.9, 1e-8, 0.01))).toBeGreaterThan(1e-4);
  });
});

describe('adamw', () => {
  const spec: OptimizerSpec = { ...defaultOptimizer, name: 'adamw', weightDecay: 0.5 };

  it('first step is W·(1 − lr·λ) − lr·sign(g) (bias correction makes adam\'s step lr)', () => {
    const w = Float64Array.from([2, 2]);
    createOptimizer(spec, 2, alloc).update(w, Float64Array.from([3, -0.5]), 0.1);
    expect(w[0]).toBeCloseTo(2 * 0.95 - 0.1, 6); // 1.8
    expect(w[1]).toBeCloseTo(2 * 0.95 + 0.1, 6); // 2.0
  });

  it('follows torch.optim.AdamW\'s algorithm (decoupled decay, then adam) for three steps, to 1e-15', () => {
    expect(worstDifference(engineSteps(spec, 0.05), adamwOracle(0.9, 0.999, 1e-8, 0.5, 0.05))).toBeLessThan(1e-15);
  });

  it('the oracle comparison fails for adam (no decay) and for decay taken after the step (negative controls)', () => {
    expect(worstDifference(engineSteps({ ...spec, name: 'adam' }, 0.05), adamwOracle(0.9, 0.999, 1e-8, 0.5, 0.05))).toBeGreaterThan(1e-3);
    const decayAfter = (() => { // the wrong order: adam step, then W ← W·(1 − lr·λ)
      const w = Float64Array.from(START), adam = createOptimizer({ ...spec, name: 'adam' }, 3, alloc);
      for (const g of GRADIENTS) { adam.update(w, Float64Array.from(g), 0.05); for (let i = 0; i < 3; i++) w[i] *= 1 - 0.05 * 0.5; }
      return Array.from(w);
    })();
    expect(worstDifference(decayAfter, adamwOracle(0.9, 0.999, 1e-8, 0.5, 0.05))).toBeGreaterThan(1e-6);
  });

  it('with weight decay 0 is adam, bit for bit', () => {
    expect(engineSteps({ ...spec, weightDecay: 0 }, 0.05)).toEqual(engineSteps({ ...spec, name: 'adam' }, 0.05));
  });
});

describe('the optimizer registry', () => {
  it('lists every optimizer once, in OPTIMIZERS', () => {
    expect([...OPTIMIZERS].sort()).toEqual(Object.keys(optimizerRegistry).sort());
    expect(OPTIMIZERS).toEqual(expect.arrayContaining(['sgd', 'momentum', 'adam', 'rmsprop', 'adamw']));
  });

  for (const name of OPTIMIZERS) {
    it(`${name}: its kernel op takes params, grads and its ${optimizerRegistry[name].stateBuffers} state buffer(s), and its floats`, () => {
      const entry = optimizerRegistry[name];
      for (const momentumForm of MOMENTUM_FORMS) {
        const spec = { ...defaultOptimizer, name, momentumForm };
        const op = VECTOR_OPS[entry.kernel(spec)];
        expect(op.buffers.length).toBe(2 + entry.stateBuffers);
        expect(entry.floats(spec, 0.01, 1)).toHaveLength(op.floats.length);
        expect(op.split).toBe('elementwise');
      }
    });

    it(`${name}: makes its state buffers when it is created, never during a step`, () => {
      let allocations = 0;
      const optimizer = createOptimizer({ ...defaultOptimizer, name }, 4, (n) => { allocations++; return new Float64Array(n); });
      expect(allocations).toBe(optimizerRegistry[name].stateBuffers);
      for (let step = 0; step < 3; step++) optimizer.update(new Float64Array(4).fill(1), new Float64Array(4).fill(0.5), 0.1);
      expect(allocations).toBe(optimizerRegistry[name].stateBuffers);
      expect(optimizer.state().buffers).toHaveLength(optimizerRegistry[name].stateBuffers);
    });

    it(`${name}: uses only keys the studio has a field for, and reads nothing it does not list`, () => {
      const entry = optimizerRegistry[name];
      for (const key of entry.uses) expect(() => setting('train', `optimizer.${key}`), key).not.toThrow();
      // a hyperparameter outside `uses` changes nothing
      const numeric = NUMERIC_HYPERPARAMETERS.filter((key) => !entry.uses.includes(key));
      const changed = { ...defaultOptimizer, name, ...Object.fromEntries(numeric.map((key) => {
        const { min, max } = numericSetting('train', `optimizer.${key}`);
        return [key, min + 0.5 * (Math.min(1, max) - min)];
      })) };
      expect(engineSteps(changed, 0.01)).toEqual(engineSteps({ ...defaultOptimizer, name }, 0.01));
    });
  }

  it('the check above notices a key a rule reads (negative control: rmsprop reads ρ)', () => {
    expect(engineSteps({ ...defaultOptimizer, name: 'rmsprop', rho: 0.5 }, 0.01)).not.toEqual(engineSteps({ ...defaultOptimizer, name: 'rmsprop' }, 0.01));
  });

  it('accepts the defaults and rejects each hyperparameter just outside the settings table\'s range, naming it', () => {
    const withOptimizer = (changes: Partial<OptimizerSpec>) => ({ ...defaultTrainSettings, optimizer: { ...defaultOptimizer, ...changes } });
    for (const name of OPTIMIZERS) expect(() => assertValidSettings(withOptimizer({ name }))).not.toThrow();
    expect(() => assertValidSettings(withOptimizer({ name: 'rmsprop', rho: 1 }))).toThrow(/ρ must be in \[0, 1\)/);
    expect(() => assertValidSettings(withOptimizer({ name: 'rmsprop', rho: 0 }))).not.toThrow();
    expect(() => assertValidSettings(withOptimizer({ name: 'adamw', weightDecay: 1 }))).not.toThrow();
    expect(() => assertValidSettings(withOptimizer({ name: 'adamw', weightDecay: 1.001 }))).toThrow(/weight ?decay/i);
    expect(() => assertValidSettings(withOptimizer({ name: 'adamw', weightDecay: -0.1 }))).toThrow(/weight ?decay/i);
    expect(() => assertValidSettings(withOptimizer({ name: 'adam', epsilon: 0 }))).toThrow(/epsilon|ε/);
    for (const name of OPTIMIZERS) expect(optimizerProblem({ ...defaultOptimizer, name })).toBeNull();
    expect(() => createOptimizer({ ...defaultOptimizer, name: 'nadam' as 'adam' }, 1, alloc)).toThrow(/unknown optimizer "nadam"/);
  });
});

/** The numeric OptimizerSpec keys (all but the name and the momentum form). */
const NUMERIC_HYPERPARAMETERS = (Object.keys(defaultOptimizer) as (keyof OptimizerSpec)[])
  .filter((key): key is Exclude<keyof OptimizerSpec, 'name' | 'momentumForm'> => key !== 'name' && key !== 'momentumForm');

describe('the model file\'s optimizer settings', () => {
  const older = (): Record<string, unknown> => {
    const { rho: _rho, weightDecay: _weightDecay, ...optimizer } = defaultOptimizer;
    return { ...defaultTrainSettings, optimizer };
  };

  it('fill ρ and weight decay with their defaults in files written before they existed', () => {
    const parsed = trainingSchema.parse(older());
    expect(parsed.optimizer.rho).toBe(setting('train', 'optimizer.rho').default);
    expect(parsed.optimizer.weightDecay).toBe(setting('train', 'optimizer.weightDecay').default);
  });

  it('keep the saved ρ and weight decay, and refuse them out of range', () => {
    const saved = { ...defaultTrainSettings, optimizer: { ...defaultOptimizer, name: 'rmsprop', rho: 0.5, weightDecay: 0.2 } };
    expect(trainingSchema.parse(saved).optimizer).toMatchObject({ name: 'rmsprop', rho: 0.5, weightDecay: 0.2 });
    expect(trainingSchema.safeParse({ ...saved, optimizer: { ...saved.optimizer, rho: 1 } }).success).toBe(false);
    expect(trainingSchema.safeParse({ ...saved, optimizer: { ...saved.optimizer, weightDecay: 2 } }).success).toBe(false);
    expect(trainingSchema.safeParse({ ...saved, optimizer: { ...saved.optimizer, name: 'nadam' } }).success).toBe(false);
  });
});

/** A python3 that can parse scripts, or null. */
const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0) ?? null;

describe('the exported PyTorch script\'s optimizers', () => {
  const scriptFor = (name: OptimizerSpec['name']): string =>
    exportPyTorch({ ...irisCase().file, training: { ...defaultTrainSettings, optimizer: { ...defaultOptimizer, name } } });

  it('has one branch per registry entry, each with that entry\'s PyTorch lines, and stops on an unknown name', () => {
    const script = scriptFor('rmsprop');
    for (const name of OPTIMIZERS) {
      expect(script).toContain(`if name == "${name}":`);
      for (const line of optimizerRegistry[name].pytorch.split('\n')) expect(script).toContain(line);
    }
    expect(script).toMatch(/else:\n\s+raise ValueError\(f"unknown optimizer/);
    expect(script).not.toMatch(/else:\n\s+m = state/); // no silent fallback to adam
  });

  it.skipIf(!python)('is valid Python for every optimizer', () => {
    for (const name of OPTIMIZERS) {
      const result = spawnSync(python!, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: scriptFor(name), encoding: 'utf8' });
      expect(result.stderr, name).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it.skipIf(!python)('the Python check notices a broken script (negative control)', () => {
    const result = spawnSync(python!, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: scriptFor('adamw').replace('elif name == "adamw":', 'elif name == "adamw"'), encoding: 'utf8' });
    expect(result.status).not.toBe(0);
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const iris = existsSync(join(root, '../shared/datasets/iris.csv')) ? join(root, '../shared/datasets/iris.csv') : join(root, 'resources/samples/iris.csv');

describe('the CLI', () => {
  for (const name of ['rmsprop', 'adamw'] as const) {
    it(`trains iris with --optimizer ${name} to a test accuracy of at least 0.85`, async () => {
      const run = await runCli('train', iris, '--target', 'species', '--optimizer', name, '--lr', '0.01', '--epochs', '60', '--seed', '3', '--json', '--threads', '1');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const done = jsonLines(run.stdout).find((line) => line.type === 'done')!;
      expect(done.accuracy as number).toBeGreaterThanOrEqual(0.85);
    }, 60_000);
  }

  it('refuses an optimizer outside the registry, listing the ones it knows', async () => {
    const run = await runCli('train', iris, '--target', 'species', '--optimizer', 'nadam');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/rmsprop/);
  });

  it('a network trained without updates stays below the bar (negative control: --epochs 0)', async () => {
    const run = await runCli('train', iris, '--target', 'species', '--optimizer', 'rmsprop', '--epochs', '0', '--json', '--threads', '1');
    const done = jsonLines(run.stdout).find((line) => line.type === 'done')!;
    expect(done.accuracy as number).toBeLessThan(0.85);
  });
});

describe('the typed-array tier', () => {
  it('runs every vector op (no tier asks "is it WebAssembly")', () => {
    for (const name of Object.keys(VECTOR_OPS)) expect(typeof (typedArrayKernels as unknown as Record<string, unknown>)[name], name).toBe('function');
  });
});

/** A python3 that imports torch, or null. */
const torchPython = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) ?? null;

/** The weights after torch.optim.`optimizer`(**options) takes the three steps, in float64. */
function torchSteps(optimizer: string, options: Record<string, number | number[]>, lr: number): number[] {
  const script = [
    'import json, sys, torch',
    'w = torch.tensor(json.loads(sys.argv[1]), dtype=torch.float64, requires_grad=True)',
    `opt = torch.optim.${optimizer}([w], lr=${lr}, **json.loads(sys.argv[3]))`,
    'for g in json.loads(sys.argv[2]):',
    '    w.grad = torch.tensor(g, dtype=torch.float64)',
    '    opt.step()',
    'print(json.dumps(w.detach().tolist()))',
  ].join('\n');
  const result = spawnSync(torchPython!, ['-c', script, JSON.stringify(START), JSON.stringify(GRADIENTS), JSON.stringify(options)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as number[];
}

describe.skipIf(!torchPython)('against torch.optim itself', () => {
  it('rmsprop takes torch.optim.RMSprop(alpha=ρ, eps=ε)\'s steps, to 1e-12', () => {
    const spec: OptimizerSpec = { ...defaultOptimizer, name: 'rmsprop', rho: 0.8, epsilon: 1e-6 };
    expect(worstDifference(engineSteps(spec, 0.01), torchSteps('RMSprop', { alpha: 0.8, eps: 1e-6 }, 0.01))).toBeLessThan(1e-12);
  });

  it('adamw takes torch.optim.AdamW(betas, eps, weight_decay=λ)\'s steps, to 1e-12', () => {
    const spec: OptimizerSpec = { ...defaultOptimizer, name: 'adamw', beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.3 };
    expect(worstDifference(engineSteps(spec, 0.05), torchSteps('AdamW', { betas: [0.8, 0.99], eps: 1e-6, weight_decay: 0.3 }, 0.05))).toBeLessThan(1e-12);
  });

  it('the comparison notices torch.optim.Adam\'s coupled L2 decay in place of the decoupled one (negative control)', () => {
    const spec: OptimizerSpec = { ...defaultOptimizer, name: 'adamw', beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.3 };
    expect(worstDifference(engineSteps(spec, 0.05), torchSteps('Adam', { betas: [0.8, 0.99], eps: 1e-6, weight_decay: 0.3 }, 0.05))).toBeGreaterThan(1e-4);
  });
});
