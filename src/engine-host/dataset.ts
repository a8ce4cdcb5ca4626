/**
 * The engine host's one adapter to the data module (src/engine/data): every call site that reads a
 * CSV, prepares splits or transforms rows for prediction goes through here, so switching the data
 * module's API touches this file only.
 *
 * TEMPORARY: until src/engine/data/index.ts lands, a trivial reader stands in (comma-separated,
 * header row, numeric features, last column the target). It is not the product's CSV parser.
 */
import { Random, type Dataset } from '../engine';
import type { DataError, Preprocessing } from '../engine/data/types';
import type { DataChoicesMessage, DatasetInfo } from '../shared/protocol';

/** A data problem as a value that the host turns into an `error` event. */
export class DataProblem extends Error {
  constructor(readonly error: DataError) {
    super(error.message);
    this.name = 'DataProblem';
  }
}

export interface PreparedData {
  info: DatasetInfo;
  train: Dataset;
  validation: Dataset | null;
  test: Dataset | null;
  preprocessing: Preprocessing;
}

export const defaultChoices: Required<DataChoicesMessage> = {
  target: '', task: 'auto', excluded: [], scaling: 'standard', imputation: 'mean', oneHotCap: 50,
  validationFraction: 0.15, testFraction: 0.15, seed: 1, badRows: 'stop',
};

/** UTF-8 text of a CSV's bytes (BOM dropped). */
export function decodeCsv(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Header and rows of raw cells. */
export function readCsvRows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (lines.length === 0) throw new DataProblem({ code: 'empty-file', message: 'the file is empty: choose a CSV with a header row and data rows', line: null, column: null });
  const header = lines[0].split(',').map((cell) => cell.trim());
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length !== header.length) {
      throw new DataProblem({ code: 'ragged-row', message: `line ${i + 2} has ${cells.length} fields, the header has ${header.length}`, line: i + 2, column: null });
    }
    return cells;
  });
  return { header, rows };
}

/** Inspects and prepares a CSV's text: train/validation/test datasets, the fitted preprocessing and what the UI shows. */
export function prepareFromText(name: string, text: string, requested: DataChoicesMessage = {}): PreparedData {
  const { header, rows } = readCsvRows(text);
  if (rows.length < 2) throw new DataProblem({ code: 'too-few-rows', message: `${name} has ${rows.length} data rows; at least 2 are needed`, line: null, column: null });
  const choices: Required<DataChoicesMessage> = { ...defaultChoices, ...requested, target: requested.target || header[header.length - 1] };
  const targetIndex = header.indexOf(choices.target);
  if (targetIndex < 0) throw new DataProblem({ code: 'no-target', message: `there is no column "${choices.target}"`, line: null, column: choices.target });
  const isNumber = (cell: string): boolean => cell !== '' && Number.isFinite(Number(cell));
  const featureIndexes = header.map((_, c) => c).filter((c) => c !== targetIndex && !choices.excluded.includes(header[c]));
  for (const c of featureIndexes) {
    const bad = rows.findIndex((row) => !isNumber(row[c]));
    if (bad >= 0) throw new DataProblem({ code: 'not-a-number', message: `column "${header[c]}" line ${bad + 2}: "${rows[bad][c]}" is not a number`, line: bad + 2, column: header[c] });
  }
  const targetCells = rows.map((row) => row[targetIndex]);
  const numericTarget = targetCells.every(isNumber);
  const distinct = [...new Set(targetCells)];
  const task = choices.task !== 'auto' ? choices.task : numericTarget && distinct.length > 20 ? 'regression' : 'classification';
  const classes = task === 'classification' ? distinct.sort((a, b) => (numericTarget ? Number(a) - Number(b) : a.localeCompare(b))) : null;

  const order = Uint32Array.from(rows, (_, i) => i);
  new Random(choices.seed).shuffle(order);
  const testRows = Math.floor(rows.length * choices.testFraction);
  const validationRows = Math.floor(rows.length * choices.validationFraction);
  const trainIndexes = order.subarray(testRows + validationRows);

  const columns = featureIndexes.map((c) => {
    const values = Array.from(trainIndexes, (r) => Number(rows[r][c]));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
    return { name: header[c], kind: 'numeric' as const, impute: mean, center: choices.scaling === 'none' ? 0 : mean, scale: choices.scaling === 'none' ? 1 : std };
  });
  const targetValues = task === 'regression' ? Array.from(trainIndexes, (r) => Number(targetCells[r])) : [];
  const targetMean = targetValues.reduce((a, b) => a + b, 0) / Math.max(1, targetValues.length);
  const targetStd = Math.sqrt(targetValues.reduce((a, b) => a + (b - targetMean) ** 2, 0) / Math.max(1, targetValues.length)) || 1;
  const preprocessing: Preprocessing = {
    version: 1, columns, scaling: choices.scaling,
    target: task === 'regression' ? { name: choices.target, task, classes: null, mean: targetMean, std: targetStd } : { name: choices.target, task, classes },
    format: { delimiter: ',', decimalComma: false },
  };
  const toDataset = (indexes: ArrayLike<number>): Dataset => {
    const features = transformRows(preprocessing, Array.from(indexes, (r) => Object.fromEntries(header.map((h, c) => [h, rows[r][c]]))));
    const targets = Float32Array.from(indexes, (r) => (classes ? classes.indexOf(targetCells[r]) : (Number(targetCells[r]) - targetMean) / targetStd));
    return { features, targets, rows: indexes.length, inputSize: columns.length, targetSize: 1 };
  };
  const info: DatasetInfo = {
    name, rows: rows.length,
    columns: header.map((h, c) => ({ name: h, kind: c === targetIndex && !numericTarget ? 'categorical' : 'numeric', missing: 0, distinct: new Set(rows.map((row) => row[c])).size })),
    preview: rows.slice(0, 10), warnings: [], choices, task, classes,
    inputSize: columns.length, outputSize: classes ? classes.length : 1,
    split: { train: trainIndexes.length, validation: validationRows, test: testRows },
    skippedRows: 0,
  };
  return {
    info, preprocessing,
    train: toDataset(trainIndexes),
    validation: validationRows > 0 ? toDataset(order.subarray(testRows, testRows + validationRows)) : null,
    test: testRows > 0 ? toDataset(order.subarray(0, testRows)) : null,
  };
}

/** The network's input rows for raw cells keyed by column name, with the fitted preprocessing. */
export function transformRows(preprocessing: Preprocessing, rows: Record<string, string>[]): Float32Array {
  const numeric = preprocessing.columns.filter((c) => c.kind === 'numeric');
  const features = new Float32Array(rows.length * numeric.length);
  rows.forEach((row, r) => numeric.forEach((column, j) => {
    const cell = row[column.name];
    const value = cell === undefined || cell.trim() === '' ? column.impute : Number(cell);
    if (!Number.isFinite(value)) throw new DataProblem({ code: 'not-a-number', message: `column "${column.name}" row ${r + 1}: "${cell}" is not a number`, line: r + 1, column: column.name });
    features[r * numeric.length + j] = (value - column.center) / column.scale;
  }));
  return features;
}

/** How many network inputs the preprocessing yields. */
export function inputWidth(preprocessing: Preprocessing): number {
  return preprocessing.columns.reduce((n, c) => n + (c.kind === 'numeric' ? 1 : c.kind === 'categorical' ? c.categories.length + (c.other ? 1 : 0) : c.parts.length), 0);
}
