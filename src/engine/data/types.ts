/**
 * The data module's contract (src/engine/data). Pure TypeScript: runs in Node (CLI), the utility
 * process and a Web Worker. Everything here is plain data that can cross a process boundary.
 */

import type { NumberReading } from './cells';

/** An error as a value: what went wrong and where (1-based line and column where known). */
export interface DataError {
  /**
   * File: empty-file, binary-file, compressed-file, zip-file, no-data-rows, no-good-rows, row-too-long, too-many-columns.
   * Row (line set): ragged-row, unterminated-quote, malformed-quote, nul-byte, bad-cell, bad-target.
   * Choices: unknown-target, unknown-column, bad-split, bad-one-hot-cap, bad-seed, empty-target, target-not-numeric,
   * one-class-target, too-many-classes, no-features, no-usable-rows, missing-column, unreadable-column, bad-preprocessing.
   */
  code: string;
  message: string; // one readable sentence: what, where, what to do
  line: number | null;
  column: string | null;
}

export type ColumnKind = 'numeric' | 'categorical' | 'date' | 'constant' | 'identifier' | 'text' | 'empty';

/** What inspection learned about one column. */
export interface ColumnSchema {
  name: string;
  index: number;
  kind: ColumnKind;
  missing: number; // cells that were "", NA, N/A, NaN, null, ? (case-insensitive)
  distinct: number; // distinct non-missing values (capped count)
  /** true when there are more distinct values than the profile counts (distinct is then a lower bound) */
  distinctCapped?: boolean;
  /** cells a person reads as numbers but the column's rule does not ("1,234" where no convention was chosen), with the first of them */
  numberLike?: { count: number; first: { text: string; line: number } };
  /** numeric columns written in a convention of cells.ts NUMBER_READINGS ("1,234.5": comma-thousands) */
  numberReading?: NumberReading;
  /** numeric columns: the first-rows' cells that fit two conventions with different values (the column is not read as numbers) */
  readingProblem?: { why: string; first: { text: string; line: number } };
  /** numeric columns: cells that are an infinity or beyond float32 ("inf", "1e39"), treated as missing values */
  unusableNumbers?: { count: number; first: { text: string; line: number } };
  /** numeric/date: min, max, mean, std; categorical: most frequent values with counts */
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  topValues?: { value: string; count: number }[];
  histogram?: number[]; // mini histogram (≤ 20 bins) for the UI
  /** numeric/date columns: cells that are not numbers/dates (they make their rows bad), and the first one */
  badCells?: number;
  firstBadCell?: { text: string; line: number };
}

export interface CsvFormat {
  encoding: 'utf-8' | 'latin-1' | 'utf-16le' | 'utf-16be';
  hadBom: boolean;
  delimiter: ',' | ';' | '\t' | '|';
  decimalComma: boolean;
  hasHeader: boolean;
}

export interface DataWarning {
  /**
   * latin-1, invalid-utf8, no-header, duplicate-column-name, skipped-rows, constant-column, empty-column, text-column,
   * identifier-column, bad-cells, missing-values, missing-target, high-cardinality, date-column, unscaled-ranges,
   * numbers-as-text, number-reading, unusable-numbers,
   * class-imbalance, tiny-class
   */
  code: string;
  message: string;
  column: string | null;
  /** a one-click fix the UI can offer, as a change to DataChoices and (train) training settings by their table keys */
  fix?: { label: string; changes: Partial<DataChoices>; train?: Record<string, string | number> };
}

export type Task = 'classification' | 'regression';
export type Scaling = 'standard' | 'minmax' | 'none' | 'l2row';
export type Imputation = 'mean' | 'median' | 'mode' | 'drop';

/** What the user chose about the data (all optional in input; filled with defaults by the module). */
export interface DataChoices {
  target: string; // column name; default: last column
  task: Task | 'auto';
  excluded: string[]; // feature columns left out (identifier-like ones are excluded by default)
  scaling: Scaling;
  imputation: Imputation;
  oneHotCap: number; // max categories per column before "other"
  validationFraction: number; // 0..0.9
  testFraction: number; // 0..0.9
  seed: number;
  badRows: 'stop' | 'skip';
}

/**
 * The fitted preprocessing, saved inside the model file: from raw CSV cells (strings) of the named
 * columns to the network's input vector, in a fixed column order. Fitted on training rows only.
 */
export interface Preprocessing {
  version: 1;
  columns: PreprocessedColumn[]; // in input order; each yields one or more inputs
  scaling: Scaling;
  target: { name: string; task: Task; classes: string[] | null; mean?: number; std?: number; numbers?: NumberReading };
  format: Pick<CsvFormat, 'delimiter' | 'decimalComma'>;
}

/** A result as a value: callers never catch, they check `ok`. */
export type DataResult<T> = { ok: true; value: T } | { ok: false; error: DataError };

/** A row the reader could not use, with why. */
export interface BadRow {
  line: number;
  error: DataError;
}

/** What one push of the incremental reader produced: data rows (header excluded) and their 1-based start lines. */
export interface RowBatch {
  rows: string[][];
  lines: number[];
  bad: BadRow[];
}

export type PreprocessedColumn =
  | { name: string; kind: 'numeric'; impute: number; center: number; scale: number; numbers?: NumberReading }
  | { name: string; kind: 'categorical'; impute: string; categories: string[]; other: boolean }
  | { name: string; kind: 'date'; impute: number; parts: ('year' | 'month' | 'day' | 'weekday')[]; center: number[]; scale: number[] };
