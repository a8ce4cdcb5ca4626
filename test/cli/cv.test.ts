/** `backprop cv`: k stratified folds, each row held out once, mean ± sd of the held-out metric. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldRows, meanAndSd } from '../../src/engine';
import { jsonLines, runCli } from './run-cli';

const iris = join(fileURLToPath(new URL('../../', import.meta.url)), 'resources/samples/iris.csv');

describe('k-fold cross-validation', () => {
  it('holds every row out exactly once over the folds, stratified by class', () => {
    const rows = Int32Array.from({ length: 30 }, (_, i) => i);
    const groups = Int32Array.from(rows, (i) => (i < 20 ? 0 : 1));
    const seen = new Array<number>(30).fill(0);
    for (let index = 0; index < 5; index++) {
      const split = foldRows(rows, groups, { index, folds: 5 }, 0.2, 1);
      split.test.forEach((row) => seen[row]++);
      expect(Array.from(split.test).filter((r) => r >= 20)).toHaveLength(2); // 10 rows of class 1 over 5 folds
      expect(split.train.length + split.validation.length + split.test.length).toBe(30);
      expect([...split.train, ...split.validation].some((row) => split.test.includes(row))).toBe(false);
    }
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('reports the sample standard deviation (k − 1), not the population one', () => {
    const { mean, sd } = meanAndSd([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(sd).not.toBeCloseTo(Math.sqrt(5 / 4), 3); // negative control: the population sd
  });

  it('backprop cv iris --folds 5 prints one fold per line with its curves, then a mean ± sd above 0.85', async () => {
    const run = await runCli('cv', iris, '--target', 'species', '--folds', '5', '--epochs', '40', '--json');
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    const folds = lines.filter((l) => l.type === 'fold');
    expect(folds).toHaveLength(5);
    expect(folds.reduce((n, f) => n + (f.rows as number), 0)).toBe(150);
    for (const f of folds) expect((f.loss as number[]).length).toBe(f.epochs);
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', metric: 'accuracy', folds: 5 });
    expect(summary.mean as number).toBeGreaterThan(0.85);
    expect(summary.sd as number).toBeGreaterThanOrEqual(0);
  });

  it('scores near chance when nothing is trained (negative control)', async () => {
    const run = await runCli('cv', iris, '--target', 'species', '--folds', '3', '--epochs', '0', '--json');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).at(-1)!.mean as number).toBeLessThan(0.7);
  });

  it('refuses --folds 1 with a clear message', async () => {
    const run = await runCli('cv', iris, '--target', 'species', '--folds', '1');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--folds must be from 2/);
  });
});
