import { describe, expect, it } from 'vitest';
import { Network, Random, histogramOf, unitActivations, weightsView } from '../../src/engine';

function net(activation: 'relu' | 'sigmoid'): { net: Network; features: Float32Array } {
  const n = new Network({ inputSize: 3, hidden: [{ units: 4, activation, dropout: 0 }], output: { units: 2, activation: 'softmax' }, init: 'he' }, { precision: 'float64' });
  n.initialize(new Random(2));
  const rng = new Random(9);
  return { net: n, features: Float32Array.from({ length: 64 * 3 }, () => rng.normal()) };
}

describe('unit activations on a sample', () => {
  it('sees a relu unit with a large negative bias as dead on every row, and a normal one as not', () => {
    const { net: n, features } = net('relu');
    n.layers[0].bias[1] = -100;
    expect(unitActivations(n, features, 64, 1, 1).inactiveShare).toBe(1);
    expect(unitActivations(n, features, 64, 1, 0).inactiveShare).toBeLessThan(1);
  });

  it('sees a sigmoid unit with huge weights as saturated, and a small-weight one as not', () => {
    const { net: n, features } = net('sigmoid');
    for (let i = 0; i < 3; i++) { n.layers[0].weights[i * 4 + 2] = 50; n.layers[0].weights[i * 4 + 3] = 0.01; }
    expect(unitActivations(n, features, 64, 1, 2).saturatedShare).toBeGreaterThan(0.8);
    expect(unitActivations(n, features, 64, 1, 3).saturatedShare).toBe(0);
  });

  it('counts every row once in the histogram, output units as class probabilities', () => {
    const { net: n, features } = net('relu');
    const out = unitActivations(n, features, 64, 2, 0);
    expect(out.histogram.reduce((a, b) => a + b, 0)).toBe(64);
    expect(out.min).toBeGreaterThanOrEqual(0);
    expect(out.max).toBeLessThanOrEqual(1);
    expect(histogramOf(Float64Array.of(1, 1, 1)).histogram[0]).toBe(3);
  });
});

describe('weighted diagram edges', () => {
  it('keeps the edges with the largest |w| into each unit, with their signs', () => {
    const { net: n } = net('relu');
    n.layers[0].weights.set([0.1, 0, 0, 0, -3, 0, 0, 0, 2, 0, 0, 0]); // into unit 0: 0.1, −3, 2
    const view = weightsView(n, 64, 2);
    const into0 = Array.from(view.edges[0].weight).filter((_, e) => view.edges[0].to[e] === 0);
    expect(into0).toEqual([-3, 2]);
    expect(into0).not.toContain(Math.fround(0.1)); // negative control: the weakest edge is left out
  });

  it('shows at most maxUnits units of a wide layer, the strongest by Σ|w|', () => {
    const { net: n } = net('relu');
    n.layers[0].weights.fill(0.01); n.layers[1].weights.fill(0.01);
    n.layers[0].weights[2] = 5; // input 0 → unit 2
    n.layers[1].weights[3 * 2] = -5; // unit 3 → output 0
    expect(weightsView(n, 2, 8).layers[1].shown).toEqual([2, 3]);
  });
});
