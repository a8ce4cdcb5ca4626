#!/usr/bin/env node
/**
 * The large-file check (not a unit test): writes a numeric CSV of SIZE_MB megabytes to /tmp (default 1024),
 * runs `backprop inspect` on it under /usr/bin/time -v, and prints peak RSS and MB/s. The file is deleted after.
 *   node scripts/cli-big-inspect.mjs [SIZE_MB] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sizeMb = Number(process.argv[2] ?? 1024);
const keep = process.argv.includes('--keep');
const file = `/tmp/backprop-big-${sizeMb}mb.csv`;
const bin = fileURLToPath(new URL('../bin/backprop.mjs', import.meta.url));

/** 12 numeric columns (floats of varied scale) and an integer label, seeded so every run writes the same bytes. */
async function writeCsv(path, bytes) {
  const out = createWriteStream(path);
  let state = 42, written = 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
  const header = `${Array.from({ length: 12 }, (_, j) => `x${j}`).join(',')},label\n`;
  out.write(header);
  written += header.length;
  while (written < bytes) {
    let block = '';
    for (let r = 0; r < 2000; r++) {
      const cells = Array.from({ length: 12 }, (_, j) => (uniform() * 10 ** (j % 4) - 0.5).toFixed(4));
      block += `${cells.join(',')},${Math.floor(uniform() * 5)}\n`;
    }
    written += block.length;
    if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

if (!existsSync(file)) {
  console.log(`writing ${file} (${sizeMb} MB)…`);
  await writeCsv(file, sizeMb * 1024 * 1024);
}
const bytes = statSync(file).size;
console.log(`running: backprop inspect ${file} --json`);
const started = Date.now();
const run = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, 'inspect', file, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const seconds = (Date.now() - started) / 1000;
const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? NaN);
const cpu = /User time \(seconds\): ([\d.]+)/.exec(run.stderr)?.[1];
const report = run.stdout ? JSON.parse(run.stdout) : null;
console.log(JSON.stringify({
  file, bytes, exitCode: run.status, rows: report?.rows, columns: report?.columns?.length,
  wallSeconds: seconds, userCpuSeconds: Number(cpu), inspectSeconds: report?.seconds,
  megabytesPerSecond: +(bytes / 1e6 / seconds).toFixed(1), inspectMegabytesPerSecond: report ? +report.megabytesPerSecond.toFixed(1) : null,
  peakRssMb: +(peakKb / 1024).toFixed(1), peakRssBelow400Mb: peakKb / 1024 < 400,
}, null, 1));
if (run.status !== 0) console.log(run.stderr.split('\n').slice(0, 5).join('\n'));
if (!keep) unlinkSync(file);
