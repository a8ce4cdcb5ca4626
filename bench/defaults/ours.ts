/**
 * Our engine with the CLI's defaults on the splits sklearn_mlp.py wrote, then the table beside scikit-learn's.
 *   npx tsx bench/defaults/ours.ts [--only iris,wine] [--refit] [any `backprop train` flag, e.g. --l2 1e-3]
 * Each split's train file is what `backprop train FILE --test 0` would see (the default validation share is
 * held out of it for early stopping); its test file is scored with the trained preprocessing, as `evaluate` does.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Network, prepareData, type PreparedData } from '../../src/engine';
import { parseArgs } from '../../src/cli/args';
import { train as trainCommand } from '../../src/cli/commands/train';
import { dataFromFlags } from '../../src/cli/setting-flags';
import { loadTable } from '../../src/cli/load';
import { unwrap } from '../../src/cli/errors';
import { scoreDataset } from '../../src/cli/scores';
import { makeTrainer, settingsFromFlags, specFromFlags } from '../../src/cli/training';

const here = new URL('.', import.meta.url).pathname;
const cache = join(here, '.cache');
interface Entry { name: string; task: 'classification' | 'regression'; target?: string; note: string }
const config = JSON.parse(readFileSync(join(here, 'datasets.json'), 'utf8')) as { seeds: number[]; datasets: Entry[] };

type Flags = ReturnType<typeof parseArgs>['flags'];

/**
 * Test accuracy or R² of one seeded split, trained with the CLI's defaults (plus any flags given). With `refit`,
 * the early-stopped run only picks the epoch count E; a second run on train + validation (no early stopping)
 * trains E epochs and is scored.
 */
async function scoreSplit(entry: Entry, seed: number, flags: Flags, refit: boolean): Promise<{ score: number; epochs: number }> {
  const file = (part: string): string => join(cache, `${entry.name}.s${seed}.${part}.csv`);
  const target = entry.target ?? 'target';
  const trainTable = await loadTable(file('train'), { keepRows: true, badRows: 'stop' });
  const trainOn = (extra: Flags): { net: Network; prepared: PreparedData; epochs: number; bestEpoch: number } => {
    const all = { ...flags, ...extra };
    const prepared = unwrap(prepareData(trainTable, { ...dataFromFlags(all), target, task: entry.task, testFraction: 0, seed }), file('train'));
    const net = new Network(specFromFlags(all, prepared.train.inputSize, prepared.classes?.length ?? 1, prepared.task));
    const trainer = makeTrainer(net, settingsFromFlags({ ...all, seed }), prepared.train, prepared.validation, false);
    trainer.run();
    return { net, prepared, epochs: trainer.epochsDone, bestEpoch: Math.max(1, trainer.history.at(-1)?.bestEpoch ?? trainer.epochsDone) };
  };
  const first = trainOn({});
  const { net, prepared, epochs } = refit ? trainOn({ val: 0, 'early-stop': 0, epochs: first.bestEpoch }) : first;
  const testTable = await loadTable(file('test'), { keepRows: true, badRows: 'stop' });
  const test: PreparedData = unwrap(prepareData(testTable, { validationFraction: 0, testFraction: 0 }, { preprocessing: prepared.preprocessing }), file('test'));
  const scores = scoreDataset(net, test.train, prepared.preprocessing);
  return { score: scores.task === 'classification' ? scores.accuracy : scores.r2, epochs };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv.splice(onlyAt, 2)[1].split(',') : null;
  const refitAt = argv.indexOf('--refit');
  const refit = refitAt >= 0 && argv.splice(refitAt, 1).length > 0;
  const { flags } = parseArgs(argv, trainCommand.flags, [], 'train');
  const resultsPath = join(cache, 'results-ours.json');
  const ours: Record<string, { scores: number[]; epochs: number[] }> = existsSync(resultsPath) && only ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  for (const entry of config.datasets) {
    if (only && !only.includes(entry.name)) continue;
    const runs = [];
    for (const seed of config.seeds) runs.push(await scoreSplit(entry, seed, flags, refit));
    ours[entry.name] = { scores: runs.map((r) => r.score), epochs: runs.map((r) => r.epochs) };
    process.stderr.write(`${entry.name}: ${ours[entry.name].scores.map((s) => s.toFixed(3)).join(' ')} epochs ${ours[entry.name].epochs.join(' ')}\n`);
  }
  writeFileSync(resultsPath, JSON.stringify(ours, null, 1));
  printTable(ours);
}

/** dataset | metric | ours mean / worst | scikit-learn mean / worst | margin (ours mean − sklearn mean + allowance). */
function printTable(ours: Record<string, { scores: number[] }>): void {
  const sklearnPath = join(cache, 'results-sklearn.json');
  const sklearn = existsSync(sklearnPath) ? JSON.parse(readFileSync(sklearnPath, 'utf8')) as Record<string, { scores: number[] }> : {};
  const lines = ['| dataset | metric | ours mean | ours worst | sklearn mean | sklearn worst | ours − (sklearn − allowance) |', '|---|---|---|---|---|---|---|'];
  for (const entry of config.datasets) {
    const o = ours[entry.name]?.scores, s = sklearn[entry.name]?.scores;
    if (!o) continue;
    const allowance = entry.task === 'classification' ? 0.01 : 0.02;
    const cells = [mean(o), Math.min(...o)].map((x) => x.toFixed(3));
    const sk = s ? [mean(s), Math.min(...s)].map((x) => x.toFixed(3)) : ['–', '–'];
    const margin = s ? (mean(o) - (mean(s) - allowance)).toFixed(3) : '–';
    lines.push(`| ${entry.name} | ${entry.task === 'classification' ? 'accuracy' : 'R²'} | ${cells.join(' | ')} | ${sk.join(' | ')} | ${margin} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
