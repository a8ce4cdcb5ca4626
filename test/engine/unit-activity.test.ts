import { describe, expect, it } from 'vitest';
import { Trainer, defaultTrainSettings } from '../../src/engine';
import { HIDDEN_ACTIVATIONS, activationRegistry } from '../../src/engine/activations';
import { Workspace, forward } from '../../src/engine/passes';
import { copyWeights, unitShares, updateRatios } from '../../src/engine/unit-activity';
import { randomDataset, seededNetwork, smallSpec } from './helpers';

describe('the activation registry’s health fields', () => {
  it('say relu can die and sigmoid/tanh saturate; leaky relu, gelu and linear do neither', () => {
    const dies = HIDDEN_ACTIVATIONS.filter((name) => activationRegistry[name].canDie);
    const saturates = HIDDEN_ACTIVATIONS.filter((name) => activationRegistry[name].saturatesOutside !== null);
    expect(dies).toEqual(['relu']);
    expect(saturates.sort()).toEqual(['sigmoid', 'tanh']);
  });

  it('put each saturation band where the derivative is under 2% of 1', () => {
    for (const name of HIDDEN_ACTIVATIONS) {
      const band = activationRegistry[name].saturatesOutside;
      if (!band) continue;
      const entry = activationRegistry[name];
      // the z where f(z) reaches the band's top edge: f′ there is small
      let z = 0;
      while (entry.f(z) < band[1]) z += 1e-3;
      expect(entry.df(z)).toBeLessThan(0.02);
      expect(entry.df(0)).toBeGreaterThan(0.2); // negative control: at 0 the unit is far from saturated
    }
  });
});

describe('a step’s unit shares', () => {
  it('count a relu unit dead only when it is 0 for every row of the batch', () => {
    const net = seededNetwork(smallSpec(2, [4], 2, 'relu', 'softmax'), 1);
    const [hidden] = net.layers;
    // unit 0 and 1: bias −100 kills them for any input; unit 2: bias +100 keeps it on; unit 3: the input decides
    hidden.bias.set([-100, -100, 100, 0]);
    hidden.weights.set([0, 0, 0, 1, 0, 0, 0, 0]);
    const ws = new Workspace(net, 3);
    ws.input.set([1, 0, -1, 0, 2, 0]); // unit 3 sees z = 1, −1, 2 → alive in rows 1 and 3
    forward(net, ws, 3, 'off');
    expect(unitShares(net, ws, 3)[0]).toEqual({ deadShare: 0.5, saturatedShare: null });
    ws.input.set([-1, 0, -1, 0, -2, 0]); // negative control: now unit 3 is 0 for every row too
    forward(net, ws, 3, 'off');
    expect(unitShares(net, ws, 3)[0].deadShare).toBe(0.75);
  });

  it('count a sigmoid unit saturated only when σ is outside [0.01, 0.99] for every row', () => {
    const net = seededNetwork(smallSpec(1, [3], 2, 'sigmoid', 'softmax'), 2);
    const [hidden] = net.layers;
    hidden.weights.set([0, 0, 1]);
    hidden.bias.set([10, -10, 0]); // σ(10) > 0.99, σ(−10) < 0.01, the third follows its input
    const ws = new Workspace(net, 2);
    ws.input.set([0, 8]);
    forward(net, ws, 2, 'off');
    expect(unitShares(net, ws, 2)[0].saturatedShare).toBeCloseTo(2 / 3, 12);
    ws.input.set([8, 8]); // σ(8) > 0.99 in both rows: the third unit saturates too
    forward(net, ws, 2, 'off');
    expect(unitShares(net, ws, 2)[0].saturatedShare).toBe(1);
  });
});

describe('the update-to-weight ratio', () => {
  it('is ‖ΔW‖/‖W‖ per layer, with ΣW² and Σ|W| of the new weights', () => {
    const net = seededNetwork(smallSpec(1, [1], 2, 'relu', 'softmax'), 3);
    net.layers[0].weights.set([2]);
    const before = new Float64Array(net.params.length);
    copyWeights(net, before);
    net.layers[0].weights.set([2.002]);
    const { ratios, weightSquares, weightAbs } = updateRatios(net, before);
    expect(ratios[0]).toBeCloseTo(0.002 / 2.002, 12);
    expect(ratios[1]).toBe(0); // negative control: a layer that did not move
    const out = net.layers[1].weights;
    expect(weightSquares).toBeCloseTo(2.002 ** 2 + out[0] ** 2 + out[1] ** 2, 12);
    expect(weightAbs).toBeCloseTo(2.002 + Math.abs(out[0]) + Math.abs(out[1]), 12);
  });

  it('comes with every probeEvery-th step of a trainer and with no other', () => {
    const net = seededNetwork(smallSpec(3, [5], 2, 'relu', 'softmax'), 4);
    const trainer = new Trainer(net, { ...defaultTrainSettings, batchSize: 4, epochs: 3 }, randomDataset(12, 3, 2, 'classification', 5));
    trainer.probeEvery = 3;
    const probed = [1, 2, 3, 4, 5, 6].map(() => trainer.step().metrics.probe !== undefined);
    expect(probed).toEqual([false, false, true, false, false, true]);
  });
});
