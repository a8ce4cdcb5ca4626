import {
  argmaxRows, confusionMatrix, accuracy, evaluateLoss, perClassScores, predict, regressionScores, Workspace,
  type Dataset, type Network,
} from '../engine';
import type { Preprocessing } from '../engine/data/types';
import type { Evaluation } from '../shared/protocol';

/** At most this many actual/predicted pairs travel back for a regression scatter plot. */
export const MAX_SCATTER_POINTS = 5000;

/** Scores the network on one split: confusion matrix and per-class P/R/F1, or MSE/MAE/R² in the target's own units. */
export function evaluate(net: Network, data: Dataset, split: Evaluation['split'], preprocessing: Preprocessing | null): Evaluation {
  const loss = evaluateLoss(net, data, new Workspace(net, Math.min(256, Math.max(1, data.rows)))).loss;
  const outputs = predict(net, data.features, data.rows);
  if (net.isClassifier) {
    const classCount = net.outputSize;
    const predicted = argmaxRows(outputs, data.rows, classCount);
    const actual = Int32Array.from(data.targets);
    const confusion = confusionMatrix(actual, predicted, classCount);
    const classes = preprocessing?.target.classes ?? Array.from({ length: classCount }, (_, c) => String(c));
    return { task: 'classification', split, loss, accuracy: accuracy(actual, predicted), classes, confusion, perClass: perClassScores(confusion) };
  }
  // targets were standardized for training: z·std + mean gives the user's units back
  const mean = preprocessing?.target.mean ?? 0, std = preprocessing?.target.std ?? 1;
  const actual = Array.from(data.targets, (z) => z * std + mean);
  const predicted = Array.from(outputs, (z) => z * std + mean);
  const scores = regressionScores(actual, predicted, net.outputSize);
  return {
    task: 'regression', split, loss, ...scores,
    actual: actual.slice(0, MAX_SCATTER_POINTS), predicted: predicted.slice(0, MAX_SCATTER_POINTS),
  };
}
