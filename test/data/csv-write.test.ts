/** The one CSV cell writer (src/engine/data/csv-write.ts), shared by the CLI's predict and the engine host's predictCsv. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/engine/data/csv-write';

describe('writing CSV cells', () => {
  it('escapes cells a spreadsheet would run as formulas', () => {
    expect(['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+2", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", "\"'\rx\""]);
  });

  it('leaves numbers, including negative ones, and plain text alone', () => {
    expect(['-1.5', '+2', '1e-3', 'setosa', ''].map(csvCell)).toEqual(['-1.5', '+2', '1e-3', 'setosa', '']);
  });

  it('quotes delimiters, quotes, newlines and outer spaces', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', ' pad'])).toBe('"a,b","say ""hi""","x\ny"," pad"\n');
  });

  it('writes a line that reads back as the same cells once the apostrophes are dropped', () => {
    const cells = ['=HYPERLINK("x")', 'a,b', '-7', 'plain'];
    const line = csvLine(cells);
    expect(line).toBe('"\'=HYPERLINK(""x"")","a,b",-7,plain\n');
    expect(line).not.toBe(`${cells.join(',')}\n`); // negative control: the raw join would run a formula
  });
});
