/** Reading single cells: missing markers, strict decimal numbers, ISO-like dates. */

/** Cells that mean "missing", compared lower-case after trimming (the ONNX export maps each to NaN). */
export const MISSING_MARKERS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', '?'];
const MISSING_MARKER_SET = new Set(MISSING_MARKERS);

/** The largest magnitude a float32 holds; bigger numbers cannot be stored. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** True for "", NA, N/A, NaN, null and ? (case-insensitive, surrounding spaces ignored). */
export function isMissing(cell: string): boolean {
  if (cell.length === 0) return true;
  const first = cell.charCodeAt(0);
  if (first >= 48 && first <= 57) return false; // starts with a digit: never a marker
  const trimmed = cell.trim();
  return trimmed.length <= 4 && MISSING_MARKER_SET.has(trimmed.toLowerCase());
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS_DOT = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;

/**
 * The number a cell spells in plain decimal notation (no hex, no "Infinity"), or NaN.
 * With a decimal comma "1,5" is 1.5 and "1.234,5" is 1234.5.
 */
export function parseNumber(cell: string, decimalComma = false): number {
  const fast = parsePlainDecimal(cell, decimalComma ? 44 : 46);
  return fast === undefined ? parseNumberSlowly(cell, decimalComma) : fast;
}

/** The full rules (spaces, exponents, thousands dots), by regular expression. */
export function parseNumberSlowly(cell: string, decimalComma: boolean): number {
  const text = cell.charCodeAt(0) === 32 || cell.charCodeAt(cell.length - 1) === 32 ? cell.trim() : cell;
  if (!decimalComma) return DECIMAL.test(text) ? Number(text) : NaN;
  if (DECIMAL_COMMA.test(text)) return Number(text.replace(',', '.'));
  if (THOUSANDS_DOT.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/**
 * Fast path for the common "-12.345" (at most 15 digits, `point` the decimal separator's char code):
 * mantissa / 10^k with both exact in a double, so the one rounding is the same as Number()'s.
 * undefined means "not this simple form: use the full rules".
 */
export function parsePlainDecimal(text: string, point: number): number | undefined {
  const n = text.length;
  let i = 0, sign = 1;
  const first = text.charCodeAt(0);
  if (first === 45) { sign = -1; i = 1; } else if (first === 43) i = 1;
  let mantissa = 0, digits = 0, scale = 1, afterPoint = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (afterPoint) scale *= 10;
    } else if (c === point && !afterPoint) afterPoint = true;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  return (sign * mantissa) / scale;
}

/** A parsed number that a float32 can hold (|x| ≤ 3.4e38). */
export function fitsFloat32(x: number): boolean {
  return x >= -FLOAT32_MAX && x <= FLOAT32_MAX;
}

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since 1970-01-01 UTC for "2024-01-31", "2024/1/31" or "2024-01-31T12:30[:00][Z]", else NaN. */
export function parseDate(cell: string): number {
  const match = ISO_DATE.exec(cell.trim());
  if (!match) return NaN;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : NaN; // rejects 2023-02-30
}

export const DATE_PARTS = ['year', 'month', 'day', 'weekday'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** One calendar part of a date given in ms since 1970 (UTC): year, month 1–12, day 1–31, weekday 0–6 (Sunday 0). */
export function datePart(ms: number, part: DatePart): number {
  const date = new Date(ms);
  switch (part) {
    case 'year': return date.getUTCFullYear();
    case 'month': return date.getUTCMonth() + 1;
    case 'day': return date.getUTCDate();
    case 'weekday': return date.getUTCDay();
  }
}

/** A cell as a category or class label: a number spelled canonically ("1.50" → "1.5"), else the trimmed text. */
export function categoryOf(cell: string, decimalComma = false): string {
  const x = parseNumber(cell, decimalComma);
  return x === x && fitsFloat32(x) ? String(x) : cell.trim();
}
