/** Fitting the preprocessing of each feature column on the training rows only. */
import { DATE_PARTS, datePart } from './cells';
import type { ColumnStore } from './column-store';
import type { DataChoices, PreprocessedColumn, Scaling } from './types';

export type FeatureKind = 'numeric' | 'categorical' | 'date';

export interface FeaturePlan {
  name: string;
  kind: FeatureKind;
  store: ColumnStore;
}

/** center and scale for one input: standard (mean, std), minmax (min, max − min), none and l2row (0, 1); a zero scale becomes 1. */
export function centerAndScale(values: Float64Array, scaling: Scaling): { center: number; scale: number } {
  if (values.length === 0 || scaling === 'none' || scaling === 'l2row') return { center: 0, scale: 1 };
  if (scaling === 'minmax') {
    let min = Infinity, max = -Infinity;
    for (const x of values) { if (x < min) min = x; if (x > max) max = x; }
    return { center: min, scale: max - min > 0 ? max - min : 1 };
  }
  const mean = meanOf(values);
  let sumSquares = 0;
  for (const x of values) sumSquares += (x - mean) ** 2;
  const std = Math.sqrt(sumSquares / values.length); // population std, as fitted scalers use
  return { center: mean, scale: std > 0 ? std : 1 };
}

/** Σx / n (0 for no values). */
export function meanOf(values: Float64Array): number {
  let sum = 0;
  for (const x of values) sum += x;
  return values.length ? sum / values.length : 0;
}

/** The middle value of the sorted values (mean of the two middle ones for an even count). */
export function medianOf(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The most frequent value (the smallest among ties). */
export function modeOf(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let best = sorted[0], bestRun = 0, run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > bestRun) { bestRun = run; best = sorted[i]; }
  }
  return best;
}

/** Present (non-NaN) values of `valueAt` over the training rows. */
function presentValues(trainRows: Int32Array, valueAt: (row: number) => number): Float64Array {
  const values = new Float64Array(trainRows.length);
  let n = 0;
  for (const row of trainRows) { const x = valueAt(row); if (x === x) values[n++] = x; }
  return values.subarray(0, n);
}

function fitNumeric(plan: FeaturePlan, trainRows: Int32Array, choices: DataChoices): PreprocessedColumn {
  const values = presentValues(trainRows, (row) => plan.store.number(row));
  const impute = choices.imputation === 'median' ? medianOf(values) : choices.imputation === 'mode' ? modeOf(values) : meanOf(values);
  const reading = plan.store.rule.reading;
  return { name: plan.name, kind: 'numeric', impute, ...centerAndScale(values, choices.scaling), ...(reading ? { numbers: reading } : {}) };
}

function fitCategorical(plan: FeaturePlan, trainRows: Int32Array, choices: DataChoices): PreprocessedColumn {
  const { store } = plan;
  const counts = new Float64Array(store.categories.length);
  for (const row of trainRows) counts[store.code(row)]++;
  const ranked = store.categories.map((label, code) => ({ label, count: counts[code] }))
    .filter((c, code) => code > 0 && c.count > 0)
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const categories = ranked.slice(0, choices.oneHotCap).map((c) => c.label);
  return { name: plan.name, kind: 'categorical', impute: categories[0] ?? '', categories, other: ranked.length > choices.oneHotCap };
}

function fitDate(plan: FeaturePlan, trainRows: Int32Array, choices: DataChoices): PreprocessedColumn {
  const dates = presentValues(trainRows, (row) => plan.store.date(row));
  const parts = [...DATE_PARTS];
  const fitted = parts.map((part) => centerAndScale(dates.map((ms) => datePart(ms, part)), choices.scaling));
  return {
    name: plan.name, kind: 'date', impute: Math.round(meanOf(dates)), parts,
    center: fitted.map((f) => f.center), scale: fitted.map((f) => f.scale),
  };
}

/** Each planned feature's fitted preprocessing, from the training rows. */
export function fitColumns(plans: FeaturePlan[], trainRows: Int32Array, choices: DataChoices): PreprocessedColumn[] {
  return plans.map((plan) => {
    switch (plan.kind) {
      case 'numeric': return fitNumeric(plan, trainRows, choices);
      case 'categorical': return fitCategorical(plan, trainRows, choices);
      case 'date': return fitDate(plan, trainRows, choices);
    }
  });
}
