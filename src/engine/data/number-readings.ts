/**
 * Choosing each column's number convention (cells.ts NUMBER_READINGS) from the file's first rows, as the
 * decimal comma is chosen: a column whose every numeric-looking cell that the file's plain rule does not
 * read fits one convention, and whose plain cells do not contradict it, is read that way; cells that fit
 * two conventions with different values ("1,234": 1234 or 1.234) leave the column as it is, with a note,
 * unless the file is comma-separated (a decimal-point locale's export: the comma groups thousands).
 */
import { INFINITY_SPELLING, NUMBER_READINGS, NUMBER_READING_NAMES, isMissing, parseNumber, parseNumberAs, type NumberReading } from './cells';
import { KIND_THRESHOLD } from './schema';
import type { CsvFormat } from './types';

/** A column's chosen convention with the first cell that showed it, or why none could be chosen. */
export type ReadingChoice =
  | { reading: NumberReading; example: { text: string; line: number } }
  | { reading: null; ambiguous: string; example: { text: string; line: number } };

/** Readings in the order they are preferred when several fit every cell with the same values (no thousands separator first). */
const PREFERENCE: NumberReading[] = ['decimal-comma', 'comma-thousands', 'dot-thousands', 'space-thousands', 'space-thousands-decimal-comma', 'apostrophe-thousands'];

/** Starts like a number ("-1", ",5", " 12"): only such cells are tried against the readings (a wide text file stays cheap). */
const NUMBER_START = /^\s*[+-]?[\d.,]/;

/** The readings a cell fits, as a bit mask over NUMBER_READING_NAMES. */
function fitMask(cell: string): number {
  if (!NUMBER_START.test(cell)) return 0;
  let mask = 0;
  NUMBER_READING_NAMES.forEach((name, bit) => { if (!Number.isNaN(parseNumberAs(cell, name))) mask |= 1 << bit; });
  return mask;
}

const bitOf = (name: NumberReading): number => 1 << NUMBER_READING_NAMES.indexOf(name);

/** What the sample says about one column: cells the plain rule reads (and whether one has a decimal mark), and the others' fits. */
interface ColumnEvidence {
  plain: number;
  plainWithPoint: number; // plain cells with the file's decimal mark ("12.5" in a decimal-point file)
  fits: number; // AND of the fit masks of the other numeric-looking cells
  fitting: number;
  other: number; // cells that are no number in any convention
  first: { text: string; line: number } | null;
}

function evidenceOf(cells: string[], lines: number[], decimalComma: boolean): ColumnEvidence {
  const evidence: ColumnEvidence = { plain: 0, plainWithPoint: 0, fits: -1, fitting: 0, other: 0, first: null };
  const point = decimalComma ? ',' : '.';
  cells.forEach((cell, i) => {
    if (isMissing(cell) || INFINITY_SPELLING.test(cell)) return;
    if (!Number.isNaN(parseNumber(cell, decimalComma))) {
      evidence.plain++;
      if (cell.includes(point)) evidence.plainWithPoint++;
      return;
    }
    const mask = fitMask(cell);
    if (mask === 0) { evidence.other++; return; }
    evidence.fits &= mask;
    evidence.fitting++;
    evidence.first ??= { text: cell.trim(), line: lines[i] };
  });
  return evidence;
}

/**
 * The convention of one column from its sample cells (and their lines), or null when the plain rule reads
 * the column (or it is not numeric). A decimal mark other than the file's is refused when a plain cell uses
 * the file's ("12.5" beside "1,5" in a decimal-point file).
 */
export function chooseReading(cells: string[], lines: number[], { decimalComma, delimiter }: Pick<CsvFormat, 'decimalComma' | 'delimiter'>): ReadingChoice | null {
  const e = evidenceOf(cells, lines, decimalComma);
  if (e.fitting === 0 || !e.first) return null;
  if (e.plain + e.fitting < KIND_THRESHOLD * (e.plain + e.fitting + e.other)) return null;
  const fileMark = decimalComma ? ',' : '.';
  const candidates = PREFERENCE.filter((name) => (e.fits & bitOf(name)) !== 0 && (NUMBER_READINGS[name].decimal === fileMark || e.plainWithPoint === 0));
  if (candidates.length === 0) {
    return { reading: null, example: e.first, ambiguous: 'its cells mix number conventions (thousands separators and decimal marks that no one convention reads)' };
  }
  if (candidates.includes('comma-thousands') && candidates.includes('decimal-comma')) {
    if (delimiter === ',') return { reading: 'comma-thousands', example: e.first }; // a comma-separated file comes from a decimal-point locale
    const [grouped, decimal] = [parseNumberAs(e.first.text, 'comma-thousands'), parseNumberAs(e.first.text, 'decimal-comma')];
    return { reading: null, example: e.first, ambiguous: `it could be ${grouped} (a thousands comma) or ${decimal} (a decimal comma), and no cell in the first rows tells which` };
  }
  const sameMark = candidates.find((name) => NUMBER_READINGS[name].decimal === fileMark && NUMBER_READINGS[name].group === ' ');
  return { reading: sameMark ?? candidates[0], example: e.first };
}

/** Each column's choice from the sample rows (their 1-based lines), by column index. */
export function chooseReadings(rows: string[][], lines: number[], width: number, format: Pick<CsvFormat, 'decimalComma' | 'delimiter'>): (ReadingChoice | null)[] {
  return Array.from({ length: width }, (_, j) => chooseReading(rows.map((row) => row[j] ?? ''), lines, format));
}
