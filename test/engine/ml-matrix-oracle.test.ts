import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { activations, HIDDEN_ACTIVATIONS } from '../../src/engine/functions';
import type { Network } from '../../src/engine/network';
import { Workspace, backward, forward, outputLoss } from '../../src/engine/passes';
import { Random } from '../../src/engine/random';
import { seededNetwork, smallSpec } from './helpers';

/**
 * A second, independent implementation of forward/backward written naively with ml-matrix, from the
 * textbook formulas (no dropout): Z = A·W + b, A = f(Z); softmax-CE dZ = (P − Y)/m; MSE dZ = 2(Ŷ − Y)/(m·n);
 * dW = Aᵀ·dZ, db = Σ dZ, dA = dZ·Wᵀ, dZ = dA ⊙ f'(Z).
 */
function oracleGradients(net: Network, x: Matrix, targets: number[] | Matrix): { loss: number; grads: number[] } {
  const spec = net.spec;
  const weights = net.layers.map((l) => new Matrix(Array.from({ length: l.fanIn }, (_, i) => Array.from(l.weights.subarray(i * l.fanOut, (i + 1) * l.fanOut)))));
  const biases = net.layers.map((l) => Array.from(l.bias));
  const zs: Matrix[] = [];
  const as: Matrix[] = [x];
  weights.forEach((w, l) => {
    const z = as[l].mmul(w);
    for (let i = 0; i < z.rows; i++) for (let j = 0; j < z.columns; j++) z.set(i, j, z.get(i, j) + biases[l][j]);
    zs.push(z);
    if (l < spec.hidden.length) as.push(mapMatrix(z, activations[spec.hidden[l].activation].f));
  });
  const out = zs[zs.length - 1];
  const m = x.rows;
  let loss = 0;
  let dZ: Matrix;
  if (spec.output.activation === 'softmax') {
    const labels = targets as number[];
    dZ = new Matrix(m, out.columns);
    for (let i = 0; i < m; i++) {
      const row = out.getRow(i);
      const max = Math.max(...row);
      const exps = row.map((v) => Math.exp(v - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      loss += -Math.log(exps[labels[i]] / sum) / m;
      exps.forEach((e, j) => dZ.set(i, j, (e / sum - (j === labels[i] ? 1 : 0)) / m));
    }
  } else {
    const y = targets as Matrix;
    const diff = Matrix.sub(out, y);
    loss = diff.to1DArray().reduce((s, d) => s + d * d, 0) / (m * out.columns);
    dZ = diff.mul(2 / (m * out.columns));
  }
  const grads: number[][] = [];
  for (let l = weights.length - 1; l >= 0; l--) {
    const dW = as[l].transpose().mmul(dZ);
    const db = dZ.sum('column');
    grads.unshift([...dW.to1DArray(), ...db]);
    if (l === 0) break;
    const dA = dZ.mmul(weights[l].transpose());
    const df = activations[spec.hidden[l - 1].activation].df;
    dZ = Matrix.mul(dA, mapMatrix(zs[l - 1], df));
  }
  return { loss, grads: grads.flat() };
}

function mapMatrix(m: Matrix, f: (v: number) => number): Matrix {
  return new Matrix(m.to2DArray().map((row) => row.map(f)));
}

describe('the engine agrees with a naive ml-matrix implementation', () => {
  const cases = HIDDEN_ACTIVATIONS.flatMap((activation) => (['softmax', 'linear'] as const).map((output) => ({ activation, output })));
  it.each(cases)('$activation hidden layers, $output output: same loss and gradients within 1e-6', ({ activation, output }) => {
    const rows = 7;
    const net = seededNetwork(smallSpec(5, [8, 6, 4], 3, activation, output), 11);
    const ws = new Workspace(net, rows);
    const rng = new Random(12);
    const x = Matrix.zeros(rows, 5);
    for (let i = 0; i < rows; i++) for (let j = 0; j < 5; j++) { const v = rng.normal(); x.set(i, j, v); ws.input[i * 5 + j] = v; }
    const labels = Array.from({ length: rows }, () => rng.int(3));
    const y = Matrix.zeros(rows, 3);
    for (let i = 0; i < rows; i++) for (let j = 0; j < 3; j++) y.set(i, j, rng.normal());
    if (output === 'softmax') labels.forEach((label, i) => { ws.targets[i] = label; });
    else ws.targets.set(y.to1DArray());

    forward(net, ws, rows, 'off');
    const { lossSum } = outputLoss(net, ws, rows, true);
    backward(net, ws, rows);
    const oracle = oracleGradients(net, x, output === 'softmax' ? labels : y);

    expect(Math.abs(lossSum / rows - oracle.loss)).toBeLessThan(1e-9);
    expect(oracle.grads.length).toBe(net.grads.length);
    const maxDiff = Math.max(...oracle.grads.map((g, i) => Math.abs(g - net.grads[i])));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('and the comparison notices a gradient that is off by 1e-4 (negative control)', () => {
    const net = seededNetwork(smallSpec(3, [4, 4, 4], 2, 'tanh', 'softmax'), 3);
    const ws = new Workspace(net, 2);
    ws.input.set([0.1, -0.2, 0.3, 0.4, 0.5, -0.6]);
    ws.targets.set([0, 1]);
    forward(net, ws, 2, 'off');
    outputLoss(net, ws, 2, true);
    backward(net, ws, 2);
    net.grads[5] += 1e-4;
    const oracle = oracleGradients(net, new Matrix([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]), [0, 1]);
    const maxDiff = Math.max(...oracle.grads.map((g, i) => Math.abs(g - net.grads[i])));
    expect(maxDiff).toBeGreaterThan(1e-6);
  });
});
