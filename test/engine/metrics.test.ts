import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, perClassScores, regressionScores } from '../../src/engine/metrics';

describe('classification metrics', () => {
  const actual = [0, 0, 0, 1, 1, 2, 2, 2, 2];
  const predicted = [0, 0, 1, 1, 2, 2, 2, 2, 0];

  it('the confusion matrix counts [actual][predicted]', () => {
    expect(confusionMatrix(actual, predicted, 3)).toEqual([[2, 1, 0], [0, 1, 1], [1, 0, 3]]);
  });

  it('accuracy is the share of the diagonal', () => {
    expect(accuracy(actual, predicted)).toBeCloseTo(6 / 9, 12);
  });

  it('per-class precision, recall and F1 match hand-computed values', () => {
    const [c0, c1, c2] = perClassScores(confusionMatrix(actual, predicted, 3));
    expect(c0).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(c1.precision).toBeCloseTo(1 / 2, 12);
    expect(c1.recall).toBeCloseTo(1 / 2, 12);
    expect(c2.precision).toBeCloseTo(3 / 4, 12);
    expect(c2.recall).toBeCloseTo(3 / 4, 12);
  });

  it('a class never predicted and never present scores 0, not NaN', () => {
    const [, absent] = perClassScores(confusionMatrix([0, 0], [0, 0], 2));
    expect(absent).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});

describe('regression metrics', () => {
  it('MSE, MAE and R² match hand-computed values', () => {
    const scores = regressionScores([1, 2, 3, 4], [1.5, 2, 2.5, 4]);
    expect(scores.mse).toBeCloseTo(0.125, 12);
    expect(scores.mae).toBeCloseTo(0.25, 12);
    expect(scores.r2).toBeCloseTo(1 - 0.5 / 5, 12);
  });

  it('predicting the mean gives R² = 0', () => {
    expect(regressionScores([1, 2, 3], [2, 2, 2]).r2).toBeCloseTo(0, 12);
  });
});
