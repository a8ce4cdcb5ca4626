import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HIDDEN_ACTIVATIONS, Network, loadModel, serializeModel, type ModelSpec } from '../../src/engine';

/** Small random specs: 1–3 hidden layers of 1–6 units, any activation, softmax or linear output. */
const specArbitrary: fc.Arbitrary<ModelSpec> = fc.record({
  inputSize: fc.integer({ min: 1, max: 6 }),
  hidden: fc.array(fc.record({
    units: fc.integer({ min: 1, max: 6 }),
    activation: fc.constantFrom(...HIDDEN_ACTIVATIONS),
    dropout: fc.constantFrom(0, 0.1, 0.5),
  }), { minLength: 1, maxLength: 3 }),
  output: fc.oneof(
    fc.record({ units: fc.integer({ min: 2, max: 5 }), activation: fc.constant('softmax' as const) }),
    fc.record({ units: fc.integer({ min: 1, max: 3 }), activation: fc.constant('linear' as const) }),
  ),
  init: fc.constant('auto' as const),
});

/** Any finite float32, including −0, subnormals and ±3.4e38. */
const float32 = fc.float({ noNaN: true, noDefaultInfinity: true });

/** The raw bit patterns of a network's parameters. */
const bits = (net: Network): Uint32Array => new Uint32Array(Float32Array.from(net.params).buffer);

function networkWith(spec: ModelSpec, values: number[]): Network {
  const net = new Network(spec);
  for (let i = 0; i < net.params.length; i++) net.params[i] = values[i % values.length];
  return net;
}

describe('model JSON round trips', () => {
  it('gives bit-identical weights over 1,000 random export → import round trips', () => {
    fc.assert(fc.property(specArbitrary, fc.array(float32, { minLength: 1, maxLength: 64 }), (spec, values) => {
      const net = networkWith(spec, values);
      const { net: loaded } = loadModel(serializeModel(net));
      expect(loaded.spec).toEqual(net.spec);
      expect(bits(loaded)).toEqual(bits(net));
    }), { numRuns: 1000, seed: 20261130 });
  });

  it('keeps the sign of a −0 weight', () => {
    const net = networkWith({ inputSize: 1, hidden: [{ units: 1, activation: 'relu', dropout: 0 }], output: { units: 1, activation: 'linear' }, init: 'auto' }, [-0]);
    expect(Object.is(loadModel(serializeModel(net)).net.params[0], -0)).toBe(true);
  });

  it('notices a one-ulp change, so the bit comparison can fail (negative control)', () => {
    const net = networkWith({ inputSize: 2, hidden: [{ units: 2, activation: 'tanh', dropout: 0 }], output: { units: 2, activation: 'softmax' }, init: 'auto' }, [0.1, -0.2, 0.3]);
    // without its content hash: with it, the changed weight is refused on load (test/engine/model-hash.test.ts)
    const text = serializeModel(net).replace(String(net.params[0]), String(Math.fround(net.params[0] * (1 + 2 ** -23)))).replace(/,"contentHash":"[^"]*"/, '');
    expect(bits(loadModel(text).net)).not.toEqual(bits(net));
  });

  it('would lose the sign of −0 through plain JSON.stringify (why the writer spells it out)', () => {
    expect(Object.is(JSON.parse(JSON.stringify([-0]))[0], -0)).toBe(false);
  });
});
