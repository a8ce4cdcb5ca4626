// `npx tsx bench/cli-vs-engine.ts [--rounds N] [--epochs N]`: what `backprop train` loses
// against the bench's engine figure, in one session. Interleaved rounds of (1) the bench's engine
// contestant on its MNIST workload (784-256-128-64-10 relu, batch 64, SGD, no validation) for ~3 s, and
// (2) `backprop train` on the MNIST sample with the same net and --epochs, --json: its samples/s over
// every epoch (validation pass included), over the training steps only, and over the process's whole
// life (start-up under tsx, loading and preparing the CSV, scoring). One and two threads each.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableRelaxedSimd } from '../src/node-host';
import { engineFigure, formatRate as format, median } from './engine-figure';

enableRelaxedSimd();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface CliFigures { epochs: number; steps: number; process: number; rows: number }

/** Runs the CLI once; samples/s by its epoch lines and by the process's wall clock. */
function runCli(threads: number, epochs: number): Promise<CliFigures> {
  const args = [join(root, 'bin/backprop.mjs'), 'train', join(root, 'resources/samples/mnist-10k.csv.gz'), '--target', 'label',
    '--hidden', '256,128,64', '--activation', 'relu', '--optimizer', 'sgd', '--lr', '0.1', '--batch', '64', '--dropout', '0',
    '--epochs', String(epochs), '--json', '--threads', String(threads)];
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) { fail(error); return; }
      const seconds = (performance.now() - started) / 1000;
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
      const epochLines = lines.filter((l) => (l.type as unknown) === 'epoch');
      const rows = 6000; // the CLI's default split: 60 % of the 10,000 rows train
      const time = (key: string): number => epochLines.reduce((s, l) => s + rows / l[key], 0);
      done({ epochs: (rows * epochLines.length) / time('samplesPerSecond'), steps: (rows * epochLines.length) / time('stepSamplesPerSecond'), process: (rows * epochLines.length) / seconds, rows });
    });
  });
}

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : fallback; };
const rounds = option('--rounds', 3), epochs = option('--epochs', 4);

for (const threads of [1, 2] as const) {
  const engine: number[] = [], cli: CliFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    engine.push(await engineFigure(threads, 3));
    cli.push(await runCli(threads, epochs));
  }
  const pick = (key: keyof CliFigures): number => median(cli.map((c) => c[key]));
  const e = median(engine);
  console.log(`${threads} thread${threads > 1 ? 's' : ''} (medians of ${rounds} interleaved rounds):`);
  console.log(`  bench engine figure                      ${format(e).padStart(8)} samples/s`);
  console.log(`  backprop train, training steps only      ${format(pick('steps')).padStart(8)} samples/s  ${(pick('steps') / e).toFixed(2)}×`);
  console.log(`  backprop train, whole epochs (val pass)  ${format(pick('epochs')).padStart(8)} samples/s  ${(pick('epochs') / e).toFixed(2)}×`);
  console.log(`  backprop train, whole process            ${format(pick('process')).padStart(8)} samples/s  ${(pick('process') / e).toFixed(2)}×  (start-up, CSV, scoring included)`);
}
console.log('(the CLI drops the sample\'s constant pixel columns, so its first layer is narrower: its figures are per the same net on fewer inputs)');
