import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { loadNumericCsv } from '../helpers/load-numeric-csv';
import { engineOutputs, maxAbsDifference, trainModel } from './helpers';
import { exportOnnx } from '../../src/engine/export/onnx';
import { HIDDEN_ACTIVATIONS, Network, Random, activationRegistry, predict, toModelFile, type HiddenActivation } from '../../src/engine';

async function runOnnx(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(bytes);
  return session.run(feeds);
}

describe('ONNX export of a model without preprocessing', () => {
  const { data } = loadNumericCsv('iris.csv', 'species');
  const { net, file } = trainModel(data, {
    hidden: [{ units: 8, activation: 'tanh', dropout: 0 }, { units: 6, activation: 'leaky_relu', dropout: 0.1 }],
    output: { units: 3, activation: 'softmax' }, init: 'auto',
  });

  it('gives the engine probabilities on iris within 1e-5', async () => {
    const out = await runOnnx(exportOnnx(file), { features: new ort.Tensor('float32', data.features, [data.rows, data.inputSize]) });
    const diff = maxAbsDifference(out.probabilities.data as Float32Array, engineOutputs(net, data));
    console.log(`iris (raw features): max |ONNX − engine| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
  });
});

describe('ONNX export of random architectures', () => {
  it('matches the engine within 1e-5 for 40 random specs covering every activation and output', async () => {
    const rng = new Random(99);
    for (let run = 0; run < 40; run++) {
      const hidden = Array.from({ length: 1 + rng.int(4) }, (_, l) => ({ units: 1 + rng.int(12), activation: HIDDEN_ACTIVATIONS[(run + l) % HIDDEN_ACTIVATIONS.length], dropout: rng.int(2) * 0.3 }));
      const output = run % 3 === 0 ? { units: 1 + rng.int(3), activation: 'linear' as const } : { units: 2 + rng.int(6), activation: 'softmax' as const };
      const net = new Network({ inputSize: 1 + rng.int(10), hidden, output, init: 'auto' });
      net.initialize(rng);
      const rows = 7, features = Float32Array.from({ length: rows * net.spec.inputSize }, () => rng.normal() * 3);
      const out = await runOnnx(exportOnnx(toModelFile(net)), { features: new ort.Tensor('float32', features, [rows, net.spec.inputSize]) });
      const onnx = (output.activation === 'softmax' ? out.probabilities : out.prediction).data as Float32Array;
      expect(maxAbsDifference(onnx, predict(net, features, rows))).toBeLessThan(1e-5);
    }
  });

  it('is caught by the comparison when one activation is swapped (negative control)', async () => {
    const net = new Network({ inputSize: 3, hidden: [{ units: 6, activation: 'tanh', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' });
    net.initialize(new Random(5));
    const features = Float32Array.from({ length: 15 }, (_, i) => Math.sin(i) * 2);
    const swapped = { ...toModelFile(net), spec: { ...net.spec, hidden: [{ units: 6, activation: 'sigmoid' as const, dropout: 0 }] } };
    const out = await runOnnx(exportOnnx(swapped), { features: new ort.Tensor('float32', features, [5, 3]) });
    expect(maxAbsDifference(out.probabilities.data as Float32Array, predict(net, features, 5))).toBeGreaterThan(1e-3);
  });
});

describe('each registry activation in ONNX', () => {
  /** A 1 → 16 (activation) → 1 linear net over inputs spread from −6 to 6, so the output follows f closely. */
  function wideNet(activation: HiddenActivation): { net: Network; features: Float32Array } {
    const net = new Network({ inputSize: 1, hidden: [{ units: 16, activation, dropout: 0 }], output: { units: 1, activation: 'linear' }, init: 'auto' });
    net.initialize(new Random(11));
    return { net, features: Float32Array.from({ length: 121 }, (_, i) => -6 + i / 10) };
  }

  async function onnxVsEngine(activation: HiddenActivation): Promise<number> {
    const { net, features } = wideNet(activation);
    const out = await runOnnx(exportOnnx(toModelFile(net)), { features: new ort.Tensor('float32', features, [features.length, 1]) });
    return maxAbsDifference(out.prediction.data as Float32Array, predict(net, features, features.length));
  }

  it.each(HIDDEN_ACTIVATIONS)('%s matches the engine within 1e-5 on inputs from −6 to 6', async (activation) => {
    expect(await onnxVsEngine(activation)).toBeLessThan(1e-5);
  });

  it('GELU written in its erf form (PyTorch\'s default) is caught: the engine uses the tanh form (negative control)', async () => {
    const gelu = activationRegistry.gelu, tanhForm = gelu.onnx;
    gelu.onnx = (graph, z) => { // ½z(1 + erf(z/√2))
      const erf = graph.op('Erf', [graph.op('Mul', [z, graph.floats('inv_sqrt2', [], [Math.SQRT1_2])])]);
      return graph.op('Mul', [graph.op('Mul', [z, graph.floats('half', [], [0.5])]), graph.op('Add', [erf, graph.floats('one', [], [1])])]);
    };
    try {
      expect(await onnxVsEngine('gelu')).toBeGreaterThan(1e-5);
    } finally {
      gelu.onnx = tanhForm;
    }
  });
});
