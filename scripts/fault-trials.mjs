#!/usr/bin/env node
// Kill and fault trials for every file the CLI and the app write (train --out, predict --out, export,
// the run history): SIGKILLs at random moments, then a full disk (a small tmpfs) and a read-only folder.
// Counts partial or destroyed files, temp files left after the next run, and failures that are not one
// line with exit 2. Usage: node scripts/fault-trials.mjs [--kills 200] [--json]. Takes minutes; the unit
// suite runs a short version (test/cli/fault-trials.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin/backprop.mjs');
const historyWriter = join(root, 'scripts/fault-trials/history-writer.mjs');
const iris = join(root, 'resources/samples/iris.csv');
const args = process.argv.slice(2);
const kills = Number(args[args.indexOf('--kills') + 1] ?? 200) || 200;
const asJson = args.includes('--json');

const work = mkdtempSync(join(tmpdir(), 'backprop-faults-'));
const data = join(work, 'big.csv');
writeFileSync(data, readFileSync(iris, 'utf8') + readFileSync(iris, 'utf8').split('\n').slice(1).join('\n').repeat(40));

const run = (argv, options = {}) => spawnSync(process.execPath, [cli, ...argv], { encoding: 'utf8', cwd: root, ...options });
const isTemp = (name) => name.endsWith('.backprop-tmp') || name.endsWith('.tmp');
const temps = (folder) => readdirSync(folder).filter(isTemp);

// Reference files: the model every train writes must load; predictions have every row; the export is deterministic.
const model = join(work, 'model.json');
if (run(['train', iris, '--target', 'species', '--epochs', '3', '--out', model]).status !== 0) throw new Error('setup: train failed');
const expectedLines = readFileSync(data, 'utf8').trim().split('\n').length;
const { loadModel } = await import('tsx/esm/api').then(({ tsImport }) => tsImport('../src/engine/index.ts', import.meta.url));

/** What a destination may hold after any run: nothing (never written yet), or a whole file of its kind. */
const whole = {
  train: (path) => { try { loadModel(readFileSync(path, 'utf8')); return true; } catch { return false; } },
  predict: (path) => { const lines = readFileSync(path, 'utf8').split('\n'); return lines.length === expectedLines + 1 && lines.at(-1) === ''; },
  export: (path) => readFileSync(path).length > 1000 && readFileSync(path, 'utf8').includes('backprop_studio_mlp'),
  history: (path) => { try { const v = JSON.parse(readFileSync(path, 'utf8')); return v.complete === true && v.runs.length === v.count; } catch { return false; } },
};

/** The command line of each kind writing into `folder`. */
const commands = {
  train: (folder) => ['train', data, '--target', 'species', '--epochs', '40', '--out', join(folder, 'trained.json')],
  predict: (folder) => ['predict', model, data, '--out', join(folder, 'predictions.csv')],
  export: (folder) => ['export', model, '--format', 'onnx', '--out', join(folder, 'model.onnx')],
};
const destination = { train: 'trained.json', predict: 'predictions.csv', export: 'model.onnx', history: 'runs.json' };

const figures = { kills: 0, byKind: { train: 0, predict: 0, export: 0, history: 0 }, partialOrDestroyed: 0, leftoverTempsAfterNextRun: 0, faults: [], notOneLineExit2: 0 };

function killAfter(child, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal }); });
  });
}

async function killTrial(kind, folder, index) {
  const child = kind === 'history'
    ? spawn(process.execPath, [historyWriter, folder], { cwd: root, stdio: 'ignore' })
    : spawn(process.execPath, [cli, ...commands[kind](folder)], { cwd: root, stdio: 'ignore' });
  const delay = 300 + ((index * 7919) % 2200); // spread over start-up, work and the write itself
  const ended = await killAfter(child, delay);
  if (ended.signal === 'SIGKILL') figures.kills++, figures.byKind[kind]++;
  const path = join(folder, destination[kind]);
  if (existsSync(path) && !whole[kind](path)) figures.partialOrDestroyed++;
}

async function killTrials() {
  const kinds = ['train', 'predict', 'export', 'history'];
  const folders = Object.fromEntries(kinds.map((k) => { const f = join(work, `kill-${k}`); mkdirSync(f); return [k, f]; }));
  for (let i = 0; figures.kills < kills; i++) {
    const kind = kinds[i % kinds.length];
    await killTrial(kind, folders[kind], i);
    if (i > kills * 3) break; // runs that finish before their kill do not count; stop eventually anyway
  }
  // The next ordinary run into each folder removes what the killed ones left.
  for (const kind of kinds) {
    const folder = folders[kind];
    const next = kind === 'history' ? spawnSync(process.execPath, [historyWriter, folder, 'once'], { cwd: root, encoding: 'utf8' }) : run(commands[kind](folder));
    if (next.status !== 0) figures.faults.push({ kind, trial: 'next run after kills', status: next.status, stderr: next.stderr.trim() });
    if (!whole[kind](join(folder, destination[kind]))) figures.partialOrDestroyed++;
    figures.leftoverTempsAfterNextRun += temps(folder).length;
  }
}

/** One fault: the old file must survive whole, no temp may stay, the failure must be one line with exit 2. */
function faultTrial(kind, folder, label) {
  const path = join(folder, destination[kind]);
  const before = existsSync(path) ? readFileSync(path) : null;
  const result = kind === 'history' ? spawnSync(process.execPath, [historyWriter, folder, 'once'], { cwd: root, encoding: 'utf8' }) : run(commands[kind](folder));
  const lines = result.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning:'));
  const oneLine = result.status === 2 && lines.length === 1;
  if (!oneLine) figures.notOneLineExit2++;
  const kept = before === null ? !existsSync(path) || whole[kind](path) : existsSync(path) && Buffer.compare(readFileSync(path), before) === 0;
  if (!kept) figures.partialOrDestroyed++;
  figures.leftoverTempsAfterNextRun += temps(folder).length;
  figures.faults.push({ kind, fault: label, status: result.status, message: lines.join(' | ').slice(0, 200) });
}

/** Appends to `file` until the file system is full (ENOSPC). */
function fillUp(file) {
  for (let size = 1024 * 1024; size >= 1; size = Math.floor(size / 4)) {
    try { for (;;) appendFileSync(file, Buffer.alloc(size)); } catch { /* full at this size: try smaller pieces */ }
  }
}

function mounted(folder, options) {
  mkdirSync(folder, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', folder]).status === 0;
}

function faultTrials() {
  const full = join(work, 'full');
  if (!mounted(full, 'size=2m')) { figures.faults.push({ skipped: 'ENOSPC and read-only trials need root (mount -t tmpfs); not permitted here' }); return; }
  try {
    for (const kind of ['train', 'predict', 'export', 'history']) {
      // an older whole file, then the disk filled to the last few bytes
      const path = join(full, destination[kind]);
      if (kind === 'history') writeFileSync(path, JSON.stringify({ complete: true, count: 1, runs: [{ id: 0 }] }));
      else if (kind === 'train') copyFileSync(model, path);
      else if (kind === 'predict') writeFileSync(path, 'x\n'.repeat(expectedLines)); // not whole by our rule, but must stay byte for byte
      else writeFileSync(path, 'backprop_studio_mlp'.repeat(60));
      const filler = join(full, 'filler');
      fillUp(filler);
      faultTrial(kind, full, 'ENOSPC');
      rmSync(filler, { force: true });
      rmSync(path, { force: true });
    }
    spawnSync('mount', ['-o', 'remount,ro', full]);
    for (const kind of ['train', 'predict', 'export', 'history']) faultTrial(kind, full, 'read-only folder');
  } finally {
    spawnSync('umount', [full]);
  }
}

const started = Date.now();
await killTrials();
faultTrials();
figures.seconds = Math.round((Date.now() - started) / 1000);
rmSync(work, { recursive: true, force: true });
if (asJson) process.stdout.write(`${JSON.stringify(figures)}\n`);
else {
  process.stdout.write(`${figures.kills} SIGKILLs (${Object.entries(figures.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}) in ${figures.seconds} s\n`);
  process.stdout.write(`partial or destroyed files: ${figures.partialOrDestroyed}; temp files left after the next run: ${figures.leftoverTempsAfterNextRun}; failures not one line with exit 2: ${figures.notOneLineExit2}\n`);
  for (const f of figures.faults) process.stdout.write(`  ${JSON.stringify(f)}\n`);
}
process.exitCode = figures.partialOrDestroyed + figures.leftoverTempsAfterNextRun + figures.notOneLineExit2 === 0 ? 0 : 1;
