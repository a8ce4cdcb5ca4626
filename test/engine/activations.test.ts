import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS, activationCode, activationRegistry } from '../../src/engine/activations';
import { activations } from '../../src/engine/functions';
import { Network } from '../../src/engine/network';
import { Random } from '../../src/engine/random';

// The registry's entries checked against themselves and against independent math: every activation's
// spellings (engine, JS export) agree, its derivative is the derivative of its value, its init gain and
// kernel code follow the table. GELU is checked against its closed form.

/** 2,000 points: a dense sweep of [−8, 8], the kink at 0 and extremes. */
const points = [...Array.from({ length: 1990 }, (_, i) => -8 + (16 * i) / 1989), 0, -0, 1e-30, -1e-30, 30, -30, 1e6, -1e6, 1e30, -1e30];

/** The registry's JS expression as a function (how the exported module evaluates it). */
const jsFunction = (expression: string): ((z: number) => number) => new Function('z', `return (${expression});`) as (z: number) => number;

describe('the activation registry', () => {
  it('names HIDDEN_ACTIVATIONS in table order and numbers the kernel codes 0, 1, 2, … in that order', () => {
    expect([...HIDDEN_ACTIVATIONS]).toEqual(Object.keys(activationRegistry));
    expect(HIDDEN_ACTIVATIONS.map((name) => activationCode[name])).toEqual(HIDDEN_ACTIVATIONS.map((_, i) => i));
  });

  it('is what the generated WebAssembly dispatch uses: kind i runs the i-th entry\'s loops', () => {
    const source = readFileSync('assembly/activations.generated.ts', 'utf8');
    const pascal = (name: string): string => name.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
    HIDDEN_ACTIVATIONS.forEach((name, kind) => {
      expect(source).toContain(`(kind == ${kind}) forward${pascal(name)}(`);
      expect(source).toContain(`(kind == ${kind}) backward${pascal(name)}(`);
    });
    expect(source).not.toContain(`(kind == ${HIDDEN_ACTIVATIONS.length})`);
  });

  it('gives every activation a hint for the studio', () => {
    for (const name of HIDDEN_ACTIVATIONS) expect(activationRegistry[name].hint.length, name).toBeGreaterThan(5);
  });

  it('feeds the engine\'s activation table (functions.ts) the same functions', () => {
    for (const name of HIDDEN_ACTIVATIONS) {
      const { f, df, apply, backward } = activationRegistry[name];
      expect(activations[name]).toEqual({ f, df, apply, backward });
    }
  });
});

describe.each(HIDDEN_ACTIVATIONS)('activation %s', (name) => {
  const entry = activationRegistry[name];

  it('has a JS export expression equal to f bit for bit (float64) at 2,000 points', () => {
    const js = jsFunction(entry.js);
    const differing = points.filter((z) => !Object.is(js(z), entry.f(z)));
    expect(differing).toEqual([]);
  });

  it('has df equal to the centred difference of f within 1e-6 (away from a kink at 0)', () => {
    const step = 1e-5;
    for (const z of points.filter((x) => Math.abs(x) > 1e-3 && Math.abs(x) < 100)) {
      const numeric = (entry.f(z + step) - entry.f(z - step)) / (2 * step);
      expect(Math.abs(entry.df(z) - numeric), `${name}'(${z})`).toBeLessThan(1e-6 * (1 + Math.abs(numeric)));
    }
  });

  it('has typed-array loops equal to its scalar f and df (float64)', () => {
    const z = Float64Array.from(points), h = new Float64Array(z.length), dz = new Float64Array(z.length);
    const dh = Float64Array.from(points, (_, i) => Math.cos(i));
    entry.apply(z, h, z.length);
    entry.backward(z, h, dh, dz, z.length);
    points.forEach((x, i) => {
      expect(h[i], `f(${x})`).toBe(entry.f(x));
      expect(dz[i], `df(${x})`).toBeCloseTo(dh[i] * entry.df(x), 12);
    });
  });

  it(`starts its weights at ${entry.reluLike ? 'He\'s √(2/fanIn) (relu-like)' : 'Xavier\'s √(2/(fanIn+fanOut))'} under init 'auto'`, () => {
    const net = new Network({ inputSize: 400, hidden: [{ units: 400, activation: name, dropout: 0 }], output: { units: 2, activation: 'softmax' }, init: 'auto' }, { precision: 'float64' });
    net.initialize(new Random(1));
    const weights = net.layers[0].weights;
    const std = Math.sqrt(Array.from(weights).reduce((sum, w) => sum + w * w, 0) / weights.length);
    const expected = entry.reluLike ? Math.sqrt(2 / 400) : Math.sqrt(2 / 800);
    expect(Math.abs(std / expected - 1)).toBeLessThan(0.01);
  });
});

describe('GELU', () => {
  const gelu = activationRegistry.gelu;
  /** erf by its Maclaurin series (|x| ≤ 3 here): the exact GELU's independent oracle. */
  const erf = (x: number): number => {
    let term = x, sum = x;
    for (let n = 1; n < 80; n++) { term *= (-x * x) / n; sum += term / (2 * n + 1); }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  const exactGelu = (z: number): number => 0.5 * z * (1 + erf(z / Math.SQRT2));

  it('is the tanh form: ½z(1 + tanh(√(2/π)(z + 0.044715z³))) at known values (PyTorch approximate="tanh")', () => {
    expect(gelu.f(1)).toBeCloseTo(0.8411919906082768, 15);
    expect(gelu.f(-1)).toBeCloseTo(-0.15880800939172324, 15);
    expect(gelu.f(0)).toBe(0);
    expect(gelu.df(0)).toBe(0.5);
    expect(gelu.pytorch).toBe('nn.GELU(approximate="tanh")');
  });

  it('stays within 5e-4 of the exact (erf) GELU on [−3, 3] but is not it (it differs by more than 1e-5)', () => {
    const grid = Array.from({ length: 601 }, (_, i) => -3 + i / 100);
    const worst = Math.max(...grid.map((z) => Math.abs(gelu.f(z) - exactGelu(z))));
    expect(worst).toBeLessThan(5e-4);
    expect(worst).toBeGreaterThan(1e-5);
  });

  it('has a derivative the centred-difference check rejects when its second term is dropped (negative control)', () => {
    const firstTermOnly = (z: number): number => 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3)));
    const z = 0.7, step = 1e-5;
    const numeric = (gelu.f(z + step) - gelu.f(z - step)) / (2 * step);
    expect(Math.abs(gelu.df(z) - numeric)).toBeLessThan(1e-9);
    expect(Math.abs(firstTermOnly(z) - numeric)).toBeGreaterThan(1e-2);
  });

  it('is relu-like for the init gain: He\'s √2 (E[gelu(z)²] ≈ 0.425 for z ~ N(0,1), near relu\'s 0.5, far from the identity\'s 1)', () => {
    const rng = new Random(2);
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += gelu.f(rng.normal()) ** 2;
    expect(sum / 200_000).toBeGreaterThan(0.40);
    expect(sum / 200_000).toBeLessThan(0.45);
    expect(gelu.reluLike).toBe(true);
  });

  it('a JS expression with a wrong constant is caught by the bit-for-bit comparison (negative control)', () => {
    const wrong = jsFunction(gelu.js.replace('0.044715', '0.044716'));
    expect(points.some((z) => !Object.is(wrong(z), gelu.f(z)))).toBe(true);
  });
});
