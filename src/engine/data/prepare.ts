/**
 * From a read table and the user's choices to train/validation/test Datasets and the fitted Preprocessing
 * that is saved in the model: target and task, feature plan, bad and missing rows, stratified split, fit, encode.
 */
import type { Dataset } from '../dataset';
import { UNUSABLE, fillChoices } from './choices';
import type { ColumnStore } from './column-store';
import { FeatureEncoder, featureNames } from './encoder';
import { fitColumns, meanOf, type FeatureKind, type FeaturePlan } from './fit';
import type { ColumnProfile } from './profile';
import { KIND_THRESHOLD } from './schema';
import { splitRows } from './split';
import type { RawTable } from './table';
import { canonicalLabel, describeBadNumber, standardizeTarget } from './transform';
import { columnWarnings } from './warnings';
import type { ColumnSchema, DataChoices, DataError, DataResult, DataWarning, Preprocessing, Task } from './types';

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
  warnings: DataWarning[];
  columns: ColumnSchema[];
  split: { train: number; validation: number; test: number };
}

/** Most classes a target may have. */
export const MAX_CLASSES = 1000;
/** An integer target with at most this many values is read as classes when the task is 'auto'. */
const MAX_AUTO_INTEGER_CLASSES = 20;

const fail = (code: string, message: string, column: string | null = null, line: number | null = null): { ok: false; error: DataError } =>
  ({ ok: false, error: { code, message, line, column } });

/**
 * Prepares the datasets and the fitted preprocessing; every problem comes back as an error value.
 * With options.preprocessing (a saved model's), nothing is fitted: rows are encoded exactly as that model expects.
 */
export function prepareData(table: RawTable, partial: Partial<DataChoices> = {}, options: { preprocessing?: Preprocessing } = {}): DataResult<PreparedData> {
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
  return assemble(table, choices, task.value, plans.value, rows.value, fixed);
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
  const numeric = profile.nonMissing > 0 && profile.numeric >= KIND_THRESHOLD * profile.nonMissing;
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
  if (schema.kind === 'numeric' || profile.numeric >= KIND_THRESHOLD * profile.nonMissing) return 'numeric';
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

interface SelectedRows {
  rows: Int32Array; // usable row indices, in file order
  labels: Int32Array | null; // class index per usable row
  classes: string[] | null;
  values: Float64Array | null; // regression target per usable row
  dropped: number;
}

/** Drops rows with a missing target, bad cells ('skip') or missing features ('drop'); 'stop' turns a bad cell into the error. */
function selectRows(table: RawTable, t: number, plans: FeaturePlan[], task: Task, choices: DataChoices, fixedClasses: string[] | null): DataResult<SelectedRows> {
  const keep = new Uint8Array(table.rows).fill(1);
  const badError = markBadCells(table, t, plans, task, choices, keep);
  if (badError) return { ok: false, error: badError };
  if (choices.imputation === 'drop') markMissingFeatures(plans, keep);
  const target = table.stores[t];
  const labelOf = task === 'classification' ? targetLabels(target, table.inspection.format.decimalComma) : null;
  const kept: number[] = [];
  for (let row = 0; row < table.rows; row++) {
    if (!keep[row]) continue;
    const present = labelOf ? labelOf(row) !== null : target.number(row) === target.number(row);
    if (present) kept.push(row);
  }
  const rows = Int32Array.from(kept);
  const dropped = table.rows - rows.length;
  if (rows.length === 0) return fail('no-usable-rows', `no row is left to train on (${dropped} rows had bad or missing values)`);
  if (!labelOf) return { ok: true, value: { rows, labels: null, classes: null, values: Float64Array.from(rows, (row) => target.number(row)), dropped } };
  return classify(rows, labelOf, table.inspection.columns[t].name, dropped, fixedClasses);
}

function classify(rows: Int32Array, labelOf: (row: number) => string | null, name: string, dropped: number, fixedClasses: string[] | null): DataResult<SelectedRows> {
  const classes = fixedClasses ?? sortLabels([...new Set(Array.from(rows, (row) => labelOf(row)!))]);
  if (classes.length < 2) return fail('one-class-target', `the target "${name}" has only one class ("${classes[0]}"); there is nothing to tell apart`, name);
  if (classes.length > MAX_CLASSES) return fail('too-many-classes', `the target "${name}" has ${classes.length} classes; the limit is ${MAX_CLASSES} (is it a regression target?)`, name);
  const index = new Map(classes.map((label, k) => [label, k]));
  const known = rows.filter((row) => index.has(labelOf(row)!)); // a saved model's classes may not cover every label
  if (known.length === 0) return fail('no-usable-rows', `no row has one of the model's classes in "${name}"`, name);
  const labels = Int32Array.from(known, (row) => index.get(labelOf(row)!)!);
  return { ok: true, value: { rows: known, labels, classes, values: null, dropped: dropped + rows.length - known.length } };
}

/** Labels in numeric order when all are numbers, else in code-point order. */
export function sortLabels(labels: string[]): string[] {
  if (labels.every((l) => l !== '' && Number.isFinite(Number(l)))) return labels.sort((a, b) => Number(a) - Number(b));
  return labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The class label of each row (null when missing). */
function targetLabels(store: ColumnStore, decimalComma: boolean): (row: number) => string | null {
  if (store.mode === 'codes') {
    const labels = store.categories.map((c, code) => (code === 0 ? null : canonicalLabel(c, decimalComma)));
    return (row) => labels[store.code(row)];
  }
  return (row) => { const x = store.number(row); return x === x ? String(x) : null; };
}

/** Marks rows with bad cells in used numeric/date columns (or the target); in 'stop' mode returns the first as an error. */
function markBadCells(table: RawTable, t: number, plans: FeaturePlan[], task: Task, choices: DataChoices, keep: Uint8Array): DataError | null {
  const checked: { store: ColumnStore; kind: 'numeric' | 'date'; j: number }[] = plans
    .filter((p) => p.kind !== 'categorical')
    .map((p) => ({ store: p.store, kind: p.kind as 'numeric' | 'date', j: table.stores.indexOf(p.store) }));
  if (task === 'regression') checked.push({ store: table.stores[t], kind: 'numeric', j: t });
  let first: DataError | null = null;
  for (const { store, kind, j } of checked) {
    const bad = store.badRowsFor(kind);
    if (bad.length === 0) continue;
    for (const row of bad) keep[row] = 0;
    const error = badCellError(table.inspection.columns[j].name, table.profiles[j], kind, table.inspection.format.decimalComma);
    if (!first || (error.line ?? 0) < (first.line ?? 0)) first = error;
  }
  return choices.badRows === 'stop' ? first : null;
}

function badCellError(name: string, profile: ColumnProfile, kind: 'numeric' | 'date', decimalComma: boolean): DataError {
  const example = (kind === 'numeric' ? profile.firstNonNumeric : profile.firstNonDate) ?? { text: '?', line: 0 };
  const why = kind === 'numeric' ? describeBadNumber(example.text, decimalComma) : `"${example.text.slice(0, 60)}" is not a date`;
  return { code: 'bad-cell', message: `column "${name}" line ${example.line}: ${why} (choose "skip bad rows" to leave such rows out)`, line: example.line, column: name };
}

function markMissingFeatures(plans: FeaturePlan[], keep: Uint8Array): void {
  for (const plan of plans) {
    const isMissingAt = plan.kind === 'categorical' ? (row: number) => plan.store.code(row) === 0
      : plan.kind === 'numeric' ? (row: number) => Number.isNaN(plan.store.number(row)) : (row: number) => Number.isNaN(plan.store.date(row));
    for (let row = 0; row < keep.length; row++) if (keep[row] && isMissingAt(row)) keep[row] = 0;
  }
}

function assemble(table: RawTable, choices: DataChoices, task: Task, plans: FeaturePlan[], selected: SelectedRows, fixed?: Preprocessing): DataResult<PreparedData> {
  const positions = new Map<number, number>();
  selected.rows.forEach((row, i) => positions.set(row, i));
  const split = splitRows(selected.rows, selected.labels, { validation: choices.validationFraction, test: choices.testFraction }, choices.seed);
  const trainValues = selected.values ? Float64Array.from(split.train, (row) => selected.values![positions.get(row)!]) : null;
  const preprocessing: Preprocessing = fixed ?? {
    version: 1,
    columns: fitColumns(plans, split.train, choices),
    scaling: choices.scaling,
    target: { name: choices.target, task, classes: selected.classes, ...(trainValues ? targetMoments(trainValues) : {}) },
    format: { delimiter: table.inspection.format.delimiter, decimalComma: table.inspection.format.decimalComma },
  };
  const encoder = new FeatureEncoder(preprocessing);
  const targetOf = (row: number): number => {
    const i = positions.get(row)!;
    return selected.labels ? selected.labels[i] : standardizeTarget(preprocessing, selected.values![i]);
  };
  const build = (rows: Int32Array): Dataset => encodeDataset(encoder, plans, rows, targetOf);
  return {
    ok: true,
    value: {
      train: build(split.train), validation: build(split.validation), test: build(split.test),
      preprocessing, classes: selected.classes, task, featureNames: featureNames(preprocessing), choices,
      skippedRows: table.inspection.skippedRows + selected.dropped,
      warnings: [...table.inspection.warnings, ...columnWarnings(table.inspection.columns, choices, table.rows), ...classWarnings(selected)],
      columns: table.inspection.columns,
      split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    },
  };
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
  rows.forEach((row, i) => {
    const rowStart = i * width;
    plans.forEach((plan, c) => {
      if (plan.kind === 'numeric') encoder.writeNumber(c, plan.store.number(row), features, rowStart);
      else if (plan.kind === 'categorical') encoder.writeCategory(c, codeIndex[c]![plan.store.code(row)], features, rowStart);
      else encoder.writeDate(c, plan.store.date(row), features, rowStart);
    });
    encoder.finishRow(features, rowStart);
    targets[i] = targetOf(row);
  });
  return { features, targets, rows: rows.length, inputSize: width, targetSize: 1 };
}

function classWarnings(selected: SelectedRows): DataWarning[] {
  if (!selected.labels || !selected.classes) return [];
  const counts = new Array<number>(selected.classes.length).fill(0);
  for (const k of selected.labels) counts[k]++;
  const max = Math.max(...counts), min = Math.min(...counts);
  const warnings: DataWarning[] = [];
  if (min * 10 < max) {
    const rare = selected.classes[counts.indexOf(min)];
    warnings.push({ code: 'class-imbalance', column: null, message: `classes are imbalanced: "${rare}" has ${min} rows, the largest class ${max}; accuracy alone can mislead` });
  }
  if (min < 3) warnings.push({ code: 'tiny-class', column: null, message: `class "${selected.classes[counts.indexOf(min)]}" has only ${min} row${min === 1 ? '' : 's'}; it may be missing from the validation or test split` });
  return warnings;
}
