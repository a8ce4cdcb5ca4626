/** Choosing the usable rows: target present, no bad cells (or skipped), no missing features under "drop"; class labels. */
import { shownCell } from './shown-text';
import type { ColumnStore } from './column-store';
import type { FeaturePlan } from './fit';
import { PROFILE_LIMITS, type ColumnProfile } from './profile';
import type { RawTable } from './table';
import { canonicalLabel, describeBadNumber } from './transform';
import type { DataChoices, DataError, DataResult, Task } from './types';

/** Most classes a target may have. */
export const MAX_CLASSES = 1000;

const fail = (code: string, message: string, column: string | null = null): { ok: false; error: DataError } =>
  ({ ok: false, error: { code, message, line: null, column } });

/** Rows of the read table left out, by why (each row counted once: a missing target first, then a bad cell, then a missing value). */
export interface RowsLeftOut {
  missingTarget: number;
  badCells: number;
  missingValues: number; // imputation 'drop'
  unknownClass: number; // a saved model's classes do not include the row's label
}

export interface SelectedRows {
  rows: Int32Array; // usable row indices, in file order
  labels: Int32Array | null; // class index per usable row
  classes: string[] | null;
  values: Float64Array | null; // regression target per usable row
  dropped: number; // Σ leftOut
  leftOut: RowsLeftOut;
}

/** Why a row is left out (0: kept), in the order the reasons are checked. */
const KEPT = 0, MISSING_TARGET = 1, BAD_CELL = 2, MISSING_VALUE = 3;

/** Drops rows with a missing target, bad cells ('skip') or missing features ('drop'); 'stop' turns a bad cell into the error. */
export function selectRows(table: RawTable, t: number, plans: FeaturePlan[], task: Task, choices: DataChoices, fixedClasses: string[] | null): DataResult<SelectedRows> {
  const target = table.stores[t];
  if (task === 'classification' && target.mode === 'dropped') return tooManyClasses(table.inspection.columns[t].name, table.profiles[t]);
  const labelOf = task === 'classification' ? targetLabels(target, table.inspection.format.decimalComma) : null;
  const reason = new Uint8Array(table.rows);
  for (let row = 0; row < table.rows; row++) {
    const present = labelOf ? labelOf(row) !== null : target.number(row) === target.number(row);
    if (!present) reason[row] = MISSING_TARGET;
  }
  const badError = markBadCells(table, t, plans, task, choices, reason);
  if (badError) return { ok: false, error: badError };
  if (choices.imputation === 'drop') markMissingFeatures(plans, reason);
  const counts = [0, 0, 0, 0];
  const kept: number[] = [];
  for (let row = 0; row < table.rows; row++) { counts[reason[row]]++; if (reason[row] === KEPT) kept.push(row); }
  const leftOut: RowsLeftOut = { missingTarget: counts[MISSING_TARGET], badCells: counts[BAD_CELL], missingValues: counts[MISSING_VALUE], unknownClass: 0 };
  const rows = Int32Array.from(kept);
  const dropped = table.rows - rows.length;
  if (rows.length === 0) return fail('no-usable-rows', `no row is left to train on (${describeLeftOut(leftOut)})`);
  if (!labelOf) return { ok: true, value: { rows, labels: null, classes: null, values: Float64Array.from(rows, (row) => target.number(row)), dropped, leftOut } };
  return classify(rows, labelOf, table.inspection.columns[t].name, leftOut, fixedClasses);
}

/** "3 without a target value, 2 with bad cells" (the reasons that left rows out). */
export function describeLeftOut(leftOut: RowsLeftOut): string {
  const parts = [[leftOut.missingTarget, 'without a target value'], [leftOut.badCells, 'with a bad cell'], [leftOut.missingValues, 'with a missing value'], [leftOut.unknownClass, 'with a class the model does not know']] as const;
  return parts.filter(([n]) => n > 0).map(([n, why]) => `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'} ${why}`).join(', ') || 'the file has no data rows';
}

function classify(rows: Int32Array, labelOf: (row: number) => string | null, name: string, leftOut: RowsLeftOut, fixedClasses: string[] | null): DataResult<SelectedRows> {
  const classes = fixedClasses ?? sortLabels([...distinctLabels(rows, labelOf)]);
  if (classes.length < 2) return fail('one-class-target', `the target "${name}" has only one class ("${classes[0]}"); there is nothing to tell apart`, name);
  if (classes.length > MAX_CLASSES) return fail('too-many-classes', `the target "${name}" has ${classes.length.toLocaleString('en')} classes; a class target may have at most ${MAX_CLASSES.toLocaleString('en')} (is it a regression target?)`, name);
  const index = new Map(classes.map((label, k) => [label, k]));
  const known = rows.filter((row) => index.has(labelOf(row)!)); // a saved model's classes may not cover every label
  if (known.length === 0) return fail('no-usable-rows', `no row has one of the model's classes in "${name}"`, name);
  const labels = Int32Array.from(known, (row) => index.get(labelOf(row)!)!);
  const counted = { ...leftOut, unknownClass: rows.length - known.length };
  return { ok: true, value: { rows: known, labels, classes, values: null, dropped: counted.missingTarget + counted.badCells + counted.missingValues + counted.unknownClass, leftOut: counted } };
}

/** The labels of `rows`, each once. */
function distinctLabels(rows: Int32Array, labelOf: (row: number) => string | null): Set<string> {
  const labels = new Set<string>();
  for (const row of rows) labels.add(labelOf(row)!);
  return labels;
}

/** A class target with more distinct values than the reader keeps (ids or free text): refused before any row is chosen. */
function tooManyClasses(name: string, profile: ColumnProfile): { ok: false; error: DataError } {
  const share = Math.round(100 * Math.min(1, profile.distinctShare));
  return fail('too-many-classes', `the target "${name}" has at least ${PROFILE_LIMITS.distinctCap.toLocaleString('en')} distinct values (${share}% of its rows differ); a class target may have at most ${MAX_CLASSES.toLocaleString('en')} classes (is it an id, or a regression target?)`, name);
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
function markBadCells(table: RawTable, t: number, plans: FeaturePlan[], task: Task, choices: DataChoices, reason: Uint8Array): DataError | null {
  const checked: { store: ColumnStore; kind: 'numeric' | 'date'; j: number }[] = plans
    .filter((p) => p.kind !== 'categorical')
    .map((p) => ({ store: p.store, kind: p.kind as 'numeric' | 'date', j: table.stores.indexOf(p.store) }));
  if (task === 'regression') checked.push({ store: table.stores[t], kind: 'numeric', j: t });
  let first: DataError | null = null;
  for (const { store, kind, j } of checked) {
    const bad = store.badRowsFor(kind);
    if (bad.length === 0) continue;
    for (const row of bad) if (reason[row] === KEPT) reason[row] = BAD_CELL;
    const error = badCellError(table.inspection.columns[j].name, table.profiles[j], kind);
    if (!first || (error.line ?? 0) < (first.line ?? 0)) first = error;
  }
  return choices.badRows === 'stop' ? first : null;
}

function badCellError(name: string, profile: ColumnProfile, kind: 'numeric' | 'date'): DataError {
  const example = (kind === 'numeric' ? profile.firstNonNumeric : profile.firstNonDate) ?? { text: '?', line: 0 };
  const why = kind === 'numeric' ? describeBadNumber(example.text, profile.rule) : `${shownCell(example.text)} is not a date`;
  return { code: 'bad-cell', message: `column "${name}" line ${example.line}: ${why} (choose "skip bad rows" to leave such rows out)`, line: example.line, column: name };
}

function markMissingFeatures(plans: FeaturePlan[], reason: Uint8Array): void {
  for (const plan of plans) {
    const isMissingAt = plan.kind === 'categorical' ? (row: number) => plan.store.code(row) === 0
      : plan.kind === 'numeric' ? (row: number) => Number.isNaN(plan.store.number(row)) : (row: number) => Number.isNaN(plan.store.date(row));
    for (let row = 0; row < reason.length; row++) if (reason[row] === KEPT && isMissingAt(row)) reason[row] = MISSING_VALUE;
  }
}

