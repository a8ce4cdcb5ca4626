import type { CrossValidated } from '../state/cross-validation.svelte';
import type { LrFound } from '../state/lr-finder.svelte';
import { chartTable, type ChartTableData, type TableSeries } from './chart-table';

/** The learning-rate finder's curve as its card draws it: the smoothed loss at each rate tried, x = rate. */
export function lrFinderSeries(result: LrFound): TableSeries {
  return { label: 'smoothed loss', points: result.rates.map((rate, i) => ({ x: rate, y: result.smoothed[i] })) };
}

/** The finder's table: rate → smoothed loss, and the suggested rate (the dashed line). */
export function lrFinderTable(result: LrFound): ChartTableData {
  const suggested = Number(result.suggested.toPrecision(2));
  return chartTable([lrFinderSeries(result)], { marks: [{ x: result.suggested, label: `suggested ${suggested}`, kind: 'best' }] }, 'learning rate');
}

/** Each fold's curve as the cross-validation card draws it: validation loss per epoch, training loss where a fold has no validation loss. */
export function foldSeries(result: CrossValidated): TableSeries[] {
  return result.folds.map((fold, i) => {
    const hasValidation = fold.valLoss.every((v) => v !== null);
    const losses = hasValidation ? (fold.valLoss as number[]) : fold.loss;
    return { label: `fold ${i + 1} ${hasValidation ? 'validation' : 'training'} loss`, points: losses.map((y, e) => ({ x: e + 1, y })) };
  });
}

/** The cross-validation table: epoch → each fold's loss. */
export function foldTable(result: CrossValidated): ChartTableData {
  return chartTable(foldSeries(result), {}, 'epoch');
}
