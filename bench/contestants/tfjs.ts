import type { Workload } from '../workloads';
import { shuffledOrder, type Contestant, type Runner } from './types';

type Tf = typeof import('@tensorflow/tfjs');
let loaded: Promise<Tf> | null = null;

/** @tensorflow/tfjs on its WebAssembly backend, one thread (like the one-thread engine). */
async function loadTf(): Promise<Tf> {
  loaded ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) throw new Error('the TF.js wasm backend did not initialise');
    await tf.ready();
    return tf;
  })();
  return loaded;
}

export const tfjsContestant: Contestant = {
  name: 'TF.js wasm',
  async unavailable() {
    try { await loadTf(); return null; } catch (error) { return `TF.js wasm backend unavailable: ${(error as Error).message}`; }
  },
  async prepare(workload: Workload): Promise<Runner> {
    const tf = await loadTf();
    const { sizes, train, batchSize, activation, dropout } = workload;
    const weights = sizes.slice(1).map((fanOut, l) =>
      tf.variable(tf.randomNormal([sizes[l], fanOut], 0, Math.sqrt((activation === 'relu' ? 2 : 1) / sizes[l]), 'float32', 1)));
    const biases = sizes.slice(1).map((fanOut) => tf.variable(tf.zeros([fanOut])));
    const optimizer = tf.train.sgd(workload.learningRate);
    const classes = sizes.at(-1)!, width = train.inputSize;
    const order = shuffledOrder(train.rows, 5);
    const x = new Float32Array(batchSize * width), y = new Int32Array(batchSize);
    let start = 0;
    return {
      step() {
        if (start >= train.rows) start = 0;
        const m = Math.min(batchSize, train.rows - start);
        for (let i = 0; i < m; i++) {
          const r = order[start + i];
          x.set(train.features.subarray(r * width, (r + 1) * width), i * width);
          y[i] = train.targets[r];
        }
        tf.tidy(() => {
          const xs = tf.tensor2d(x.subarray(0, m * width), [m, width]);
          const ys = tf.oneHot(tf.tensor1d(y.subarray(0, m), 'int32'), classes);
          optimizer.minimize(() => {
            let h: import('@tensorflow/tfjs').Tensor = xs;
            weights.forEach((w, l) => {
              h = tf.add(tf.matMul(h as import('@tensorflow/tfjs').Tensor2D, w), biases[l]);
              if (l < weights.length - 1) {
                h = activation === 'relu' ? tf.relu(h) : tf.sigmoid(h);
                if (dropout > 0) h = tf.dropout(h, dropout);
              }
            });
            return tf.losses.softmaxCrossEntropy(ys, h);
          });
        });
        start += m;
        return m;
      },
      dispose() {
        [...weights, ...biases].forEach((v) => v.dispose());
        optimizer.dispose();
      },
    };
  },
};
