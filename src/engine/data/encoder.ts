/**
 * From parsed cell values to network inputs under a fitted Preprocessing: numeric x → (x − center)/scale,
 * categories → one-hot (unseen → "other"), dates → scaled calendar parts, then (l2row) x / ‖x‖₂.
 */
import { datePart } from './cells';
import type { PreprocessedColumn, Preprocessing } from './types';

/** How many network inputs a preprocessed column yields. */
export function inputWidth(column: PreprocessedColumn): number {
  switch (column.kind) {
    case 'numeric': return 1;
    case 'categorical': return column.categories.length + (column.other ? 1 : 0);
    case 'date': return column.parts.length;
  }
}

/** How many network inputs a whole Preprocessing yields: Σ inputWidth(column). */
export function preprocessedWidth(pre: Preprocessing): number {
  return pre.columns.reduce((n, column) => n + inputWidth(column), 0);
}

/** Names of the network's inputs: "age", "city=Paris", "city=other", "when.month". */
export function featureNames(pre: Preprocessing): string[] {
  return pre.columns.flatMap((c) => {
    switch (c.kind) {
      case 'numeric': return [c.name];
      case 'categorical': return [...c.categories.map((v) => `${c.name}=${v}`), ...(c.other ? [`${c.name}=other`] : [])];
      case 'date': return c.parts.map((p) => `${c.name}.${p}`);
    }
  });
}

/** Writes one row's network inputs, column by column, under a fitted Preprocessing. */
export class FeatureEncoder {
  readonly pre: Preprocessing;
  readonly inputSize: number;
  /** where each column's inputs start in a row */
  readonly offsets: number[];
  private readonly categoryIndex: (Map<string, number> | null)[];

  constructor(pre: Preprocessing) {
    this.pre = pre;
    this.offsets = [];
    let offset = 0;
    for (const column of pre.columns) { this.offsets.push(offset); offset += inputWidth(column); }
    this.inputSize = offset;
    this.categoryIndex = pre.columns.map((c) => (c.kind === 'categorical' ? new Map(c.categories.map((v, i) => [v, i])) : null));
  }

  /** Position of a category in column c's list; −1 when unseen in training. */
  indexOfCategory(c: number, category: string): number {
    return this.categoryIndex[c]!.get(category) ?? -1;
  }

  /** Numeric column c: out = (x − center)/scale, x NaN (missing) → the imputed value. */
  writeNumber(c: number, x: number, out: Float32Array, rowStart: number): void {
    const column = this.pre.columns[c] as Extract<PreprocessedColumn, { kind: 'numeric' }>;
    const value = x === x ? x : column.impute;
    out[rowStart + this.offsets[c]] = (value - column.center) / column.scale;
  }

  /** Categorical column c: one-hot of the category at `index` (−1 unseen → "other" or all zeros; −2 missing → imputed). */
  writeCategory(c: number, index: number, out: Float32Array, rowStart: number): void {
    const column = this.pre.columns[c] as Extract<PreprocessedColumn, { kind: 'categorical' }>;
    const at = rowStart + this.offsets[c];
    const width = inputWidth(column);
    for (let k = 0; k < width; k++) out[at + k] = 0;
    const resolved = index === -2 ? this.indexOfCategory(c, column.impute) : index;
    if (resolved >= 0) out[at + resolved] = 1;
    else if (column.other) out[at + column.categories.length] = 1;
  }

  /** Date column c: each part p → (part(ms) − center_p)/scale_p; ms NaN (missing) → the imputed date. */
  writeDate(c: number, ms: number, out: Float32Array, rowStart: number): void {
    const column = this.pre.columns[c] as Extract<PreprocessedColumn, { kind: 'date' }>;
    const value = ms === ms ? ms : column.impute;
    const at = rowStart + this.offsets[c];
    column.parts.forEach((part, k) => { out[at + k] = (datePart(value, part) - column.center[k]) / column.scale[k]; });
  }

  /** l2row scaling: the row divided by its L2 norm (a zero row stays zero). */
  finishRow(out: Float32Array, rowStart: number): void {
    if (this.pre.scaling !== 'l2row') return;
    let sumSquares = 0;
    for (let j = 0; j < this.inputSize; j++) sumSquares += out[rowStart + j] ** 2;
    const norm = Math.sqrt(sumSquares);
    if (norm > 0) for (let j = 0; j < this.inputSize; j++) out[rowStart + j] /= norm;
  }
}
