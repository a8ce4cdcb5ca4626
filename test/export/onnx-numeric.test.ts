import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { loadNumericCsv, scaleFeatures } from '../helpers/load-numeric-csv';
import { engineOutputs, maxAbsDifference, trainModel } from './helpers';
import { exportOnnx } from '../../src/engine/export/onnx';

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
