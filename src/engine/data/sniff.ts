/** Guessing a CSV's layout from a sample of its text: newline, delimiter, decimal comma, header row. */
import { isMissing, parseNumber } from './cells';
import type { CsvFormat } from './types';

export type Newline = '\n' | '\r\n' | '\r';
export type Delimiter = CsvFormat['delimiter'];

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** The newline of the first line break outside quotes: "\r\n", "\n", or a lone "\r" (old Mac files). */
export function detectNewline(text: string): Newline {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '\n') return '\n';
    else if (!inQuotes && c === '\r') return text[i + 1] === '\n' ? '\r\n' : i + 1 < text.length ? '\r' : '\n';
  }
  return '\n';
}

/** Per line (outside quotes), how many times each candidate delimiter occurs, for up to `maxLines` lines. */
function delimiterCounts(text: string, maxLines: number): number[][] {
  const counts: number[][] = [];
  let current = DELIMITERS.map(() => 0), inQuotes = false, lineHasText = false;
  for (let i = 0; i < text.length && counts.length < maxLines; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (lineHasText) counts.push(current);
      current = DELIMITERS.map(() => 0);
      lineHasText = false;
      continue;
    } else if (!inQuotes) {
      const d = DELIMITERS.indexOf(c as Delimiter);
      if (d >= 0) current[d]++;
    }
    lineHasText = true;
  }
  if (lineHasText && counts.length < maxLines) counts.push(current);
  return counts;
}

/** The most frequent value and the share of lines that have it. */
function modeOf(values: number[]): { value: number; share: number } {
  const tally = new Map<number, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  let best = 0, bestCount = 0;
  for (const [value, count] of tally) if (count > bestCount || (count === bestCount && value > best)) { best = value; bestCount = count; }
  return { value: best, share: bestCount / Math.max(1, values.length) };
}

/**
 * The delimiter that splits the sample's lines into the same number (≥ 1) of extra fields most consistently;
 * ";" wins over "," when both are consistent (decimal commas). A file of one column gets ",".
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = delimiterCounts(text, 200);
  const scored = DELIMITERS.map((delimiter, d) => ({ delimiter, ...modeOf(lines.map((line) => line[d])) }))
    .filter((s) => s.value >= 1 && s.share >= 0.9);
  if (scored.length === 0) return ',';
  const semicolon = scored.find((s) => s.delimiter === ';');
  if (semicolon && scored.some((s) => s.delimiter === ',')) return ';';
  scored.sort((a, b) => b.share - a.share || b.value - a.value);
  return scored[0].delimiter;
}

const COMMA_NUMBER = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;
const DOT_NUMBER = /^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/;

/** Decimal comma: the delimiter is not "," and cells like "1,5" outnumber cells like "1.5". */
export function detectDecimalComma(rows: string[][], delimiter: Delimiter): boolean {
  if (delimiter === ',') return false;
  let comma = 0, dot = 0;
  for (const row of rows) {
    for (const cell of row) {
      const t = cell.trim();
      if (COMMA_NUMBER.test(t)) comma++;
      else if (DOT_NUMBER.test(t)) dot++;
    }
  }
  return comma > 0 && comma >= dot;
}

/**
 * Header when the first row holds no number and either some column below it is mostly numeric or
 * none of its cells recurs further down its column.
 */
export function detectHeader(rows: string[][], decimalComma: boolean): boolean {
  if (rows.length === 0) return false;
  const [first, ...rest] = rows;
  const isNumber = (cell: string): boolean => !Number.isNaN(parseNumber(cell, decimalComma));
  if (first.some((cell) => isNumber(cell))) return false;
  if (rest.length === 0) return first.some((cell) => cell.trim() !== '');
  const columnBelowIsNumeric = first.some((_, j) => {
    const below = rest.map((row) => row[j] ?? '').filter((cell) => !isMissing(cell));
    return below.length > 0 && below.filter(isNumber).length >= 0.8 * below.length;
  });
  if (columnBelowIsNumeric) return true;
  return first.every((cell, j) => !rest.some((row) => row[j] === cell));
}
