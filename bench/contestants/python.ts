import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Workload } from '../workloads';
import type { Contestant } from './types';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The anchors live beside the repository (../shared/bench); a user's clone has none. */
export const sharedBench = resolve(repoRoot, '../shared/bench');

function run(command: string, args: string[], timeoutMs = 600_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else done(stdout);
    });
  });
}

const interpreters = new Map<string, string>(); // module → the python that imports it

/** The first of python3 on PATH and Debian's /usr/bin/python3 (where python3-torch installs) that imports `module`. */
async function pythonWith(module: string): Promise<string | null> {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      await run(python, ['-c', `import ${module}`], 120_000);
      interpreters.set(module, python);
      return python;
    } catch {
      // try the next interpreter
    }
  }
  return null;
}

/** The interpreter that imported `module` for an anchor (null before, or when none could). */
export function anchorInterpreter(module: 'numpy' | 'torch'): string | null {
  return interpreters.get(module) ?? null;
}

async function pythonHas(module: string): Promise<string | null> {
  return (await pythonWith(module)) ? null : `neither python3 nor /usr/bin/python3 can import ${module}`;
}

/** The CSV the anchors read, uncompressed once into .bench/ (numpy_reference.py reads plain text). */
function plainCsv(file: string): string {
  if (!file.endsWith('.gz')) return file;
  const target = join(repoRoot, '.bench', file.split('/').at(-1)!.replace(/\.gz$/, ''));
  if (!existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, gunzipSync(readFileSync(file)));
  }
  return target;
}

/** ../shared/bench/numpy_reference.py in float32 with one BLAS thread: samples/s from its summary line. */
export const numpyContestant: Contestant = {
  name: 'numpy f32 1 thread',
  async unavailable() {
    const script = join(sharedBench, 'numpy_reference.py');
    if (!existsSync(script)) return `no ${script} (../shared is absent in a plain clone)`;
    return pythonHas('numpy');
  },
  async measureExternal(w: Workload, quick: boolean) {
    const hidden = w.sizes.slice(1, -1).join(',');
    const out = await run(interpreters.get('numpy') ?? 'python3', [
      join(sharedBench, 'numpy_reference.py'), '--train', plainCsv(w.csv.file), '--label-col', 'label', '--test-frac', '0.2',
      '--scale', w.csv.numpyScale, '--hidden', hidden, '--activation', w.activation, '--optimizer', 'sgd',
      '--lr', String(w.learningRate), '--batch-size', String(w.batchSize), '--epochs', quick ? '1' : '3',
      '--dropout', String(w.dropout), '--dtype', 'float32',
    ]);
    const match = /summary:.*?([\d,]+) samples\/s/.exec(out);
    if (!match) throw new Error(`numpy_reference.py printed no summary:\n${out.slice(-500)}`);
    return Number(match[1].replaceAll(',', ''));
  },
};

/** ../shared/bench/torch_reference.py (Debian's python3-torch), one thread. It has no dropout. */
export const torchContestant: Contestant = {
  name: 'PyTorch 1 thread',
  async unavailable() {
    const script = join(sharedBench, 'torch_reference.py');
    if (!existsSync(script)) return `no ${script} (../shared is absent in a plain clone)`;
    const missing = await pythonHas('torch');
    return missing ? `${missing} (apt-get install -y python3-torch)` : null;
  },
  async measureExternal(w: Workload, quick: boolean) {
    const out = await run(interpreters.get('torch') ?? 'python3', [
      join(sharedBench, 'torch_reference.py'), plainCsv(w.csv.file), '--hidden', w.sizes.slice(1, -1).join(','),
      '--act', w.activation, '--batch', String(w.batchSize), '--epochs', quick ? '1' : '3', '--threads', '1',
      '--label', 'label', '--scale', String(w.csv.torchScale), '--rows', '8000', '--lr', String(w.learningRate),
    ]);
    const line = out.trim().split('\n').at(-1)!;
    return (JSON.parse(line) as { samples_per_s: number }).samples_per_s;
  },
};
