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

/**
 * The number conventions a column may be written in (the one rules table: the engine, the JS and the Python
 * runtimes read it). `decimal` is the decimal mark; `group` the thousands separator ("" none; " " also
 * matches a no-break or narrow no-break space). A column gets one of these when its sample reads
 * unambiguously that way (number-readings.ts); without one, the file's decimal point or comma applies.
 */
export const NUMBER_READINGS = {
  'decimal-comma': { decimal: ',', group: '', example: '1234,5' },
  'comma-thousands': { decimal: '.', group: ',', example: '1,234.5' },
  'dot-thousands': { decimal: ',', group: '.', example: '1.234,5' },
  'space-thousands': { decimal: '.', group: ' ', example: '1 234.5' },
  'space-thousands-decimal-comma': { decimal: ',', group: ' ', example: '1 234,5' },
  'apostrophe-thousands': { decimal: '.', group: "'", example: "1'234.5" },
} as const;
export type NumberReading = keyof typeof NUMBER_READINGS;
export const NUMBER_READING_NAMES = Object.keys(NUMBER_READINGS) as NumberReading[];

/** Spellings of an infinity ("inf", "-Infinity", any case): a number the network cannot use. */
export const INFINITY_SPELLING = /^\s*[+-]?inf(?:inity)?\s*$/i;

/** A separator as a regular-expression character class: a space also stands for a no-break or narrow no-break space. */
const charClass = (ch: string): string => (ch === ' ' ? '[ \u00a0\u202f]' : `[${ch}]`);
const readingPatterns = new Map(NUMBER_READING_NAMES.map((name) => {
  const { decimal, group } = NUMBER_READINGS[name];
  const d = charClass(decimal);
  return [name, {
    grouped: group ? new RegExp(`^[+-]?\\d{1,3}(?:${charClass(group)}\\d{3})+(?:${d}\\d*)?$`) : null,
    groups: group ? new RegExp(charClass(group), 'g') : null,
    plain: new RegExp(`^[+-]?(?:\\d+${d}?\\d*|${d}\\d+)(?:[eE][+-]?\\d+)?$`),
    decimal,
  }];
}));

/** The number a cell spells in a column's convention: "1,234.5" with comma-thousands is 1234.5; NaN when it does not fit. */
export function parseNumberAs(cell: string, reading: NumberReading): number {
  const text = cell.trim();
  const rule = readingPatterns.get(reading)!;
  if (rule.grouped?.test(text)) return Number(text.replace(rule.groups!, '').replace(rule.decimal, '.'));
  return rule.plain.test(text) ? Number(text.replace(rule.decimal, '.')) : NaN;
}

/** How a column's cells are read: its convention when it has one, else the file's decimal point or comma. */
export type NumberRule = { decimalComma: boolean; reading?: NumberReading };

/**
 * A cell as a number under a column's rule: the value when it fits float32, ±Infinity for an infinity
 * or a number beyond ±3.4e38 (unusable: numeric columns treat it as missing), NaN when not a number.
 */
export function readNumber(cell: string, rule: NumberRule): number {
  const x = rule.reading ? parseNumberAs(cell, rule.reading) : parseNumber(cell, rule.decimalComma);
  if (x === x) return fitsFloat32(x) ? x : x > 0 ? Infinity : -Infinity;
  if (!INFINITY_SPELLING.test(cell)) return NaN;
  return cell.trim().startsWith('-') ? -Infinity : Infinity;
}

/** ±Infinity from readNumber: a number the network cannot use, treated as a missing value in numeric columns. */
export function isUnusableNumber(x: number): boolean {
  return x === Infinity || x === -Infinity;
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

/**
 * A cell as a category or class label: a number spelled canonically ("1.50" → "1.5"; "1,000" → "1000" under
 * a comma-thousands rule), else the trimmed text. `rule`: the file's decimal comma, or a column's rule.
 */
export function categoryOf(cell: string, rule: boolean | NumberRule = false): string {
  const x = readNumber(cell, typeof rule === 'boolean' ? { decimalComma: rule } : rule);
  return x === x && !isUnusableNumber(x) ? String(x) : cell.trim();
}
