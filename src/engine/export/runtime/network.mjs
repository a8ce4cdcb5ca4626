// ACTIVATIONS BEGIN: the writer puts the registry's table (src/engine/activations.ts) here
const ACTIVATIONS = { linear: (z) => z };
// ACTIVATIONS END

/** z = x·W + b, summed over the inputs in order into a float32 accumulator (zeros skipped, as the engine does). */
function dense(x, layer) {
  const z = Float32Array.from(layer.bias);
  for (let p = 0; p < layer.fanIn; p++) {
    const xp = x[p];
    if (xp === 0) continue;
    const row = p * layer.fanOut;
    for (let j = 0; j < layer.fanOut; j++) z[j] += xp * layer.weights[row + j];
  }
  return z;
}

/** softmax with the row's own max subtracted (no overflow). */
function softmax(z) {
  const probabilities = new Float32Array(z.length);
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let j = 0; j < z.length; j++) { const e = Math.exp(z[j] - max); probabilities[j] = e; sum += e; }
  for (let j = 0; j < z.length; j++) probabilities[j] /= sum;
  return probabilities;
}

/** The network's outputs for one input vector: class probabilities (softmax) or values (linear). */
export function forward(features) {
  if (features.length !== MODEL.inputSize) throw new Error('expected ' + MODEL.inputSize + ' inputs, got ' + features.length);
  let a = Float32Array.from(features);
  MODEL.layers.forEach((layer, l) => {
    const z = dense(a, layer);
    const activation = MODEL.activations[l];
    if (activation === 'softmax') { a = softmax(z); return; }
    const f = ACTIVATIONS[activation];
    for (let j = 0; j < z.length; j++) z[j] = f(z[j]);
    a = z;
  });
  return a;
}
