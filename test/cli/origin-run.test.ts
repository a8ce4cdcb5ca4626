/** The origin's published run through the CLI, flag for flag as issue 11 states it (test accuracy ≥ 0.80). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './run-cli';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = join(root, '../shared/datasets/seed-synthetic-3class.csv');
const dataset = existsSync(shared) ? shared : join(root, 'resources/samples/seed-synthetic-3class.csv');

/** The origin's settings: 10-128-64-32-3 sigmoid, SGD lr 0.1, batch 32, 150 epochs, dropout 0.05, rows scaled to unit norm. */
const originFlags = ['--target', 'label', '--hidden', '128,64,32', '--activation', 'sigmoid', '--optimizer', 'sgd', '--lr', '0.1',
  '--batch', '32', '--epochs', '150', '--dropout', '0.05', '--scale', 'l2row', '--val', '0', '--test', '0.2', '--seed', '1'];

async function testAccuracy(weightInit: string): Promise<number> {
  const run = await runCli('train', dataset, ...originFlags, '--weight-init', weightInit, '--json', '--threads', '1');
  expect(run.code, run.stderr).toBe(0);
  const done = jsonLines(run.stdout).find((line) => line.type === 'done') as { split: string; accuracy: number; rows: number };
  expect(done).toMatchObject({ split: 'test', rows: 2000 });
  return done.accuracy;
}

describe('the origin\'s published run through the CLI', () => {
  it('with the origin\'s weight init (--weight-init original) reaches test accuracy ≥ 0.80', async () => {
    const accuracy = await testAccuracy('original');
    console.log(`backprop train … --weight-init original: test accuracy ${accuracy.toFixed(4)} (the origin reports 0.81)`);
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  }, 600_000);

  it('negative control: the same run with Xavier init (auto for sigmoid), the CLI\'s only choice before, stays below 0.80', async () => {
    const accuracy = await testAccuracy('auto');
    console.log(`backprop train … --weight-init auto: test accuracy ${accuracy.toFixed(4)}`);
    expect(accuracy).toBeLessThan(0.8);
  }, 600_000);
});
