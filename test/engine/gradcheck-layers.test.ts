import { afterEach, describe, expect, it } from 'vitest';
import { activations, type Activation } from '../../src/engine/functions';
import { GRADIENT_CHECK_TOLERANCE, checkLayerGradients } from '../../src/engine/gradcheck-layers';
import { Network, type ModelSpec } from '../../src/engine/network';
import { Random } from '../../src/engine/random';
import { blobs } from './helpers';

const spec: ModelSpec = {
  inputSize: 4,
  hidden: [{ units: 8, activation: 'sigmoid', dropout: 0 }, { units: 6, activation: 'tanh', dropout: 0.2 }, { units: 5, activation: 'relu', dropout: 0 }],
  output: { units: 3, activation: 'softmax' }, init: 'he',
};

/** A float32 network (the studio's and the CLI's precision), initialized from a seed. */
function float32Network(): Network {
  const net = new Network(spec);
  net.initialize(new Random(4));
  return net;
}

describe('per-layer gradient check of a float64 copy', () => {
  it('passes every layer under 1e-6 for a float32 network, dropout held fixed and L1/L2 on', () => {
    const report = checkLayerGradients(float32Network(), blobs(30, 4, 3, 2), { penalty: { l1: 1e-3, l2: 1e-3 } });
    expect(report.layers.map((row) => row.name)).toEqual(['hidden 1', 'hidden 2', 'hidden 3', 'output']);
    for (const row of report.layers) expect(row.maxRelativeError).toBeLessThan(GRADIENT_CHECK_TOLERANCE);
    expect(report.passed).toBe(true);
    expect(report.rows).toBe(8);
  });

  it('checks every parameter of a small layer and a spread sample of a big one', () => {
    const report = checkLayerGradients(float32Network(), blobs(30, 4, 3, 2), { perLayer: 20 });
    expect(report.layers.map((row) => [row.parameters, row.checked])).toEqual([[40, 20], [54, 20], [35, 20], [18, 18]]);
  });

  it('leaves the source network\'s parameters as they were', () => {
    const net = float32Network();
    const before = Float32Array.from(net.params);
    checkLayerGradients(net, blobs(30, 4, 3, 2));
    expect(Array.from(net.params)).toEqual(Array.from(before));
  });
});

describe('the per-layer check flags a wrong derivative (negative control)', () => {
  let saved: Activation | null = null;
  afterEach(() => { if (saved) activations.tanh = saved; saved = null; });

  it('flags the layer whose activation has a wrong derivative above 1e-2 (and the layers below it, which backprop reaches through it)', () => {
    saved = activations.tanh;
    activations.tanh = { ...activations.tanh, backward: activations.sigmoid.backward };
    const report = checkLayerGradients(float32Network(), blobs(30, 4, 3, 2));
    const [first, second, third, output] = report.layers;
    expect(second.maxRelativeError).toBeGreaterThan(1e-2);
    expect(first.maxRelativeError).toBeGreaterThan(1e-2);
    expect(third.passed && output.passed).toBe(true);
    expect(report.passed).toBe(false);
  });
});
