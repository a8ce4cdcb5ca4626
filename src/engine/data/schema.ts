/** Column kinds from streaming profiles: numeric, categorical, date, constant, identifier, text, empty. */
import { PROFILE_LIMITS, type ColumnProfile } from './profile';
import type { ColumnKind, ColumnSchema } from './types';

/** Share of non-missing cells that must parse for a column to count as numeric or date; the rest are bad cells. */
export const KIND_THRESHOLD = 0.95;
/** Unique values in at least this many rows make a text column an identifier. */
const MIN_IDENTIFIER_ROWS = 20;

/** The kind of a column from its profile. */
export function inferKind(p: ColumnProfile): ColumnKind {
  if (p.nonMissing === 0) return 'empty';
  if (!p.tallyOverflowed && p.distinct === 1) return 'constant';
  if (p.numeric >= KIND_THRESHOLD * p.nonMissing) {
    return p.increasing && p.numeric >= MIN_IDENTIFIER_ROWS && p.numeric === p.nonMissing ? 'identifier' : 'numeric';
  }
  if (p.dates >= KIND_THRESHOLD * p.nonMissing) return 'date';
  if (p.allValuesUnique && p.nonMissing >= MIN_IDENTIFIER_ROWS) return 'identifier';
  return p.tallyOverflowed ? 'text' : 'categorical';
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
  if (p.numberLike > 0 && p.firstNumberLike && kind !== 'numeric' && p.numeric + p.numberLike >= KIND_THRESHOLD * p.nonMissing) {
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
