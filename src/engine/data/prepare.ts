/**
 * From a read table and the user's choices to train/validation/test Datasets and the fitted Preprocessing
 * that is saved in the model: target and task, feature plan, bad and missing rows, stratified split, fit, encode.
 */
import type { Dataset } from '../dataset';
import type { NumberReading } from './cells';
import { UNUSABLE, fillChoices } from './choices';
import type { ColumnStore } from './column-store';
import { FeatureEncoder, featureNames } from './encoder';
import { fitColumns, meanOf, type FeatureKind, type FeaturePlan } from './fit';
import type { ColumnProfile } from './profile';
import { isNumericProfile } from './schema';
import { selectRows, type RowsLeftOut, type SelectedRows } from './select-rows';
import { foldRows, splitRows, type FoldChoice } from './split';
import type { RawTable } from './table';
import { standardizeTarget } from './transform';
import { classWarnings, columnWarnings } from './warnings';
import type { ColumnSchema, DataChoices, DataError, DataResult, DataWarning, Preprocessing, Task } from './types';

/** Everything training needs from a file: the three splits, the fitted preprocessing, and what to show. */
export interface PreparedData {
  train: Dataset;
  validation: Dataset;
  test: Dataset;
  preprocessing: Preprocessing;
  classes: string[] | null;
  task: Task;
  featureNames: string[];
  choices: DataChoices;
  /** rows left out: malformed (reader), bad cells, missing target, or missing values with imputation 'drop' */
  skippedRows: number;
  /** the same rows by why, each counted once: malformed rows the reader skipped, then selectRows' reasons */
  rowsLeftOut: RowsLeftOut & { malformed: number };
  warnings: DataWarning[];
  columns: ColumnSchema[];
  split: { train: number; validation: number; test: number };
}

/** An integer target with at most this many values is read as classes when the task is 'auto'. */
const MAX_AUTO_INTEGER_CLASSES = 20;

const fail = (code: string, message: string, column: string | null = null, line: number | null = null): { ok: false; error: DataError } =>
  ({ ok: false, error: { code, message, line, column } });

/**
 * Prepares the datasets and the fitted preprocessing; every problem comes back as an error value.
 * With options.preprocessing (a saved model's), nothing is fitted: rows are encoded exactly as that model expects.
 * With options.fold, the test part is that fold of a stratified k-fold split (cross-validation).
 */
export function prepareData(table: RawTable, partial: Partial<DataChoices> = {}, options: { preprocessing?: Preprocessing; fold?: FoldChoice } = {}): DataResult<PreparedData> {
  if (table.stores.length === 0) return fail('rows-not-kept', 'the table was read without keeping its rows (inspection only)');
  const { columns } = table.inspection;
  const fixed = options.preprocessing;
  const filled = fillChoices(columns, fixed ? { ...partial, target: fixed.target.name, task: fixed.target.task, scaling: fixed.scaling } : partial);
  if (!filled.ok) return filled;
  const choices = filled.value;
  const t = columns.findIndex((c) => c.name === choices.target);
  const task = resolveTask(columns[t], table.profiles[t], choices.task);
  if (!task.ok) return task;
  const plans = fixed ? planFixedFeatures(table, fixed) : { ok: true as const, value: planFeatures(table, choices) };
  if (!plans.ok) return plans;
  if (plans.value.length === 0) return fail('no-features', `no column is left to learn from: every column other than the target "${choices.target}" is excluded or unusable`);
  const rows = selectRows(table, t, plans.value, task.value, choices, fixed?.target.classes ?? null);
  if (!rows.ok) return rows;
  return assemble(table, choices, task.value, plans.value, rows.value, fixed, options.fold);
}

/** The columns a saved preprocessing reads, found by name in this table. */
function planFixedFeatures(table: RawTable, pre: Preprocessing): DataResult<FeaturePlan[]> {
  const plans: FeaturePlan[] = [];
  for (const column of pre.columns) {
    const j = table.inspection.columns.findIndex((c) => c.name === column.name);
    if (j < 0) return fail('missing-column', `there is no column "${column.name}", which the model needs`, column.name);
    const store = table.stores[j];
    const readable = store.mode === 'codes' || (column.kind === 'numeric' && store.mode === 'numbers') || (column.kind === 'date' && store.mode === 'dates');
    if (!readable) return fail('unreadable-column', `column "${column.name}" cannot be read as ${column.kind} values here (too many distinct values, or text)`, column.name);
    plans.push({ name: column.name, kind: column.kind, store });
  }
  return { ok: true, value: plans };
}

/** Classification for text targets and integer targets with few values; regression otherwise (or as chosen). */
export function resolveTask(target: ColumnSchema, profile: ColumnProfile, chosen: DataChoices['task']): DataResult<Task> {
  const numeric = isNumericProfile(profile);
  if (target.kind === 'empty') return fail('empty-target', `the target "${target.name}" is empty`, target.name);
  if (chosen === 'regression') {
    return numeric ? { ok: true, value: 'regression' } : fail('target-not-numeric', `regression needs a numeric target, but "${target.name}" holds text like "${target.topValues?.[0]?.value ?? ''}"`, target.name);
  }
  if (chosen === 'classification') return { ok: true, value: 'classification' };
  const fewIntegers = numeric && profile.integers === profile.numeric && !profile.tallyOverflowed && profile.distinct <= MAX_AUTO_INTEGER_CLASSES;
  return { ok: true, value: numeric && !fewIntegers ? 'regression' : 'classification' };
}

/** How a column feeds the network, or null when it cannot. */
function featureKind(schema: ColumnSchema, profile: ColumnProfile, store: ColumnStore): FeatureKind | null {
  if (UNUSABLE.has(schema.kind) || store.mode === 'dropped') return null;
  if (schema.kind === 'date') return 'date';
  if (schema.kind === 'numeric' || isNumericProfile(profile)) return 'numeric';
  return store.mode === 'codes' ? 'categorical' : null;
}

function planFeatures(table: RawTable, choices: DataChoices): FeaturePlan[] {
  const excluded = new Set(choices.excluded);
  const plans: FeaturePlan[] = [];
  table.inspection.columns.forEach((schema, j) => {
    if (schema.name === choices.target || excluded.has(schema.name)) return;
    const kind = featureKind(schema, table.profiles[j], table.stores[j]);
    if (kind) plans.push({ name: schema.name, kind, store: table.stores[j] });
  });
  return plans;
}

function assemble(table: RawTable, choices: DataChoices, task: Task, plans: FeaturePlan[], selected: SelectedRows, fixed?: Preprocessing, fold?: FoldChoice): DataResult<PreparedData> {
  const positions = new Int32Array(table.rows); // a selected row's index in selected.rows (read for selected rows only)
  selected.rows.forEach((row, i) => { positions[row] = i; });
  const split = fold ? foldRows(selected.rows, selected.labels, fold, choices.validationFraction, choices.seed)
    : splitRows(selected.rows, selected.labels, { validation: choices.validationFraction, test: choices.testFraction }, choices.seed);
  const trainValues = selected.values ? Float64Array.from(split.train, (row) => selected.values![positions[row]]) : null;
  const preprocessing: Preprocessing = fixed ?? {
    version: 1,
    columns: fitColumns(plans, split.train, choices),
    scaling: choices.scaling,
    target: { name: choices.target, task, classes: selected.classes, ...(trainValues ? targetMoments(trainValues) : {}), ...targetReading(table, choices.target) },
    format: { delimiter: table.inspection.format.delimiter, decimalComma: table.inspection.format.decimalComma },
  };
  const encoder = new FeatureEncoder(preprocessing);
  const targetOf = (row: number): number => {
    const i = positions[row];
    return selected.labels ? selected.labels[i] : standardizeTarget(preprocessing, selected.values![i]);
  };
  const build = (rows: Int32Array): Dataset => encodeDataset(encoder, plans, rows, targetOf);
  return {
    ok: true,
    value: {
      train: build(split.train), validation: build(split.validation), test: build(split.test),
      preprocessing, classes: selected.classes, task, featureNames: featureNames(preprocessing), choices,
      skippedRows: table.inspection.skippedRows + selected.dropped,
      rowsLeftOut: { malformed: table.inspection.skippedRows, ...selected.leftOut },
      warnings: [...table.inspection.warnings, ...columnWarnings(table.inspection.columns, choices, table.rows), ...classWarnings(selected.labels, selected.classes)],
      columns: table.inspection.columns,
      split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    },
  };
}

/** The target column's number convention, when it has one (evaluation reads its cells the same way). */
function targetReading(table: RawTable, target: string): { numbers?: NumberReading } {
  const reading = table.stores[table.inspection.columns.findIndex((c) => c.name === target)]?.rule.reading;
  return reading ? { numbers: reading } : {};
}

/** Regression target mean and population std (std 0 → 1). */
function targetMoments(values: Float64Array): { mean: number; std: number } {
  const mean = meanOf(values);
  let sumSquares = 0;
  for (const y of values) sumSquares += (y - mean) ** 2;
  const std = Math.sqrt(sumSquares / Math.max(1, values.length));
  return { mean, std: std > 0 ? std : 1 };
}

/** Encodes the given rows of the stored columns into a Dataset. */
export function encodeDataset(encoder: FeatureEncoder, plans: FeaturePlan[], rows: Int32Array, targetOf: (row: number) => number): Dataset {
  const width = encoder.inputSize;
  const features = new Float32Array(rows.length * width);
  const targets = new Float32Array(rows.length);
  const codeIndex = plans.map((plan, c) => (plan.kind === 'categorical'
    ? Int32Array.from(plan.store.categories, (label, code) => (code === 0 ? -2 : encoder.indexOfCategory(c, label))) : null));
  // blocks of rows, column by column within a block: a column's store stays in cache across the block's rows,
  // and the block's rows of `features` stay in cache across its columns (a wide file: 785 columns)
  for (let first = 0; first < rows.length; first += ENCODE_BLOCK_ROWS) {
    const last = Math.min(rows.length, first + ENCODE_BLOCK_ROWS);
    plans.forEach((plan, c) => {
      for (let i = first; i < last; i++) {
        const row = rows[i], rowStart = i * width;
        if (plan.kind === 'numeric') encoder.writeNumber(c, plan.store.number(row), features, rowStart);
        else if (plan.kind === 'categorical') encoder.writeCategory(c, codeIndex[c]![plan.store.code(row)], features, rowStart);
        else encoder.writeDate(c, plan.store.date(row), features, rowStart);
      }
    });
    for (let i = first; i < last; i++) {
      encoder.finishRow(features, i * width);
      targets[i] = targetOf(rows[i]);
    }
  }
  return { features, targets, rows: rows.length, inputSize: width, targetSize: 1 };
}

/** Rows encoded together (see encodeDataset): 64 rows of a 785-column file are ~200 KB of features, in L2. */
const ENCODE_BLOCK_ROWS = 64;
