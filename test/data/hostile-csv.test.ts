/**
 * The hostile-CSV corpus: every file in test/fixtures/csv with its expected outcome (expected.json), plus
 * big or binary cases generated here. For each: no throw, under 2 s, and an error that names its line.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareData, readTable, type DataChoices, type DataError, type TableOptions } from '../../src/engine';
import type { PreparedData } from '../../src/engine/data/prepare';
import type { RawTable } from '../../src/engine/data/table';

const fixturesDir = fileURLToPath(new URL('../fixtures/csv/', import.meta.url));

interface Expected {
  error?: string;
  line?: number;
  column?: string;
  message?: string;
  stage?: 'read' | 'prepare';
  ok?: boolean;
  choices?: Partial<DataChoices>;
  rows?: number;
  skippedRows?: number;
  trainValTest?: number;
  columns?: string[];
  format?: Record<string, unknown>;
  kinds?: Record<string, string>;
  missing?: Record<string, number>;
  warnings?: string[];
  classes?: string[];
  features?: string[];
  task?: string;
  inputSize?: number;
  topValue?: Record<string, string>;
}

type Outcome = { error: DataError; stage: 'read' | 'prepare' } | { table: RawTable; prepared: PreparedData };

const TIME_LIMIT_MS = 2000;

/** CPU milliseconds used by this process since `since` (not wall time: the test machines are shared). */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Reads and prepares a source as the app would; times it; never lets a throw pass silently. */
function load(source: Uint8Array | string, choices: Partial<DataChoices> = {}, options: TableOptions = {}): { outcome: Outcome; ms: number } {
  const started = process.cpuUsage();
  const table = readTable(source, { badRows: choices.badRows, ...options });
  let outcome: Outcome;
  if (!table.ok) outcome = { error: table.error, stage: 'read' };
  else {
    const prepared = prepareData(table.value, choices);
    outcome = prepared.ok ? { table: table.value, prepared: prepared.value } : { error: prepared.error, stage: 'prepare' };
  }
  return { outcome, ms: cpuMsSince(started) };
}

/** Row-level error codes must carry a 1-based line; file-level ones (empty, binary, choices) may not. */
const LINE_LEVEL = new Set(['ragged-row', 'unterminated-quote', 'malformed-quote', 'nul-byte', 'bad-cell', 'row-too-long', 'no-data-rows', 'too-many-columns']);

function checkError(outcome: Outcome, expected: Expected): void {
  expect('error' in outcome ? outcome.error.code : 'loaded fine').toBe(expected.error);
  if (!('error' in outcome)) return;
  const { error, stage } = outcome;
  expect(stage).toBe(expected.stage ?? 'read');
  if (LINE_LEVEL.has(error.code)) {
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.message).toContain(`line ${error.line}`);
  }
  if (expected.line !== undefined) expect(error.line).toBe(expected.line);
  if (expected.column !== undefined) expect(error.column).toBe(expected.column);
  if (expected.message !== undefined) expect(error.message).toContain(expected.message);
  expect(error.message).not.toMatch(/\n\s+at /); // no stack traces
}

function checkLoaded(outcome: Outcome, expected: Expected): void {
  if ('error' in outcome) throw new Error(`expected a load, got ${outcome.error.code}: ${outcome.error.message}`);
  const { table, prepared } = outcome;
  const { inspection } = table;
  const kindOf = (name: string): string | undefined => inspection.columns.find((c) => c.name === name)?.kind;
  if (expected.rows !== undefined) expect(inspection.rows).toBe(expected.rows);
  if (expected.skippedRows !== undefined) expect(prepared.skippedRows).toBe(expected.skippedRows);
  if (expected.trainValTest !== undefined) expect(prepared.split.train + prepared.split.validation + prepared.split.test).toBe(expected.trainValTest);
  if (expected.columns) expect(inspection.columns.map((c) => c.name)).toEqual(expected.columns);
  if (expected.format) expect(inspection.format).toMatchObject(expected.format);
  for (const [name, kind] of Object.entries(expected.kinds ?? {})) expect(kindOf(name), name).toBe(kind);
  for (const [name, missing] of Object.entries(expected.missing ?? {})) expect(inspection.columns.find((c) => c.name === name)?.missing).toBe(missing);
  for (const code of expected.warnings ?? []) expect(prepared.warnings.map((w) => w.code)).toContain(code);
  if (expected.classes) expect(prepared.classes).toEqual(expected.classes);
  if (expected.features) expect(prepared.featureNames).toEqual(expected.features);
  if (expected.task) expect(prepared.task).toBe(expected.task);
  if (expected.inputSize !== undefined) expect(prepared.train.inputSize).toBe(expected.inputSize);
  for (const [name, value] of Object.entries(expected.topValue ?? {})) {
    expect(inspection.columns.find((c) => c.name === name)?.topValues?.map((v) => v.value)).toContain(value);
  }
  for (const split of [prepared.train, prepared.validation, prepared.test]) expect(split.features.every(Number.isFinite)).toBe(true);
}

const corpus = Object.entries(JSON.parse(readFileSync(`${fixturesDir}expected.json`, 'utf8')) as Record<string, Expected>);

describe('the hostile CSV corpus', () => {
  it('holds at least 40 files with expected outcomes', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  it.each(corpus)('%s loads or fails as expected, within 2 s', (file, expected) => {
    const { outcome, ms } = load(new Uint8Array(readFileSync(fixturesDir + file)), expected.choices);
    if (expected.error) checkError(outcome, expected);
    else checkLoaded(outcome, expected);
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
  });

  it('gives the same outcome when the bytes arrive one at a time at the start and in odd chunks after', () => {
    for (const [file, expected] of corpus.slice(0, 60)) {
      const bytes = new Uint8Array(readFileSync(fixturesDir + file));
      const chunks = [...Array.from({ length: Math.min(50, bytes.length) }, (_, i) => bytes.subarray(i, i + 1))];
      for (let at = 50; at < bytes.length; at += 7) chunks.push(bytes.subarray(at, at + 7));
      const whole = load(bytes, expected.choices).outcome;
      const chunked = readTable(chunks, { badRows: expected.choices?.badRows });
      const chunkedOutcome = chunked.ok ? prepareData(chunked.value, expected.choices ?? {}) : chunked;
      const code = (o: Outcome): string => ('error' in o ? o.error.code : 'ok');
      expect(chunkedOutcome.ok ? 'ok' : `${chunkedOutcome.error.code}@${chunkedOutcome.error.line}`, file)
        .toBe('error' in whole ? `${code(whole)}@${whole.error.line}` : 'ok');
    }
  });
});

describe('generated hostile files', () => {
  it('a file of 5,000 columns loads in under 2 s', () => {
    const header = Array.from({ length: 5000 }, (_, j) => `c${j}`).join(',');
    const rows = Array.from({ length: 20 }, (_, i) => Array.from({ length: 5000 }, (_, j) => ((i * 31 + j * 7) % 97) / 10).join(','));
    const { outcome, ms } = load(`${header}\n${rows.join('\n')}\n`);
    expect('error' in outcome ? outcome.error.message : outcome.table.inspection.columns.length).toBe(5000);
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
  });

  it('an 8 MB field loads as free text in under 2 s, read in 64 KB chunks', () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    const text = `note,x,y\n"${big}",1,a\nshort,2,b\nother,3,a\n`;
    const bytes = new TextEncoder().encode(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const started = process.cpuUsage();
    const table = readTable(chunks);
    expect(cpuMsSince(started)).toBeLessThan(TIME_LIMIT_MS);
    expect(table.ok && table.value.rows).toBe(3);
  });

  it('a quote left open in a long file stops with the line where it opened, not a hang', () => {
    const body = Array.from({ length: 200_000 }, (_, i) => `${i},${i % 7},a`).join('\n');
    const { outcome, ms } = load(`a,b,y\n1,"2,a\n${body}\n`, {}, { maxRowChars: 1024 * 1024 });
    expect('error' in outcome && `${outcome.error.code}@${outcome.error.line}`).toBe('row-too-long@2');
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
  });

  it('a file fed in 4 KB chunks reads every row and never holds more than a row back', () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i % 97},${i === 0 ? '"q, x"' : 'plain'},${'ab'[i % 2]}`);
    const bytes = new TextEncoder().encode(`a,b,y\n${rows.join('\n')}\n`);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => bytes.subarray(i * 4096, (i + 1) * 4096));
    const table = readTable(chunks, { maxRowChars: 16 * 1024 }); // the carry between chunks is one partial row
    expect(table.ok ? [table.value.rows, table.value.inspection.columns[1].distinct] : table.error.message).toEqual([60_000, 2]);
  });

  it('a stray invalid UTF-8 byte after the first 64 KB loads, with a warning', () => {
    const head = new TextEncoder().encode(`a,b,y\n${Array.from({ length: 20_000 }, (_, i) => `${i % 9},é${i % 3},${'ab'[i % 2]}`).join('\n')}\n`);
    const bytes = new Uint8Array([...head, ...new TextEncoder().encode('1,x'), 0xff, ...new TextEncoder().encode(',a\n')]);
    const { outcome } = load(bytes);
    expect('error' in outcome ? outcome.error.message : outcome.prepared.warnings.map((w) => w.code)).toContain('invalid-utf8');
    expect('error' in outcome ? null : outcome.table.inspection.format.encoding).toBe('utf-8');
  });

  it('random binary bytes are refused as binary', () => {
    let state = 7;
    const bytes = Uint8Array.from({ length: 100_000 }, () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24);
    const { outcome } = load(bytes);
    expect('error' in outcome && outcome.error.code).toBe('binary-file');
  });

  it('gzip bytes are refused with a hint to decompress', () => {
    const bytes = new Uint8Array(gzipSync(readFileSync(`${fixturesDir}crlf.csv`)));
    const { outcome } = load(bytes);
    expect('error' in outcome && outcome.error.code).toBe('compressed-file');
    expect('error' in outcome && outcome.error.message).toContain('decompress');
  });

  it('a bad cell deep in a 200,000-row file names its line', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => (i === 150_000 ? '12abc,1,a' : `${i % 13},${i % 7},${'ab'[i % 2]}`));
    const { outcome, ms } = load(`a,b,y\n${rows.join('\n')}\n`);
    expect('error' in outcome && outcome.error.message).toBe('column "a" line 150002: "12abc" is not a number (choose "skip bad rows" to leave such rows out)');
    expect(ms).toBeLessThan(TIME_LIMIT_MS * 2);
  });
});
