/** Raw CSV cells → network inputs with a saved Preprocessing, and network outputs → labels or values. */
import { shownCell } from './shown-text';
import { argmaxRows } from '../evaluate';
import { NUMBER_READINGS, categoryOf, isMissing, isUnusableNumber, parseDate, readNumber, type NumberReading, type NumberRule } from './cells';
import { cellNumber } from './column-store';
import { FeatureEncoder } from './encoder';
import type { DataError, DataResult, Preprocessing } from './types';

export interface TransformOptions {
  /** Decimal comma in these cells (default: the training file's). */
  decimalComma?: boolean;
  /** 1-based file lines of the rows, for messages (default: "row N" counting from 1). */
  lines?: ArrayLike<number>;
}

/** Why a cell of a numeric column is not a number (an infinity or a number beyond float32 is read as missing instead). */
export function describeBadNumber(cell: string, rule: NumberRule | boolean): string {
  const shown = shownCell(cell);
  if (/^\s*[+-]?0x[0-9a-f]+\s*$/i.test(cell)) return `${shown} is not a decimal number (hexadecimal is not read)`;
  const reading = typeof rule === 'boolean' ? undefined : rule.reading;
  return reading ? `${shown} is not a number written like ${NUMBER_READINGS[reading].example}` : `${shown} is not a number`;
}

/** A column's number rule: its recorded convention, else the file's decimal mark (older model files). */
export function ruleOf(numbers: NumberReading | undefined, decimalComma: boolean): NumberRule {
  return numbers ? { decimalComma, reading: numbers } : { decimalComma };
}

const where = (options: TransformOptions, i: number): { line: number | null; text: string } =>
  options.lines ? { line: options.lines[i], text: `line ${options.lines[i]}` } : { line: null, text: `row ${i + 1}` };

/** Features [rows × inputSize] for rows of cells laid out as `header`; an error names the row and column. */
export function transformCells(pre: Preprocessing, header: string[], rows: string[][], options: TransformOptions = {}): DataResult<Float32Array> {
  const columnAt = new Map(header.map((name, j) => [name, j]));
  const missing = pre.columns.find((c) => !columnAt.has(c.name));
  if (missing) return { ok: false, error: { code: 'missing-column', message: `there is no column "${missing.name}", which the model needs`, line: null, column: missing.name } };
  const sources = pre.columns.map((c) => columnAt.get(c.name)!);
  return encodeRows(pre, rows.length, (i, c) => rows[i][sources[c]], options);
}

/** Features for rows given as {column name: raw cell}; an absent column counts as a missing value. */
export function transformRows(pre: Preprocessing, rows: Record<string, string>[], options: TransformOptions = {}): DataResult<Float32Array> {
  const names = pre.columns.map((c) => c.name);
  return encodeRows(pre, rows.length, (i, c) => (Object.hasOwn(rows[i], names[c]) ? String(rows[i][names[c]]) : ''), options);
}

function encodeRows(pre: Preprocessing, rowCount: number, cellAt: (row: number, column: number) => string, options: TransformOptions): DataResult<Float32Array> {
  const encoder = new FeatureEncoder(pre);
  const decimalComma = options.decimalComma ?? pre.format.decimalComma;
  const out = new Float32Array(rowCount * encoder.inputSize);
  for (let i = 0; i < rowCount; i++) {
    const rowStart = i * encoder.inputSize;
    for (let c = 0; c < pre.columns.length; c++) {
      const error = encodeCell(encoder, c, cellAt(i, c) ?? '', out, rowStart, decimalComma);
      if (error) {
        const at = where(options, i);
        return { ok: false, error: { code: 'bad-cell', message: `column "${pre.columns[c].name}" ${at.text}: ${error}`, line: at.line, column: pre.columns[c].name } };
      }
    }
    encoder.finishRow(out, rowStart);
  }
  return { ok: true, value: out };
}

/** Writes one cell's inputs; returns why the cell is unusable, or null. */
function encodeCell(encoder: FeatureEncoder, c: number, cell: string, out: Float32Array, rowStart: number, decimalComma: boolean): string | null {
  const column = encoder.pre.columns[c];
  const missing = isMissing(cell);
  switch (column.kind) {
    case 'numeric': {
      const rule = ruleOf(column.numbers, decimalComma);
      const x = missing ? NaN : readNumber(cell, rule);
      if (!missing && x !== x) return describeBadNumber(cell, rule);
      encoder.writeNumber(c, isUnusableNumber(x) ? NaN : Math.fround(x), out, rowStart); // ∞ and beyond float32: missing, imputed
      return null;
    }
    case 'categorical':
      encoder.writeCategory(c, missing ? -2 : encoder.indexOfCategory(c, categoryOf(cell, decimalComma)), out, rowStart);
      return null;
    case 'date': {
      const ms = missing ? NaN : parseDate(cell);
      if (!missing && ms !== ms) return `${shownCell(cell)} is not a date (expected like 2024-01-31)`;
      encoder.writeDate(c, ms, out, rowStart);
      return null;
    }
  }
}

/** Target cells → class indices (classification) or standardized values (regression), for evaluation. */
export function encodeTargets(pre: Preprocessing, cells: string[], options: TransformOptions = {}): DataResult<Float32Array> {
  const out = new Float32Array(cells.length);
  const classIndex = pre.target.classes ? new Map(pre.target.classes.map((label, k) => [label, k])) : null;
  const decimalComma = options.decimalComma ?? pre.format.decimalComma;
  const rule = ruleOf(pre.target.numbers, decimalComma);
  for (let i = 0; i < cells.length; i++) {
    const value = classIndex ? classIndex.get(categoryOf(cells[i], rule)) ?? NaN : standardizeTarget(pre, cellNumber(cells[i], rule));
    if (value !== value) {
      const at = where(options, i);
      const why = classIndex ? `${shownCell(cells[i])} is not one of the model's classes` : describeBadNumber(cells[i], rule);
      return { ok: false, error: { code: 'bad-target', message: `column "${pre.target.name}" ${at.text}: ${why}`, line: at.line, column: pre.target.name } } satisfies { ok: false; error: DataError };
    }
    out[i] = value;
  }
  return { ok: true, value: out };
}

/** A class label as stored: trimmed text, or the canonical spelling of a number ("1.0" → "1"). */
export function canonicalLabel(cell: string, decimalComma: boolean): string {
  return categoryOf(cell, decimalComma);
}

/** Regression target y → (y − mean)/std as the network learns it. */
export function standardizeTarget(pre: Preprocessing, y: number): number {
  return (y - (pre.target.mean ?? 0)) / (pre.target.std ?? 1);
}

/** Network value z → z·std + mean in the target's own units. */
export function destandardizeTarget(pre: Preprocessing, z: number): number {
  return z * (pre.target.std ?? 1) + (pre.target.mean ?? 0);
}

export type DecodedOutputs =
  | { task: 'classification'; labels: string[] | null; classIndex: Int32Array; confidence: Float32Array }
  | { task: 'regression'; values: Float64Array };

/**
 * Network outputs [rows × outputs] → labels or values in the target's units: classification takes the argmax
 * class c = argmaxₖ pₖ (its name, when the model names its classes; its probability as confidence), regression
 * z·std + mean.
 */
export function decodeOutputs(pre: Preprocessing, outputs: Float32Array, rows: number): DecodedOutputs {
  if (pre.target.task !== 'classification') return { task: 'regression', values: Float64Array.from({ length: rows }, (_, i) => destandardizeTarget(pre, outputs[i])) };
  const k = rows > 0 ? outputs.length / rows : 0;
  const classIndex = argmaxRows(outputs, rows, k);
  const confidence = Float32Array.from(classIndex, (c, i) => outputs[i * k + c]);
  const classes = pre.target.classes;
  return { task: 'classification', labels: classes ? Array.from(classIndex, (c) => classes[c]) : null, classIndex, confidence };
}

/** One row's prediction: the argmax class's name (null for regression or unnamed classes) and its outputs in the target's units. */
export interface RowPrediction { label: string | null; outputs: number[] }

/** decodeOutputs row by row: each row's class probabilities p₁…pₖ with the argmax's name, or [z·std + mean]. */
export function decodeRows(pre: Preprocessing, outputs: Float32Array, rows: number): RowPrediction[] {
  const decoded = decodeOutputs(pre, outputs, rows);
  if (decoded.task === 'regression') return Array.from(decoded.values, (value) => ({ label: null, outputs: [value] }));
  const k = rows > 0 ? outputs.length / rows : 0;
  return Array.from(decoded.classIndex, (_, i) => ({ label: decoded.labels?.[i] ?? null, outputs: Array.from(outputs.subarray(i * k, (i + 1) * k)) }));
}

/** Regression targets as the network saw them → the target's own units. */
export function decodeTargets(pre: Preprocessing, targets: Float32Array): Float64Array {
  return Float64Array.from(targets, (z) => destandardizeTarget(pre, z));
}
