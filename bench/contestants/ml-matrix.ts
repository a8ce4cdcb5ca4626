import { Matrix } from 'ml-matrix';
import { Random } from '../../src/engine/random';
import type { Workload } from '../workloads';
import { shuffledOrder, type Contestant, type Runner } from './types';

/** A new rows × columns matrix with entries value(i, j). */
function build(rows: number, columns: number, value: (i: number, j: number) => number): Matrix {
  const out = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) out.set(i, j, value(i, j));
  return out;
}

/** A naive MLP on ml-matrix: one Matrix op per line of the math, allocating as it goes. */
class NaiveMlp {
  private readonly weights: Matrix[] = [];
  private readonly biases: Matrix[] = [];
  private readonly rng = new Random(3);

  constructor(private readonly w: Workload) {
    for (let l = 1; l < w.sizes.length; l++) {
      const fanIn = w.sizes[l - 1], fanOut = w.sizes[l];
      const scale = Math.sqrt((w.activation === 'relu' ? 2 : 1) / fanIn);
      this.weights.push(Matrix.from1DArray(fanIn, fanOut, Array.from({ length: fanIn * fanOut }, () => this.rng.normal() * scale)));
      this.biases.push(Matrix.zeros(1, fanOut));
    }
  }

  private f(z: number): number {
    return this.w.activation === 'relu' ? Math.max(0, z) : 1 / (1 + Math.exp(-z));
  }

  private df(z: number, h: number): number {
    return this.w.activation === 'relu' ? (z > 0 ? 1 : 0) : h * (1 - h);
  }

  /** One SGD step on the batch X [m×k] with labels y. */
  step(x: Matrix, labels: number[]): void {
    const m = x.rows, last = this.weights.length - 1, keep = 1 - this.w.dropout;
    const inputs: Matrix[] = [], zs: Matrix[] = [], hs: Matrix[] = [], masks: (Matrix | null)[] = [];
    let a = x;
    for (let l = 0; l <= last; l++) {
      inputs.push(a);
      const z = a.mmul(this.weights[l]).addRowVector(this.biases[l]);
      zs.push(z);
      if (l === last) break;
      const h = build(m, z.columns, (i, j) => this.f(z.get(i, j)));
      hs.push(h);
      const mask = this.w.dropout > 0 ? build(m, h.columns, () => (this.rng.uniform() < keep ? 1 / keep : 0)) : null;
      masks.push(mask);
      a = mask ? Matrix.mul(h, mask) : h;
    }
    // softmax cross-entropy: dZ = (P − Y)/m, row by row
    const out = zs[last];
    let dz = new Matrix(m, out.columns);
    for (let i = 0; i < m; i++) {
      const row = out.getRow(i);
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      e.forEach((v, j) => dz.set(i, j, (v / sum - (j === labels[i] ? 1 : 0)) / m));
    }
    for (let l = last; l >= 0; l--) {
      const dW = inputs[l].transpose().mmul(dz);
      const db = Matrix.rowVector(dz.sum('column'));
      if (l > 0) {
        const dA = dz.mmul(this.weights[l].transpose());
        const mask = masks[l - 1], z = zs[l - 1], h = hs[l - 1];
        dz = build(m, dA.columns, (i, j) => dA.get(i, j) * (mask ? mask.get(i, j) : 1) * this.df(z.get(i, j), h.get(i, j)));
      }
      this.weights[l].sub(dW.mul(this.w.learningRate));
      this.biases[l].sub(db.mul(this.w.learningRate));
    }
  }
}

/** The naive ml-matrix implementation (issue 2's slow reference). */
export const mlMatrixContestant: Contestant = {
  name: 'ml-matrix naive',
  async unavailable() { return null; },
  async prepare(workload: Workload): Promise<Runner> {
    const mlp = new NaiveMlp(workload);
    const { train, batchSize } = workload;
    const order = shuffledOrder(train.rows, 5);
    let start = 0;
    return {
      step() {
        if (start >= train.rows) start = 0;
        const m = Math.min(batchSize, train.rows - start);
        const rows: number[][] = [], labels: number[] = [];
        for (let i = 0; i < m; i++) {
          const r = order[start + i];
          rows.push(Array.from(train.features.subarray(r * train.inputSize, (r + 1) * train.inputSize)));
          labels.push(train.targets[r]);
        }
        mlp.step(new Matrix(rows), labels);
        start += m;
        return m;
      },
    };
  },
};
