/** The CLI's setting flags: generated from the settings table, per-layer lists, and one clear line for a bad value. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS, defaultTrainSettings } from '../../src/engine';
import { parseArgs } from '../../src/cli/args';
import { train } from '../../src/cli/commands/train';
import { dataFromFlags, designFromFlags } from '../../src/cli/setting-flags';
import { settingsFromFlags } from '../../src/cli/training';
import { runCli } from './run-cli';

const iris = join(fileURLToPath(new URL('../../', import.meta.url)), 'resources/samples/iris.csv');
const flagsOf = (...argv: string[]) => parseArgs(['data.csv', ...argv], train.flags, train.positional, 'train').flags;

describe('per-layer flags', () => {
  it('--activation and --dropout take one value per hidden layer', () => {
    const design = designFromFlags(flagsOf('--hidden', '16,8,4', '--activation', 'relu,tanh,sigmoid', '--dropout', '0.1,0.2,0'));
    expect(design.hidden).toEqual([
      { units: 16, activation: 'relu', dropout: 0.1 }, { units: 8, activation: 'tanh', dropout: 0.2 }, { units: 4, activation: 'sigmoid', dropout: 0 }]);
  });

  it('one value still means every layer', () => {
    const design = designFromFlags(flagsOf('--hidden', '16,8', '--activation', 'tanh', '--dropout', '0.3'));
    expect(design.hidden.map((h) => [h.activation, h.dropout])).toEqual([['tanh', 0.3], ['tanh', 0.3]]);
  });

  it('without --hidden the lists follow the table\'s default of three layers', () => {
    expect(designFromFlags(flagsOf('--dropout', '0,0.1,0.2')).hidden.map((h) => [h.units, h.dropout])).toEqual([[128, 0], [64, 0.1], [32, 0.2]]);
  });

  it('a list of the wrong length is a usage error naming both lengths', () => {
    expect(() => designFromFlags(flagsOf('--hidden', '16,8,4', '--dropout', '0.1,0.2'))).toThrow('--dropout: 2 values for 3 hidden layers');
  });

  it('--weight-init chooses the init scheme', () => {
    expect(designFromFlags(flagsOf('--weight-init', 'original')).init).toBe('original');
  });
});

describe('every studio setting has a flag', () => {
  it('optimizer hyperparameters, schedule, early stopping and data choices reach their settings', () => {
    const flags = flagsOf('--optimizer', 'momentum', '--momentum', '0.8', '--momentum-form', 'ema', '--beta1', '0.8', '--beta2', '0.99',
      '--epsilon', '1e-7', '--rho', '0.95', '--weight-decay', '0.001', '--schedule', 'step', '--step-every', '5', '--gamma', '0.2',
      '--min-lr', '0.001', '--early-stop', '4', '--min-delta', '0.01', '--clip', 'value', '--clip-threshold', '2', '--no-shuffle');
    const settings = settingsFromFlags(flags);
    expect(settings.optimizer).toEqual({ name: 'momentum', momentum: 0.8, momentumForm: 'ema', beta1: 0.8, beta2: 0.99, epsilon: 1e-7, rho: 0.95, weightDecay: 0.001 });
    expect(settings.schedule).toEqual({ name: 'step', stepEvery: 5, gamma: 0.2, minLr: 0.001 });
    expect(settings.earlyStopping).toEqual({ patience: 4, minDelta: 0.01 });
    expect(settings.clipping).toEqual({ mode: 'value', threshold: 2 });
    expect(settings.shuffle).toBe(false);
    expect(dataFromFlags(flagsOf('--impute', 'median', '--one-hot-cap', '5', '--exclude', 'a,b', '--seed', '7'))).toEqual(
      { imputation: 'median', oneHotCap: 5, excluded: ['a', 'b'], seed: 7 });
  });

  it('--clip-norm is shorthand for --clip norm --clip-threshold', () => {
    expect(settingsFromFlags(flagsOf('--clip-norm', '3')).clipping).toEqual({ mode: 'norm', threshold: 3 });
  });

  it('no flag given leaves the table\'s defaults', () => {
    expect(settingsFromFlags(flagsOf())).toEqual(defaultTrainSettings);
  });

  it('--help lists every setting that has a flag, with its range and default', async () => {
    const { stdout, code } = await runCli('train', '--help');
    expect(code).toBe(0);
    for (const entry of SETTINGS.filter((s) => s.flag !== null)) expect(stdout, entry.key).toContain(`--${entry.flag}`);
    const dropoutDefault = String(SETTINGS.find((s) => s.key === 'hidden.dropout')!.default).replace('.', '\\.');
    expect(stdout).toMatch(new RegExp(`--dropout A\\[,B,C\\] .*in \\[0, 1\\).*one per layer.*\\(default ${dropoutDefault}\\)`));
    expect(stdout).not.toMatch(/--dropout A\[,B,C\] .*\(default 0\.5\)/); // negative control: another value is not found
  });
});

describe('a bad value', () => {
  it('exits 2 with one line naming the flag, the rule and where to look', async () => {
    const run = await runCli('train', iris, '--dropout', '1');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('backprop train: --dropout: dropout must be in [0, 1), got 1 (see backprop train --help for every setting\'s range)\n');
  });

  it('a per-layer list of the wrong length exits 2 naming both lengths', async () => {
    const run = await runCli('train', iris, '--hidden', '8,4', '--activation', 'relu,tanh,sigmoid');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['backprop train: --activation: 3 values for 2 hidden layers; give one value for every layer or 2 (one per layer)']);
  });

  it('negative control: the same run with a valid dropout trains and exits 0', async () => {
    const run = await runCli('train', iris, '--dropout', '0.1', '--epochs', '2', '--hidden', '8');
    expect(run.code, run.stderr).toBe(0);
  });
});
