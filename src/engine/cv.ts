/** k-fold cross-validation: one network per fold, each scored on its held-out fold; mean ± sample standard deviation. */
import { prepareData, decodeTargets, destandardizeTarget, type DataChoices, type DataResult, type PreparedData, type RawTable } from './data';
import type { Dataset } from './dataset';
import { argmaxRows, predict } from './evaluate';
import { regressionScores } from './metrics';
import type { Network } from './network';
import type { Preprocessing } from './data/types';
import { Trainer, type TrainSettings } from './trainer';

/** One fold's outcome: its held-out score (accuracy or R²) and its epoch curves. */
export interface FoldResult {
  fold: number;
  score: number;
  /** rows in the held-out fold */
  rows: number;
  epochs: number;
  loss: number[];
  valLoss: (number | null)[];
}

/** mean = Σx/k, sd = √(Σ(x − mean)² / (k − 1)) (0 for one fold). */
export function meanAndSd(scores: readonly number[]): { mean: number; sd: number } {
  const k = scores.length;
  if (k === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = scores.reduce((a, b) => a + b, 0) / k;
  const sd = k > 1 ? Math.sqrt(scores.reduce((a, x) => a + (x - mean) ** 2, 0) / (k - 1)) : 0;
  return { mean, sd };
}

/** Accuracy (classes) or R² in the target's own units (regression) of `net` on encoded rows. */
export function heldOutScore(net: Network, data: Dataset, pre: Preprocessing): number {
  if (data.rows === 0) return Number.NaN;
  const outputs = predict(net, data.features, data.rows);
  if (pre.target.classes) {
    const predicted = argmaxRows(outputs, data.rows, net.outputSize);
    let correct = 0;
    for (let i = 0; i < data.rows; i++) if (predicted[i] === data.targets[i]) correct++;
    return correct / data.rows;
  }
  return regressionScores(decodeTargets(pre, data.targets), Array.from(outputs, (z) => destandardizeTarget(pre, z))).r2;
}

/** Trains one network per fold (table rows split by prepareData's fold option) and scores its held-out fold. */
export function crossValidate(table: RawTable, choices: Partial<DataChoices>, folds: number, build: (data: PreparedData) => Network, settings: TrainSettings): DataResult<{ metric: 'accuracy' | 'r2'; folds: FoldResult[] }> {
  const results: FoldResult[] = [];
  let metric: 'accuracy' | 'r2' = 'accuracy';
  for (let index = 0; index < folds; index++) {
    const prepared = prepareData(table, choices, { fold: { index, folds } });
    if (!prepared.ok) return prepared;
    const data = prepared.value;
    metric = data.task === 'classification' ? 'accuracy' : 'r2';
    const net = build(data);
    const trainer = new Trainer(net, settings, data.train, data.validation.rows > 0 ? data.validation : null);
    const history = trainer.run();
    results.push({ fold: index + 1, score: heldOutScore(net, data.test, data.preprocessing), rows: data.test.rows, epochs: trainer.epochsDone, loss: history.map((e) => e.loss), valLoss: history.map((e) => e.valLoss) });
  }
  return { ok: true, value: { metric, folds: results } };
}
