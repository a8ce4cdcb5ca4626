import { describe, expect, it } from 'vitest';
import { ModelFileError, NO_CONTENT_HASH, Network, Random, loadModel, serializeModel, typedArrayKernels, type Preprocessing } from '../../src/engine';

const preprocessing: Preprocessing = {
  version: 1,
  columns: [{ name: 'x', kind: 'numeric', impute: 0, center: 0, scale: 1 }, { name: 'y', kind: 'numeric', impute: 0, center: 0, scale: 1 }],
  scaling: 'standard',
  target: { name: 'species', task: 'classification', classes: ['setosa', 'versicolor', 'virginica'] },
  format: { delimiter: ',', decimalComma: false },
};
const net = new Network({ inputSize: 2, hidden: [{ units: 4, activation: 'tanh', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' }, { kernels: typedArrayKernels });
net.initialize(new Random(11));
const text = serializeModel(net, { preprocessing, createdAt: '2026-01-01T00:00:00.000Z' });
const seeded = new Random(99);

/** The text with one bit of one character flipped, kept only when it is still a printable character. */
function flipOneBit(source: string, random: Random): string {
  for (;;) {
    const at = Math.floor(random.uniform() * source.length);
    const code = source.charCodeAt(at) ^ (1 << Math.floor(random.uniform() * 7));
    if (code >= 0x20 && code < 0x7f) return source.slice(0, at) + String.fromCharCode(code) + source.slice(at + 1);
  }
}

describe('the content hash of a model file', () => {
  it('is written on save and the file loads without warnings', () => {
    expect(text).toMatch(/"contentHash":"fnv1a64:[0-9a-f]{16}"\}$/);
    expect(loadModel(text).warnings).toEqual([]);
  });

  it('refuses a renamed class label or a changed weight, naming the hash', () => {
    expect(() => loadModel(text.replace('"versicolor"', '"virginicX"'))).toThrow(/contentHash: .* changed or damaged/);
    const weight = String(net.layers[0].weights[0]);
    expect(() => loadModel(text.replace(weight, String(Number(weight) * 1e20)))).toThrow(ModelFileError);
  });

  it('no random bit flip in the weights, spec or preprocessing is accepted (200 trials)', () => {
    let accepted = 0;
    const original = loadModel(text).file;
    const end = text.indexOf(',"contentHash"');
    for (let trial = 0; trial < 200; trial++) {
      const damaged = flipOneBit(text.slice(0, end), seeded) + text.slice(end);
      try {
        const { file } = loadModel(damaged);
        if (JSON.stringify([file.spec, file.layers, file.preprocessing]) !== JSON.stringify([original.spec, original.layers, original.preprocessing])) accepted++;
      } catch { /* refused: good */ }
    }
    expect(accepted).toBe(0);
  });

  it('an older file without a hash still loads, with a warning, and then takes a flipped label silently (negative control)', () => {
    const old = text.replace(/,"contentHash":"[^"]*"/, '');
    expect(loadModel(old).warnings).toEqual([NO_CONTENT_HASH]);
    expect(loadModel(old.replace('"versicolor"', '"virginicX"')).file.preprocessing).toMatchObject({ target: { classes: ['setosa', 'virginicX', 'virginica'] } });
  });

});
