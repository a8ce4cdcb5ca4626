import type { TrainingCurves } from './curves.svelte';
import { formatMetric, formatPercent } from './format';

/** The latest figures of a run: the last epoch's losses and score, the last step's learning rate. */
export interface LatestFigures {
  epoch: number;
  epochs: number;
  loss: number | null;
  valLoss: number | null;
  /** "validation accuracy", "accuracy" (no validation rows) or "validation R²" */
  metricName: string;
  metric: number | null;
  learningRate: number | null;
}

/** Reads the newest point of each curve (the arrays the charts draw). */
export function latestFigures(curves: TrainingCurves, task: 'classification' | 'regression'): LatestFigures {
  const epochs = curves.epochCurves;
  const last = (points: readonly { y: number }[]): number | null => points.at(-1)?.y ?? null;
  const hasValidation = epochs.valAccuracy.length > 0;
  const metricName = task === 'regression' ? 'validation R²' : hasValidation ? 'validation accuracy' : 'accuracy';
  const metric = task === 'regression' ? last(epochs.valR2) : last(hasValidation ? epochs.valAccuracy : epochs.accuracy);
  return {
    epoch: curves.progress.epoch, epochs: curves.progress.epochs, loss: last(epochs.loss), valLoss: last(epochs.valLoss),
    metricName, metric, learningRate: last(curves.batchCurves.learningRate.points),
  };
}

/** One line a person (or a screen reader) reads: "epoch 12/50 · loss 0.3412 · validation loss 0.3811 · validation accuracy 93.3% · learning rate 0.01". */
export function describeFigures(figures: LatestFigures): string {
  if (figures.loss === null && figures.learningRate === null) return 'No run yet: the latest epoch, losses, score and learning rate show here while it trains.';
  const metric = figures.metricName.endsWith('R²') ? formatMetric(figures.metric) : formatPercent(figures.metric);
  return [
    `epoch ${figures.epoch}/${figures.epochs}`,
    `loss ${formatMetric(figures.loss)}`,
    `validation loss ${formatMetric(figures.valLoss)}`,
    `${figures.metricName} ${metric}`,
    `learning rate ${formatMetric(figures.learningRate)}`,
  ].join(' · ');
}
