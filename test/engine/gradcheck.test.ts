import { afterEach, describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS, activations, type Activation, type HiddenActivation } from '../../src/engine/functions';
import { analyticGradient, gradientCheck, maxRelativeError, numericGradient } from '../../src/engine/gradcheck';
import { Workspace, backward, forward, outputLoss, sampleDropoutMask } from '../../src/engine/passes';
import { Random } from '../../src/engine/random';
import { seededNetwork, smallSpec } from './helpers';

const rows = 5;

/** A float64 network and workspace with random inputs/targets and (if dropout) a fixed sampled mask. */
function setup(activation: HiddenActivation, output: 'softmax' | 'linear', dropout: number, seed: number) {
  const spec = smallSpec(4, [6, 5, 4], 3, activation, output, dropout);
  const net = seededNetwork(spec, seed);
  const ws = new Workspace(net, rows);
  const rng = new Random(seed + 1);
  for (let i = 0; i < rows * 4; i++) ws.input[i] = rng.normal();
  for (let i = 0; i < ws.targets.length; i++) ws.targets[i] = output === 'softmax' ? rng.int(3) : rng.normal();
  ws.mask.forEach((mask, l) => { if (mask) sampleDropoutMask(mask, rows * net.layers[l].fanOut, dropout, rng); });
  return { net, ws };
}

const penalties = [{ l1: 0, l2: 0 }, { l1: 0.01, l2: 0 }, { l1: 0, l2: 0.02 }, { l1: 0.01, l2: 0.02 }];
const cases = HIDDEN_ACTIVATIONS.flatMap((activation) => (['softmax', 'linear'] as const).flatMap((output) =>
  penalties.flatMap((penalty) => [0, 0.3].map((dropout) => ({ activation, output, penalty, dropout })))));

describe('gradient check (centred differences, float64)', () => {
  it.each(cases)('$activation hidden, $output output, L1 $penalty.l1, L2 $penalty.l2, dropout $dropout: max relative error < 1e-6',
    ({ activation, output, penalty, dropout }) => {
      const { net, ws } = setup(activation, output, dropout, 7);
      const { maxRelativeError, checked } = gradientCheck(net, ws, rows, penalty);
      expect(checked).toBe(net.params.length);
      expect(maxRelativeError).toBeLessThan(1e-6);
    });
});

describe('the gradient check catches a wrong gradient (negative controls)', () => {
  const saved: Partial<Record<HiddenActivation, Activation>> = {};
  afterEach(() => {
    for (const [name, activation] of Object.entries(saved)) activations[name as HiddenActivation] = activation;
  });

  it('fails when relu is trained with sigmoid\'s derivative (the origin\'s bug)', () => {
    saved.relu = activations.relu;
    activations.relu = { ...activations.relu, backward: activations.sigmoid.backward };
    const { net, ws } = setup('relu', 'softmax', 0, 7);
    expect(gradientCheck(net, ws, rows, { l1: 0, l2: 0 }).maxRelativeError).toBeGreaterThan(1e-2);
  });

  it('fails when gelu is trained with only the first term of its derivative, ½(1 + tanh u)', () => {
    saved.gelu = activations.gelu;
    const firstTerm = (z: number): number => 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
    activations.gelu = { ...activations.gelu, backward(z, _h, dh, dz, count) { for (let i = 0; i < count; i++) dz[i] = dh[i] * firstTerm(z[i]); } };
    const { net, ws } = setup('gelu', 'softmax', 0, 7);
    expect(gradientCheck(net, ws, rows, { l1: 0, l2: 0 }).maxRelativeError).toBeGreaterThan(1e-2);
  });

  it('fails when the dropout mask is left out of backward (the origin\'s bug)', () => {
    const { net, ws } = setup('tanh', 'softmax', 0.3, 7);
    const penalty = { l1: 0, l2: 0 };
    const numeric = numericGradient(net, ws, rows, penalty);
    const realMasks = ws.mask.map((mask) => mask && Float64Array.from(mask));
    forward(net, ws, rows, 'fixed');
    outputLoss(net, ws, rows, true);
    ws.mask.forEach((mask) => mask?.fill(1)); // backward as the origin ran it: no mask
    backward(net, ws, rows);
    const withoutMask = Float64Array.from(net.grads);
    ws.mask.forEach((mask, l) => mask?.set(realMasks[l]!));
    expect(maxRelativeError(withoutMask, numeric).maxRelativeError).toBeGreaterThan(1e-2);
    expect(maxRelativeError(analyticGradient(net, ws, rows, penalty), numeric).maxRelativeError).toBeLessThan(1e-6);
  });

  it('fails with a step so coarse that centred differences are wrong', () => {
    const { net, ws } = setup('sigmoid', 'softmax', 0, 7);
    expect(gradientCheck(net, ws, rows, { l1: 0, l2: 0 }, 1).maxRelativeError).toBeGreaterThan(1e-6);
  });
});

