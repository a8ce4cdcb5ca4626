import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS } from '../../src/engine/functions';
import { analyticGradient } from '../../src/engine/gradcheck';
import { inspectStep, type StepInspection } from '../../src/engine/inspect';
import { Network, type ModelSpec } from '../../src/engine/network';
import { Workspace } from '../../src/engine/passes';
import { Trainer, defaultTrainSettings, type StepRecord } from '../../src/engine/trainer';
import { randomDataset } from './helpers';

const architecture = fc.record({
  inputSize: fc.integer({ min: 1, max: 6 }),
  hidden: fc.array(fc.record({
    units: fc.integer({ min: 1, max: 7 }), activation: fc.constantFrom(...HIDDEN_ACTIVATIONS), dropout: fc.constantFrom(0, 0, 0.3),
  }), { minLength: 1, maxLength: 3 }),
  outputs: fc.integer({ min: 2, max: 4 }),
  task: fc.constantFrom('classification' as const, 'regression' as const),
  batch: fc.integer({ min: 1, max: 9 }),
  rows: fc.integer({ min: 1, max: 20 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});
type Architecture = typeof architecture extends fc.Arbitrary<infer A> ? A : never;

/** A float64 network trained one recorded step with shuffling, dropout and SGD. */
function recordedStep(a: Architecture): { net: Network; trainer: Trainer; record: StepRecord } {
  const spec: ModelSpec = {
    inputSize: a.inputSize, hidden: a.hidden,
    output: { units: a.task === 'classification' ? a.outputs : a.outputs, activation: a.task === 'classification' ? 'softmax' : 'linear' }, init: 'xavier',
  };
  const net = new Network(spec, { precision: 'float64' });
  const data = randomDataset(a.rows, a.inputSize, a.outputs, a.task, a.seed);
  const trainer = new Trainer(net, { ...defaultTrainSettings, batchSize: a.batch, seed: a.seed, optimizer: { ...defaultTrainSettings.optimizer, name: 'sgd' } }, data);
  trainer.recordSteps = true;
  trainer.step();
  return { net, trainer, record: trainer.lastStep! };
}

/** The sample's own contribution to the engine's gradient buffer: the engine's gradient on that one row (masks kept), over m. */
function sampleContribution(net: Network, record: StepRecord, sample: number): Float64Array {
  const single = new Network(net.spec, { precision: 'float64' });
  single.params.set(record.params);
  const ws = new Workspace(single, 1);
  const n = net.spec.inputSize, t = net.isClassifier ? 1 : net.outputSize;
  ws.input.set(record.ws.input.subarray(sample * n, (sample + 1) * n));
  ws.targets.set(record.ws.targets.subarray(sample * t, (sample + 1) * t));
  ws.mask.forEach((mask, l) => { if (mask) { const w = net.layers[l].fanOut; mask.set(record.ws.mask[l]!.subarray(sample * w, (sample + 1) * w)); } });
  return analyticGradient(single, ws, 1, { l1: 0, l2: 0 }).map((g) => g / record.rows);
}

const pick = (n: number, seed: number): number => seed % n;

function inspectSomeWeight(net: Network, record: StepRecord, seed: number): StepInspection {
  const layer = pick(net.layers.length, seed);
  const { fanIn, fanOut } = net.layers[layer];
  return inspectStep(net, record, { layer, sample: pick(record.rows, seed * 7 + 3), from: pick(fanIn, seed * 13 + 1), to: pick(fanOut, seed * 5 + 2) });
}

describe('backprop inspector (property, float64)', () => {
  it('every shape it shows equals the engine\'s buffer dimensions', () => {
    fc.assert(fc.property(architecture, (a) => {
      const { net, trainer, record } = recordedStep(a);
      const m = trainer.lastStep!.rows;
      expect(m).toBe(Math.min(a.batch, a.rows));
      net.layers.forEach((layer, l) => {
        const view = inspectStep(net, record, { layer: l, sample: 0, from: 0, to: 0 });
        const cap = record.ws.capacity;
        const below = l === 0 ? record.ws.input : record.ws.a[l - 1];
        expect(view.shapes.a).toEqual([m, below.length / cap]);
        expect(view.shapes.w).toEqual([layer.fanIn, layer.fanOut]);
        expect(view.shapes.w[0] * view.shapes.w[1]!).toBe(layer.weights.length);
        expect(view.shapes.b).toEqual([layer.bias.length]);
        expect(view.shapes.z).toEqual([m, record.ws.z[l].length / cap]);
        expect(view.shapes.dZ).toEqual([m, record.ws.dZ[l].length / cap]);
        expect(view.shapes.dW[0] * view.shapes.dW[1]!).toBe(layer.dWeights.length);
        expect(view.shapes.aT).toEqual([view.shapes.a[1], m]);
        expect(view.shapes.wT).toEqual([layer.fanOut, layer.fanIn]);
        if (l === 0) expect(view.shapes.dAPrev).toBeNull();
        else expect(view.shapes.dAPrev).toEqual([m, record.ws.dA[l - 1].length / cap]);
        expect(view.shapes.lines.forward).toContain(`(${m}×${layer.fanIn})(${layer.fanIn}×${layer.fanOut})`);
      });
    }), { numRuns: 60, seed: 12 });
  });

  it('the chain-rule product for (sample, weight) equals that sample\'s contribution in the engine\'s gradient buffer within 1e-6', () => {
    fc.assert(fc.property(architecture, fc.integer({ min: 0, max: 10_000 }), (a, seed) => {
      const { net, record } = recordedStep(a);
      const view = inspectSomeWeight(net, record, seed);
      const layer = net.layers[view.layer];
      const index = layer.weightOffset + view.from * layer.fanOut + view.to;
      const contribution = sampleContribution(net, record, view.sample)[index];
      expect(Math.abs(view.sampleTerm - contribution)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(contribution)));
      expect(Math.abs(view.sampleTerm - view.aRow[view.from] * view.dZRow[view.to])).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(view.batchSum - view.gradient)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(view.gradient)));
    }), { numRuns: 80, seed: 21 });
  });

  it('the summed contributions over the batch add up to the value in the gradient buffer', () => {
    fc.assert(fc.property(architecture, fc.integer({ min: 0, max: 10_000 }), (a, seed) => {
      const { net, record } = recordedStep(a);
      const first = inspectSomeWeight(net, record, seed);
      let sum = 0;
      for (let s = 0; s < record.rows; s++) sum += inspectStep(net, record, { ...first, sample: s }).sampleTerm;
      expect(Math.abs(sum - first.gradient)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(first.gradient)));
    }), { numRuns: 40, seed: 5 });
  });

  it('names the layer\'s weight with the largest |dW| of the step', () => {
    fc.assert(fc.property(architecture, fc.integer({ min: 0, max: 10_000 }), (a, seed) => {
      const { net, record } = recordedStep(a);
      const view = inspectSomeWeight(net, record, seed);
      const layer = net.layers[view.layer];
      const block = Array.from(record.dataGradient.subarray(layer.weightOffset, layer.biasOffset), Math.abs);
      expect(block[view.strongest.from * layer.fanOut + view.strongest.to]).toBe(Math.max(...block));
    }), { numRuns: 30, seed: 9 });
  });

  it('a step not recorded has no inspection to show', () => {
    const { trainer } = recordedStep({ inputSize: 2, hidden: [{ units: 3, activation: 'tanh', dropout: 0 }], outputs: 2, task: 'classification', batch: 2, rows: 6, seed: 3 });
    trainer.recordSteps = false;
    trainer.step();
    expect(trainer.lastStep).toBeNull();
  });

  it('refuses a weight outside the layer with a readable message', () => {
    const { net, record } = recordedStep({ inputSize: 2, hidden: [{ units: 3, activation: 'relu', dropout: 0 }], outputs: 2, task: 'classification', batch: 2, rows: 6, seed: 3 });
    expect(() => inspectStep(net, record, { layer: 0, sample: 0, from: 2, to: 0 })).toThrow('from must be a whole number from 0 to 1, got 2');
  });
});

describe('the inspector property catches a wrong chain (negative controls)', () => {
  const a: Architecture = { inputSize: 3, hidden: [{ units: 4, activation: 'sigmoid', dropout: 0.3 }, { units: 3, activation: 'tanh', dropout: 0 }], outputs: 3, task: 'classification', batch: 5, rows: 10, seed: 8 };

  it('another sample\'s contribution is not this sample\'s', () => {
    const { net, record } = recordedStep(a);
    const view = inspectStep(net, record, { layer: 0, sample: 0, from: 1, to: 2 });
    const layer = net.layers[0];
    const index = layer.weightOffset + 1 * layer.fanOut + 2;
    const others = [1, 2, 3, 4].map((s) => sampleContribution(net, record, s)[index]);
    expect(others.every((c) => Math.abs(view.sampleTerm - c) > 1e-6)).toBe(true);
  });

  it('a chain that leaves out the activation\'s slope misses the contribution by far more than 1e-6', () => {
    const { net, record } = recordedStep(a);
    const view = inspectStep(net, record, { layer: 1, sample: 2, from: 0, to: 1 });
    const slope = view.factors.at(-1)!.value;
    const withoutSlope = view.sampleTerm / slope;
    const layer = net.layers[1];
    const contribution = sampleContribution(net, record, 2)[layer.weightOffset + 1];
    expect(Math.abs(view.sampleTerm - contribution)).toBeLessThan(1e-9);
    expect(Math.abs(withoutSlope - contribution)).toBeGreaterThan(1e-6);
  });

  it('shapes read with the transposes swapped differ from the engine\'s buffers', () => {
    const { net, record } = recordedStep(a);
    const view = inspectStep(net, record, { layer: 1, sample: 0, from: 0, to: 0 });
    expect(view.shapes.wT).not.toEqual(view.buffers.w);
    expect(view.shapes.aT).not.toEqual(view.buffers.a);
  });
});
