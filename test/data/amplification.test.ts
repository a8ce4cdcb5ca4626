/** Inputs small on disk that ask for a lot of memory or time: each ends quickly with a clear message. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvReader, READER_LIMITS, inflatedByteCap, readTable, shownCell, terminalSafe } from '../../src/engine';
import { readSource } from '../../src/engine-host/source';
import { DataProblem } from '../../src/engine-host/dataset';
import { runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'backprop-amplify-'));
const cpuMs = (since: NodeJS.CpuUsage): number => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
const header = (columns: number): string => Array.from({ length: columns }, (_, i) => `c${i}`).join(',');

describe('a cap on columns', () => {
  it('a 1 MB header of 100,000 columns is refused at once with the count and the limit', () => {
    const started = process.cpuUsage();
    const table = readTable(`${header(100_000)}\n${'1,'.repeat(99_999)}1\n`);
    expect(table.ok).toBe(false);
    if (!table.ok) expect(table.error.message).toBe('line 1: 100,000 columns; Backprop Studio reads at most 20,000 columns');
    expect(cpuMs(started)).toBeLessThan(5000);
  });

  it('a first row that keeps growing without a line break stops once it has too many delimiters', () => {
    const reader = new CsvReader();
    const chunk = ','.repeat(64 * 1024);
    reader.push('a,b\n'.slice(0, 0) + 'x');
    for (let i = 0; i < 8 && !reader.fatal; i++) reader.push(chunk);
    expect(reader.fatal?.code).toBe('too-many-columns');
  });

  it('a file at the limit still reads (negative control)', () => {
    const table = readTable(`${header(READER_LIMITS.maxColumns)}\n${'1,'.repeat(READER_LIMITS.maxColumns - 1)}1\n`);
    expect(table.ok).toBe(true);
  });
});

describe('blank lines and gzip bombs', () => {
  it('ten million blank lines read in well under 5 s, and the line numbers after them stay right', () => {
    const started = process.cpuUsage();
    const table = readTable(`a,b\n1,2\n${'\n'.repeat(10_000_000)}3,4,5\n`, { badRows: 'stop' });
    expect(cpuMs(started)).toBeLessThan(5000);
    expect(table.ok).toBe(false);
    if (!table.ok) expect(table.error.line).toBe(10_000_003);
  });

  it('runs of 1, 31, 32 and 33 blank lines between rows keep every row and the line numbers', () => {
    const rows = ['1,2', '3,4', '5,6', '7,8', '9,10'];
    const gaps = [1, 31, 32, 33];
    const text = `a,b\n${rows.map((row, i) => row + '\n' + '\n'.repeat(gaps[i] ?? 0)).join('')}11,12,13\n`;
    const table = readTable(text, { badRows: 'stop' });
    const badLine = 1 + rows.length + gaps.reduce((a, b) => a + b, 0) + 1;
    expect(!table.ok && table.error.line).toBe(badLine);
    const kept = readTable(text.replace('11,12,13', '11,12'), { badRows: 'stop' });
    expect(kept.ok && kept.value.rows).toBe(6); // negative control: the same file without its bad row reads every row
  });

  it('blank CRLF runs between rows keep the line numbers too', () => {
    const table = readTable(`a,b\r\n1,2\r\n${'\r\n'.repeat(100)}3,4,5\r\n`, { badRows: 'stop' });
    expect(!table.ok && table.error.line).toBe(103);
  });

  it('the CLI stops a 1 MB .gz of blank lines in one line, exit 2, within 5 s and 500 MB', () => {
    const path = join(dir, 'blank.csv.gz');
    writeFileSync(path, gzipSync(Buffer.alloc(1000 * 1024 * 1024, 10), { level: 9 }));
    const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S rss %M', process.execPath, 'bin/backprop.mjs', 'inspect', path], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('backprop'))).toEqual([expect.stringMatching(/gzip data expands to more than .* MB \(over 100 times its size\)/)]);
    const [, user, system, , rssKb] = lines.at(-1)!.split(' ');
    expect(Number(user) + Number(system)).toBeLessThan(5); // CPU seconds: the machine is shared, wall time is not a measure
    expect(Number(rssKb) * 1024).toBeLessThan(500 * 1024 * 1024);
  });

  it('the desktop read path stops inflating at the cap instead of filling the memory', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 10), { level: 9 });
    expect(inflatedByteCap(bomb.length)).toBeLessThan(200 * 1024 * 1024);
    const read = readSource({ kind: 'bytes', name: 'bomb.csv.gz', bytes: new Uint8Array(bomb) }, undefined);
    await expect(read).rejects.toBeInstanceOf(DataProblem);
    await expect(read).rejects.toThrow(/expands to more than/);
  });

  it('an ordinary .gz still inflates on the desktop path (negative control)', async () => {
    const { content } = await readSource({ kind: 'bytes', name: 'a.csv.gz', bytes: new Uint8Array(gzipSync('a,b\n1,2\n')) }, undefined);
    expect(new TextDecoder().decode(content as Uint8Array)).toBe('a,b\n1,2\n');
  });
});

describe('cells in messages', () => {
  it('an 8 MB cell is shown as its first 60 characters', async () => {
    const path = join(dir, 'long-cell.csv');
    writeFileSync(path, `x,y\n1,a\n${'9'.repeat(10)}${'z'.repeat(8 * 1024 * 1024)},b\n`);
    const run = await runCli('train', path, '--target', 'y', '--task', 'classification', '--epochs', '1');
    expect(run.stderr.length).toBeLessThan(2000);
    expect(shownCell('q'.repeat(8e6))).toBe(`"${'q'.repeat(60)}…"`);
  });

  it('escape sequences and control characters never reach the terminal raw', async () => {
    const path = join(dir, 'ansi.csv');
    writeFileSync(path, 'x,y\n1,a\n"\x1b[2J\x1b]0;pwned\x07",b\n');
    const run = await runCli('train', path, '--target', 'y', '--task', 'classification', '--epochs', '1');
    expect(run.stderr).not.toMatch(/[\x1b\x07]/);
    expect(shownCell('\x1b[31mred\u202e')).toBe('"\\x1b[31mred\\u202e"');
    expect(terminalSafe('line\x1b[0m\nnext')).toBe('line\\x1b[0m\nnext');
  });
});

/** Runs the CLI under /usr/bin/time: exit status, stderr lines, CPU seconds and peak RSS in bytes. */
function timedCli(...args: string[]): { status: number | null; stderr: string; cpuSeconds: number; rssBytes: number } {
  const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S rss %M', process.execPath, 'bin/backprop.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  const [, user, system, , rssKb] = run.stderr.trim().split('\n').at(-1)!.split(' ');
  return { status: run.status, stderr: run.stderr, cpuSeconds: Number(user) + Number(system), rssBytes: Number(rssKb) * 1024 };
}

describe('number conventions and many-level columns (issue 14 item 9)', () => {
  it('300,000 rows of "1,234,567.89" amounts, "inf" and "1e39" inspect within 5 s and 500 MB', () => {
    const path = join(dir, 'grouped-amounts.csv');
    const rows = Array.from({ length: 300_000 }, (_, i) => `"${(i * 7919 % 9_000_000).toLocaleString('en-US')}.${i % 100}",${i % 97 === 0 ? 'inf' : i % 89 === 0 ? '1e39' : i % 50},${'ab'[i % 2]}`);
    writeFileSync(path, `amount,score,y\n${rows.join('\n')}\n`);
    const run = timedCli('inspect', path);
    expect(run.status).toBe(0);
    expect(run.cpuSeconds).toBeLessThan(5);
    expect(run.rssBytes).toBeLessThan(500 * 1024 * 1024);
  });

  it('a file of 8 columns with a new text value in every row (ids, kept as codes until judged) trains within 5 s and 500 MB', () => {
    const path = join(dir, 'many-levels.csv');
    const rows = Array.from({ length: 60_000 }, (_, i) => [...Array.from({ length: 8 }, (_, j) => `v${j}-${(i * 7919 + j) % 60_000}`), i % 10, 'ab'[i % 2]].join(','));
    writeFileSync(path, `${Array.from({ length: 8 }, (_, j) => `t${j}`).join(',')},x,y\n${rows.join('\n')}\n`);
    const run = timedCli('train', path, '--target', 'y', '--epochs', '1', '--hidden', '4');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('backprop'))).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.cpuSeconds).toBeLessThan(5);
    expect(run.rssBytes).toBeLessThan(500 * 1024 * 1024);
  });

  it('a 5,000-class target stops at once with the class limit and the count, exit 2', () => {
    const path = join(dir, 'five-thousand-classes.csv');
    writeFileSync(path, `x,y\n${Array.from({ length: 15_000 }, (_, i) => `${i % 10},k${(i * 7) % 5000}`).join('\n')}\n`);
    const run = timedCli('train', path, '--target', 'y', '--epochs', '1');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the target "y" has 5,000 classes; a class target may have at most 1,000/);
    expect(run.stderr).not.toMatch(/no row is left/);
    expect(run.cpuSeconds).toBeLessThan(5);
  });
});
