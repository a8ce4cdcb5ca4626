// `npx tsx bench/studio-vs-engine.ts [--rounds N]`: what the studio loses against the bench's engine figure,
// in one session. Interleaved rounds of (1) the bench's engine contestant on its MNIST workload on 2 threads
// for ~3 s and (2) the studio in Chromium training the same net (`e2e/speed.web.spec.ts`: 30 epochs, the
// studio's own thread choice), whose shown samples/s is the run's average over its training slices. Needs
// the e2e browser (`npx playwright test` must run here); each round builds and serves the page anew.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableRelaxedSimd } from '../src/node-host';
import { engineFigure, formatRate, median } from './engine-figure';

enableRelaxedSimd();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STUDIO_LINE = /^studio, MNIST .*?, ([^,:]+ · \d threads?): (\d+) samples\/s$/m;

/** One run of the studio's speed e2e: the samples/s it showed and its kernels line. */
function studioFigure(): Promise<{ rate: number; kernels: string }> {
  return new Promise((done, fail) => {
    execFile('npx', ['playwright', 'test', '--project=web', 'e2e/speed.web.spec.ts', '--reporter=line'], { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const match = STUDIO_LINE.exec(stdout);
        if (error || !match) { fail(new Error(`the studio's speed e2e did not report a figure (is its browser installed? npx playwright test runs it):\n${stdout}${stderr}`)); return; }
        done({ rate: Number(match[2]), kernels: match[1] });
      });
  });
}

const argv = process.argv.slice(2);
const at = argv.indexOf('--rounds');
const rounds = at >= 0 ? Math.max(1, Number(argv[at + 1])) : 3;
const engine: number[] = [], studio: number[] = [];
let kernels = '';
for (let round = 0; round < rounds; round++) {
  engine.push(await engineFigure(2, 3));
  const shown = await studioFigure();
  studio.push(shown.rate);
  kernels = shown.kernels;
  console.log(`round ${round + 1}: bench engine 2 threads ${formatRate(engine.at(-1)!)} samples/s, studio ${formatRate(shown.rate)} (${shown.kernels}) = ${(shown.rate / engine.at(-1)!).toFixed(2)}×`);
}
const e = median(engine), s = median(studio);
console.log(`medians of ${rounds} interleaved rounds: bench engine 2 threads ${formatRate(e)} samples/s; studio ${formatRate(s)} samples/s (${kernels}) = ${(s / e).toFixed(2)}×`);
console.log('(the studio drops the sample\'s constant pixel columns, so its first layer is narrower: its figure is per the same net on fewer inputs)');
