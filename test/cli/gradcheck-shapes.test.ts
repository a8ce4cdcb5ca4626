import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { activations, type Activation } from '../../src/engine/functions';
import { shapeTable } from '../../src/engine/shapes';
import { SETTINGS } from '../../src/engine/settings';
import { jsonLines, runCli } from './run-cli';

const iris = fileURLToPath(new URL('../../resources/samples/iris.csv', import.meta.url));

interface LayerRow { name: string; maxRelativeError: number; passed: boolean }

describe('backprop gradcheck', () => {
  let saved: Activation | null = null;
  afterEach(() => { if (saved) activations.relu = saved; saved = null; });

  it('passes every layer of the default network on iris under 1e-6 and exits 0', async () => {
    const { code, stdout } = await runCli('gradcheck', iris, '--target', 'species', '--json');
    expect(code).toBe(0);
    const [report] = jsonLines(stdout) as { layers: LayerRow[]; passed: boolean }[];
    expect(report.layers.length).toBeGreaterThanOrEqual(2);
    for (const row of report.layers) expect(row.maxRelativeError).toBeLessThan(1e-6);
    expect(report.passed).toBe(true);
  });

  it('takes the train flags from the settings table (layers, activation, L2) and prints a table', async () => {
    const { code, stdout } = await runCli('gradcheck', iris, '--target', 'species', '--hidden', '5,4', '--activation', 'tanh', '--l2', '0.01', '--dropout', '0.2');
    expect(code).toBe(0);
    expect(stdout).toMatch(/hidden 1 +25 +25 .* pass/);
    expect(stdout).toMatch(/output +15 +15 .* pass/);
    expect(stdout).toContain('every layer passes');
  });

  it('flags the layer trained with a wrong derivative above 1e-2 and exits 3 (negative control)', async () => {
    saved = activations.relu;
    activations.relu = { ...activations.relu, backward: activations.sigmoid.backward };
    const { code, stdout } = await runCli('gradcheck', iris, '--target', 'species', '--hidden', '6,5', '--activation', 'tanh,relu', '--json');
    expect(code).toBe(3);
    const [report] = jsonLines(stdout) as { layers: LayerRow[] }[];
    const [, second, output] = report.layers;
    expect(second.name).toBe('hidden 2');
    expect(second.maxRelativeError).toBeGreaterThan(1e-2);
    expect(output.passed).toBe(true);
  });

  it('refuses a setting outside the table\'s range with exit 2', async () => {
    const { code, stderr } = await runCli('gradcheck', iris, '--target', 'species', '--l2', '-1');
    expect(code).toBe(2);
    expect(stderr).toContain('--l2');
  });
});

describe('backprop shapes', () => {
  it('prints the forward and backward shapes with the batch for a design given by flags', async () => {
    const { code, stdout } = await runCli('shapes', '--inputs', '4', '--hidden', '128,64,32', '--outputs', '3', '--batch', '32');
    expect(code).toBe(0);
    expect(stdout).toContain('Z = A·W + b   (32×4)(4×128) + (128) → (32×128)');
    expect(stdout).toContain('dW = Aᵀ·dZ   (4×32)(32×128) → (4×128)');
    expect(stdout).toContain('dA_prev = dZ·Wᵀ   (32×64)(64×128) → (32×128)');
    expect(stdout).toContain('dZ = (softmax(Z) − Y) / m   (32×3)');
    expect(stdout).toContain('why Aᵀ');
  });

  it('prints the same table the engine gives the inspector (one function for both)', async () => {
    const { stdout } = await runCli('shapes', '--inputs', '3', '--hidden', '5', '--outputs', '1', '--batch', '7', '--json');
    const [result] = jsonLines(stdout) as { layers: unknown[] }[];
    // the default dropout (the settings table's) adds its mask to the backward line
    const dropout = SETTINGS.find((s) => s.key === 'hidden.dropout')!.default as number;
    expect(result.layers).toEqual(shapeTable({ inputSize: 3, hidden: [{ units: 5, activation: 'relu', dropout }], output: { units: 1, activation: 'linear' }, init: 'auto' }, 7));
  });

  it('reads the layers of a saved model file', async () => {
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/shapes-`));
    const model = `${dir}/m.json`;
    expect((await runCli('train', iris, '--target', 'species', '--hidden', '6', '--epochs', '1', '--out', model)).code).toBe(0);
    const { code, stdout } = await runCli('shapes', model, '--batch', '16');
    expect(code).toBe(0);
    expect(stdout).toContain('(16×4)(4×6)');
    expect(stdout).toContain('(16×6)(6×3)');
  });

  it('asks for --inputs and --outputs when neither they nor a model are given, and refuses a width of 0', async () => {
    expect((await runCli('shapes')).stderr).toContain('give --inputs N and --outputs K');
    expect((await runCli('shapes', '--inputs', '0', '--outputs', '2')).code).toBe(2);
  });
});
