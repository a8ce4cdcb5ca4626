/** `backprop sweep`: grid or seeded random search over lr, L2, dropout and width, on worker threads. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTrial, defaultTrainSettings, gridTrials, randomTrials } from '../../src/engine';
import { jsonLines, runCli } from './run-cli';

const iris = join(fileURLToPath(new URL('../../', import.meta.url)), 'resources/samples/iris.csv');

describe('hyperparameter sweep', () => {
  it('a grid holds every combination once', () => {
    const trials = gridTrials({ learningRate: [0.001, 0.01], l2: [0, 0.001, 0.01] });
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((t) => JSON.stringify(t))).size).toBe(6);
  });

  it('a random search is the same for the same seed and differs for another (negative control)', () => {
    const space = { learningRate: [1e-4, 1e-3, 1e-2, 1e-1], l2: [0, 1e-4, 1e-3], dropout: [0, 0.1, 0.2, 0.3], width: [0.5, 1, 2] };
    expect(randomTrials(space, 6, 7)).toEqual(randomTrials(space, 6, 7));
    expect(randomTrials(space, 6, 8)).not.toEqual(randomTrials(space, 6, 7));
  });

  it('a trial scales every hidden layer\'s units by its width and sets dropout, lr and L2', () => {
    const { hidden, settings } = applyTrial([{ units: 64, activation: 'relu', dropout: 0 }, { units: 3, activation: 'tanh', dropout: 0 }], defaultTrainSettings, { width: 0.5, dropout: 0.2, learningRate: 0.05, l2: 0.001 });
    expect(hidden.map((h) => h.units)).toEqual([32, 2]);
    expect(hidden.every((h) => h.dropout === 0.2)).toBe(true);
    expect([settings.learningRate, settings.l2]).toEqual([0.05, 0.001]);
  });

  it('a seeded 6-trial sweep on two worker threads gives the same 6 runs twice', async () => {
    const args = ['sweep', iris, '--target', 'species', '--lr-values', '0.001,0.01,0.1', '--l2-values', '0,0.001,0.01', '--width-values', '0.25,0.5',
      '--trials', '6', '--seed', '3', '--epochs', '8', '--workers', '2', '--json'];
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const run = await runCli(...args);
      expect(run.code, run.stderr).toBe(0);
      runs.push(jsonLines(run.stdout).filter((l) => l.type === 'trial'));
    }
    expect(runs[0]).toHaveLength(6);
    expect(runs[1]).toEqual(runs[0]); // settings, scores and every epoch's losses
    const other = await runCli(...args.map((a) => (a === '3' ? '4' : a)));
    expect(jsonLines(other.stdout).filter((l) => l.type === 'trial').map((t) => t.trial)).not.toEqual(runs[0].map((t) => t.trial)); // another seed, other trials
  }, 120_000);

  it('refuses a sweep with nothing to vary', async () => {
    const run = await runCli('sweep', iris, '--target', 'species');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/at least one of --lr-values/);
  });
});
