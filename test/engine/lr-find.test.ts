import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Network, TableReader, defaultTrainSettings, exponentialRates, lrRangeTest, prepareData, steepestDescentIndex } from '../../src/engine';
import { jsonLines, runCli } from '../cli/run-cli';

const iris = join(fileURLToPath(new URL('../../', import.meta.url)), 'resources/samples/iris.csv');

function irisTrain() {
  const reader = new TableReader({ keepRows: true });
  reader.push(new Uint8Array(readFileSync(iris)));
  const table = reader.end();
  if (!table.ok) throw new Error(table.error.message);
  const prepared = prepareData(table.value, { target: 'species' });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.value;
}

const irisNet = (inputs: number, classes: number) => new Network({ inputSize: inputs, hidden: [128, 64, 32].map((units) => ({ units, activation: 'relu' as const, dropout: 0 })), output: { units: classes, activation: 'softmax' }, init: 'auto' });

describe('learning-rate range test', () => {
  it('sweeps the rate exponentially from min to max', () => {
    const rates = exponentialRates(1e-4, 1, 5);
    rates.forEach((r, i) => expect(r).toBeCloseTo([1e-4, 1e-3, 1e-2, 1e-1, 1][i], 12));
  });

  it('finds the steepest fall of a loss shaped like a logistic step in log lr (and not where it is flat)', () => {
    const rates = exponentialRates(1e-6, 1, 100);
    const smoothed = rates.map((r) => 1 / (1 + Math.exp(2 * (Math.log(r) - Math.log(1e-3)))));
    const at = steepestDescentIndex(rates, smoothed, rates.length);
    expect(rates[at]).toBeGreaterThan(5e-4);
    expect(rates[at]).toBeLessThan(2e-3);
    expect(steepestDescentIndex(rates, rates.map(() => 1), rates.length)).toBeGreaterThanOrEqual(-1); // flat: any index, no throw
  });

  // Adam as issue 16 asks, and the table's default optimizer (AdamW with its decoupled decay since bench/defaults)
  it.each(['adam', defaultTrainSettings.optimizer.name] as const)('suggests a rate in [1e-3, 3e-2] for iris with %s (the table\'s other defaults)', (name) => {
    const data = irisTrain();
    const settings = { ...defaultTrainSettings, optimizer: { ...defaultTrainSettings.optimizer, name } };
    const result = lrRangeTest(irisNet(data.train.inputSize, 3), settings, data.train);
    expect(result.suggested).toBeGreaterThanOrEqual(1e-3);
    expect(result.suggested).toBeLessThanOrEqual(3e-2);
    expect(result.rates.length).toBe(result.losses.length);
    expect(result.smoothed[result.smoothed.length - 1]).toBeGreaterThan(Math.min(...result.smoothed)); // it went past the minimum
  });

  it('suggests nothing in that range when every step diverges at once (negative control: rates far too high)', () => {
    const data = irisTrain();
    const result = lrRangeTest(irisNet(data.train.inputSize, 3), defaultTrainSettings, data.train, { minLr: 10, maxLr: 1000 });
    expect(result.suggested >= 1e-3 && result.suggested <= 3e-2).toBe(false);
  });

  it('backprop lr-find prints the curve and a suggested --lr; --json gives the points', async () => {
    const text = await runCli('lr-find', iris, '--target', 'species');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/suggested: --lr \d/);
    const json = await runCli('lr-find', iris, '--target', 'species', '--json');
    const [line] = jsonLines(json.stdout);
    expect(line.type).toBe('lr-find');
    expect((line.rates as number[]).length).toBeGreaterThan(20);
  });
});
