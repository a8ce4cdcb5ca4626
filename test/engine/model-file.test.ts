import { describe, expect, it } from 'vitest';
import { predict } from '../../src/engine/evaluate';
import { ModelFileError, loadModel, parseModelFile, serializeModel, toModelFile } from '../../src/engine/model-file';
import { Network } from '../../src/engine/network';
import { Trainer, defaultTrainSettings } from '../../src/engine/trainer';
import { blobs, smallSpec } from './helpers';

/** The exact bytes of a typed array (its buffer may be a whole WebAssembly memory). */
const bytesOf = (a: Float32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function trainedNetwork(): Network {
  const net = new Network(smallSpec(4, [12, 8, 6], 3, 'sigmoid', 'softmax', 0.1));
  new Trainer(net, { ...defaultTrainSettings, epochs: 3 }, blobs(90, 4, 3, 1)).run();
  return net;
}

describe('the model file', () => {
  it('holds format, version, spec and per-layer weights [fanIn][fanOut] with bias [fanOut]', () => {
    const file = toModelFile(trainedNetwork());
    expect(file.format).toBe('backprop-studio/model');
    expect(file.version).toBe(1);
    expect(file.layers.map((l) => [l.weights.length, l.weights[0].length, l.bias.length])).toEqual([[4, 12, 12], [12, 8, 8], [8, 6, 6], [6, 3, 3]]);
  });

  it('a model saved and loaded predicts bit-identically', () => {
    const net = trainedNetwork();
    const data = blobs(50, 4, 3, 9);
    const { net: loaded } = loadModel(serializeModel(net));
    expect(bytesOf(loaded.params).equals(bytesOf(net.params))).toBe(true);
    const before = predict(net, data.features, 50), after = predict(loaded, data.features, 50);
    expect(bytesOf(after).equals(bytesOf(before))).toBe(true);
  });

  it('rejects a weight that is not finite, naming its place', () => {
    const file = toModelFile(trainedNetwork());
    const text = JSON.stringify(file).replace(/"weights":\[\[[-0-9.e]+/, '"weights":[["NaN"');
    expect(() => parseModelFile(text)).toThrow(ModelFileError);
    expect(() => parseModelFile(text)).toThrow(/layers\.0\.weights\.0\.0/);
  });

  it('rejects a shape that does not match the spec, naming the layer', () => {
    const file = toModelFile(trainedNetwork());
    file.layers[2].bias.pop();
    expect(() => parseModelFile(JSON.stringify(file))).toThrow(/layers\.2\.bias: expected 6 values, found 5/);
  });

  it('rejects another format or version before reading anything else', () => {
    expect(() => parseModelFile('{"format":"keras","version":1}')).toThrow(/format/);
    expect(() => parseModelFile('{"format":"backprop-studio/model","version":2}')).toThrow(/version/);
  });

  it('rejects text that is not JSON with a readable message', () => {
    expect(() => parseModelFile('{"format": "backprop-studio/mo')).toThrow(/not valid JSON/);
  });
});
