/** Column kinds from streaming profiles: numeric, categorical, date, constant, identifier, text, empty. */
import { PROFILE_LIMITS, type ColumnProfile } from './profile';
import type { ColumnKind, ColumnSchema } from './types';

/** Share of non-missing cells that must parse for a column to count as numeric or date; the rest are bad cells. */
export const KIND_THRESHOLD = 0.95;
/** Unique values in at least this many rows make a text column an identifier. */
const MIN_IDENTIFIER_ROWS = 20;
/** Past the distinct cap, a column whose sample has at least this share of distinct values is free text or ids. */
export const ID_LIKE_SHARE = 0.9;

/** Numbers (with unusable ones such as "inf", read as missing) make at least KIND_THRESHOLD of the cells. */
export function isNumericProfile(p: ColumnProfile): boolean {
  return p.numeric > 0 && p.numeric + p.unusable >= KIND_THRESHOLD * p.nonMissing;
}

/**
 * The kind of a column from its profile. Past the distinct cap the count is a lower bound, so a text
 * column is judged by the share of distinct values in the cells read until then: near one per row is
 * free text or ids ('text'), fewer is a category with many levels.
 */
export function inferKind(p: ColumnProfile): ColumnKind {
  if (p.nonMissing === 0) return 'empty';
  if (!p.tallyOverflowed && p.distinct === 1) return 'constant';
  if (isNumericProfile(p)) {
    return p.increasing && p.numeric >= MIN_IDENTIFIER_ROWS && p.numeric === p.nonMissing ? 'identifier' : 'numeric';
  }
  if (p.dates >= KIND_THRESHOLD * p.nonMissing) return 'date';
  if (p.tallyOverflowed) return p.distinctShare >= ID_LIKE_SHARE ? 'text' : 'categorical';
  return p.allValuesUnique && p.nonMissing >= MIN_IDENTIFIER_ROWS ? 'identifier' : 'categorical';
}

/** The schema the UI shows for one column. */
export function columnSchema(name: string, index: number, p: ColumnProfile): ColumnSchema {
  const kind = inferKind(p);
  const schema: ColumnSchema = { name, index, kind, missing: p.missing, distinct: p.distinct };
  if (kind === 'numeric' && p.count > 0) {
    Object.assign(schema, { min: p.min, max: p.max, mean: p.mean, std: p.std, histogram: p.histogram() });
  } else if (kind === 'date') {
    Object.assign(schema, { min: p.dateMin, max: p.dateMax });
  }
  if (kind !== 'numeric' || p.distinct <= PROFILE_LIMITS.topValues) schema.topValues = p.topValues();
  if (p.tallyOverflowed) schema.distinctCapped = true;
  if (kind === 'numeric' && p.rule.reading) schema.numberReading = p.rule.reading;
  if (kind === 'numeric' && p.unusable > 0 && p.firstUnusable) schema.unusableNumbers = { count: p.unusable, first: { text: p.firstUnusable.text.slice(0, 200), line: p.firstUnusable.line } };
  if (p.numberLike > 0 && p.firstNumberLike && kind !== 'numeric' && p.numeric + p.numberLike + p.unusable >= KIND_THRESHOLD * p.nonMissing) {
    schema.numberLike = { count: p.numberLike, first: { text: p.firstNumberLike.text.slice(0, 200), line: p.firstNumberLike.line } };
  }
  const bad = badCellCount(p, kind);
  const example = kind === 'numeric' ? p.firstNonNumeric : p.firstNonDate;
  if (bad > 0 && example) Object.assign(schema, { badCells: bad, firstBadCell: { text: example.text.slice(0, 200), line: example.line } });
  return schema;
}

/** Cells of a numeric (or date) column that are not numbers (or dates): they make their rows bad. */
export function badCellCount(p: ColumnProfile, kind: ColumnKind): number {
  if (kind === 'numeric') return p.nonNumeric;
  if (kind === 'date') return p.nonMissing - p.dates;
  return 0;
}
