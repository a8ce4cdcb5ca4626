/**
 * Property: a random table written as CSV (any delimiter, CRLF or LF, optional BOM, quoting where needed)
 * and fed to the reader in random chunks reads back cell for cell; numeric tables read back as the same float32s.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, readTable } from '../../src/engine';

const NUM_RUNS = process.env.CI ? 10_000 : 500;
const DELIMITERS = [',', ';', '\t', '|'] as const;

/** RFC 4180 writing: a cell is quoted (quotes doubled) when it must be, or when `forceQuotes`. */
function writeCell(cell: string, delimiter: string, forceQuotes: boolean): string {
  const mustQuote = cell.includes(delimiter) || /["\r\n]/.test(cell) || cell !== cell.trim();
  return mustQuote || forceQuotes ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function writeCsv(header: string[], rows: string[][], delimiter: string, newline: string, forceQuotes: boolean): string {
  return [header, ...rows].map((row) => row.map((cell) => writeCell(cell, delimiter, forceQuotes)).join(delimiter)).join(newline) + newline;
}

/** Cuts bytes at the given (sorted, deduplicated) positions. */
function cut(bytes: Uint8Array, positions: number[]): Uint8Array[] {
  const at = [...new Set(positions.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...at, bytes.length]) { chunks.push(bytes.subarray(start, p)); start = p; }
  return chunks;
}

const columnName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ ]{0,10}[A-Za-z0-9_]$/);
/** Any text, including delimiters, quotes, newlines and non-ASCII; not ending in a lone CR (a documented limit). */
const cellText = fc.string({ unit: fc.oneof(fc.constantFrom(',', ';', '\t', '|', '"', '\n', '\r', ' ', 'é', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 })
  .filter((s) => !s.endsWith('\r') && !s.includes('\0'));

const table = fc.integer({ min: 2, max: 6 }).chain((width) => fc.record({
  header: fc.uniqueArray(columnName, { minLength: width, maxLength: width }),
  rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
  delimiter: fc.constantFrom(...DELIMITERS),
  newline: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  forceQuotes: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
}));

describe('CSV round trip (property)', () => {
  it('reads back every cell of a random text table written as CSV, in any chunking', () => {
    fc.assert(fc.property(table, ({ header, rows, delimiter, newline, bom, forceQuotes, cuts }) => {
      const text = (bom ? '\uFEFF' : '') + writeCsv(header, rows, delimiter, newline, forceQuotes);
      const reader = new CsvReader({ format: { delimiter, hasHeader: true } });
      const read: string[][] = [];
      for (const chunk of cut(new TextEncoder().encode(text), cuts)) read.push(...reader.push(chunk).rows);
      const last = reader.end();
      read.push(...last.rows);
      expect(reader.fatal).toBeNull();
      expect(reader.header).toEqual(header);
      expect(read).toEqual(rows);
    }), { numRuns: NUM_RUNS });
  });

  const numericTable = fc.integer({ min: 1, max: 5 }).chain((width) => fc.record({
    header: fc.shuffledSubarray(['alpha', 'beta', 'x', 'y', 'z', 'price', 'n_1', 'temp', 'label'], { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(fc.option(fc.float({ noNaN: true, noDefaultInfinity: true }), { freq: 8 }), { minLength: width, maxLength: width }), { minLength: 2, maxLength: 10 }),
    delimiter: fc.constantFrom(...DELIMITERS),
    cuts: fc.array(fc.nat(), { maxLength: 4 }),
  }));

  it('reads back a random numeric table as the same float32 values, detecting the layout itself', () => {
    fc.assert(fc.property(numericTable, ({ header, rows, delimiter, cuts }) => {
      fc.pre(rows.some((row) => row.some((x) => x !== null)));
      const decimalComma = delimiter === ';' && header.length > 1; // one column has no delimiter to tell "1,5" apart from two fields
      // a lone empty cell is a blank line (skipped, as pandas does), so a one-column table writes missing as NA
      const missing = header.length === 1 ? 'NA' : '';
      const cellOf = (x: number | null): string => (x === null ? missing : decimalComma ? String(x).replace('.', ',') : String(x));
      const text = `${header.join(delimiter)}\n${rows.map((row) => row.map(cellOf).join(delimiter)).join('\n')}\n`;
      const result = readTable(cut(new TextEncoder().encode(text), cuts));
      if (!result.ok) throw new Error(`${result.error.message}\n${text}`);
      const { stores, inspection } = result.value;
      expect(inspection.columns.map((c) => c.name)).toEqual(header);
      rows.forEach((row, i) => row.forEach((x, j) => {
        const read = stores[j].number(i);
        if (x === null) expect(read).toBeNaN();
        else expect(read === Math.fround(x)).toBe(true);
      }));
    }), { numRuns: NUM_RUNS });
  });

  it('fails the round trip when a cell is written without the quotes it needs (negative control)', () => {
    const text = 'a,b\n"x,y",1\n';
    const broken = text.replace('"x,y"', 'x,y');
    const read = (csv: string): string[][] => { const r = new CsvReader({ format: { delimiter: ',', hasHeader: true } }); return [...r.push(csv).rows, ...r.end().rows]; };
    expect(read(text)).toEqual([['x,y', '1']]);
    expect(read(broken)).not.toEqual([['x,y', '1']]);
  });
});
