import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const iris = 'resources/samples/iris.csv';
const dir = mkdtempSync(join(tmpdir(), 'backprop-out-'));
const model = join(dir, 'm.json');
const data = join(dir, 'd.csv');
const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max: never a live process

/** Exit 2 with exactly one line on stderr. */
function expectOneLineFailure(run: { code: number; stderr: string }, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^[^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

const leftovers = (folder: string): string[] => readdirSync(folder).filter((n) => n.endsWith('.tmp') || n.endsWith('.backprop-tmp'));

beforeAll(async () => {
  writeFileSync(data, readFileSync(iris));
  expect((await runCli('train', iris, '--target', 'species', '--epochs', '2', '--out', model)).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an output file never replaces an input', () => {
  it('predict --out the data file is refused and the data file kept', async () => {
    const before = readFileSync(data);
    expectOneLineFailure(await runCli('predict', model, data, '--out', data), /--out .*d\.csv is the input/);
    expect(readFileSync(data)).toEqual(before);
  });

  it('predict --out the model file is refused and the model kept', async () => {
    const before = readFileSync(model);
    expectOneLineFailure(await runCli('predict', model, data, '--out', model), /is the input .*m\.json/);
    expect(readFileSync(model)).toEqual(before);
  });

  it('train --out the data file is refused before training', async () => {
    const before = readFileSync(data);
    const run = await runCli('train', data, '--target', 'species', '--epochs', '1', '--out', data);
    expectOneLineFailure(run, /is the input/);
    expect(run.stdout).toBe('');
    expect(readFileSync(data)).toEqual(before);
  });

  it('an input reached through another spelling of its path is still refused', async () => {
    expectOneLineFailure(await runCli('predict', model, data, '--out', join(dir, '.', 'sub', '..', 'd.csv')), /is the input/);
  });
});

describe('a bad --out is reported before any work, in one line, exit 2', () => {
  it('a missing folder', async () => {
    const run = await runCli('train', iris, '--target', 'species', '--epochs', '1', '--out', join(dir, 'no-such-folder', 'm.json'));
    expectOneLineFailure(run, /the folder .*no-such-folder does not exist/);
    expect(run.stdout).toBe('');
  });

  it('a folder as the target', async () => {
    mkdirSync(join(dir, 'folder'), { recursive: true });
    expectOneLineFailure(await runCli('predict', model, data, '--out', join(dir, 'folder')), /is a folder/);
    expectOneLineFailure(await runCli('export', model, '--format', 'js', '--out', join(dir, 'folder')), /is a folder/);
  });

  it('a successful run writes the file and leaves no temporary file (control)', async () => {
    expect((await runCli('predict', model, data, '--out', join(dir, 'p.csv'))).code).toBe(0);
    expect(readFileSync(join(dir, 'p.csv'), 'utf8').split('\n')).toHaveLength(152);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('temporary files', () => {
  it('an ordinary exit-2 error in predict leaves no temporary file and the old output as it was', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${readFileSync(iris, 'utf8').trim()}\n1,2,"unclosed\n`);
    writeFileSync(join(dir, 'old.csv'), 'old\n');
    const run = await runCli('predict', model, bad, '--out', join(dir, 'old.csv'));
    expect(run.code).toBe(2);
    expect(readFileSync(join(dir, 'old.csv'), 'utf8')).toBe('old\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('temporary files of killed runs (this and the older naming) are removed by the next run into that folder', async () => {
    writeFileSync(join(dir, `.p.csv.${DEAD_PID}-abcd1234.backprop-tmp`), 'partial');
    writeFileSync(join(dir, `p.csv.${DEAD_PID}.tmp`), 'partial');
    writeFileSync(join(dir, `notes.${DEAD_PID}.tmp`), 'not ours');
    expect((await runCli('predict', model, data, '--out', join(dir, 'p.csv'))).code).toBe(0);
    expect(leftovers(dir)).toEqual([`notes.${DEAD_PID}.tmp`]);
    rmSync(join(dir, `notes.${DEAD_PID}.tmp`));
  });

  it('a temporary file of a live run is left alone', async () => {
    const live = join(dir, `.p.csv.${process.ppid}-abcd1234.backprop-tmp`);
    writeFileSync(live, 'in progress');
    expect((await runCli('predict', model, data, '--out', join(dir, 'p.csv'))).code).toBe(0);
    expect(existsSync(live)).toBe(true);
    rmSync(live);
  });
});

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

describe.skipIf(!canMount)('a full disk and a read-only folder (tmpfs; needs root)', () => {
  const small = join(dir, 'small');
  beforeAll(() => {
    mkdirSync(small, { recursive: true });
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status).toBe(0);
  });
  afterAll(() => { spawnSync('umount', [small]); });

  it('predict --out on a full disk fails in one line, exit 2, and keeps the complete older file', async () => {
    const older = 'prediction\nkept\n';
    writeFileSync(join(small, 'p.csv'), older);
    const big = join(dir, 'big.csv');
    writeFileSync(big, readFileSync(iris, 'utf8') + readFileSync(iris, 'utf8').split('\n').slice(1).join('\n').repeat(4));
    const run = await runCli('predict', model, big, '--out', join(small, 'p.csv'));
    expectOneLineFailure(run, /cannot write .*p\.csv: no space left on device \(ENOSPC\)/);
    expect(run.stderr).not.toContain('predictions written');
    expect(readFileSync(join(small, 'p.csv'), 'utf8')).toBe(older);
    expect(leftovers(small)).toEqual([]);
  });

  it('a read-only folder is refused before training', async () => {
    expect(spawnSync('mount', ['-o', 'remount,ro', small]).status).toBe(0);
    try {
      const run = await runCli('train', iris, '--target', 'species', '--epochs', '1', '--out', join(small, 'm.json'));
      expectOneLineFailure(run, /cannot write in .*read-only file system \(EROFS\)/);
      expect(run.stdout).toBe('');
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', small]);
    }
  });
});
