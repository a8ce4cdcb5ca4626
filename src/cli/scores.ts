/** Scores of a network on encoded data, accumulated batch by batch; regression in the target's own units. */
import {
  Workspace, argmaxRows, confusionMatrix, decodeTargets, destandardizeTarget, evaluateLoss, perClassScores, predict, regressionScores,
  type ClassScores, type Dataset, type Network, type Preprocessing,
} from '../engine';

export type Scores =
  | { task: 'classification'; rows: number; loss: number; accuracy: number; classes: string[]; confusion: number[][]; perClass: ClassScores[] }
  | { task: 'regression'; rows: number; loss: number; mse: number; mae: number; r2: number };

/** Sums the loss and collects predictions over batches; finish() gives the scores. */
export class ScoreAccumulator {
  private lossSum = 0;
  private rows = 0;
  private readonly actual: number[] = [];
  private readonly predicted: number[] = [];
  private readonly ws: Workspace;

  constructor(private readonly net: Network, private readonly pre: Preprocessing) {
    this.ws = new Workspace(net, 256);
  }

  /** Adds a batch; returns the network's outputs for it (probabilities or standardized values). */
  add(data: Dataset): Float32Array {
    if (data.rows === 0) return new Float32Array(0);
    this.lossSum += evaluateLoss(this.net, data, this.ws).loss * data.rows;
    this.rows += data.rows;
    const outputs = predict(this.net, data.features, data.rows, this.ws);
    if (this.pre.target.classes) {
      argmaxRows(outputs, data.rows, this.net.outputSize).forEach((k) => this.predicted.push(k));
      data.targets.forEach((k) => this.actual.push(k));
    } else {
      outputs.forEach((z) => this.predicted.push(destandardizeTarget(this.pre, z)));
      decodeTargets(this.pre, data.targets).forEach((y) => this.actual.push(y));
    }
    return outputs;
  }

  finish(): Scores {
    const loss = this.rows ? this.lossSum / this.rows : 0;
    const classes = this.pre.target.classes;
    if (!classes) return { task: 'regression', rows: this.rows, loss, ...regressionScores(this.actual, this.predicted) };
    const confusion = confusionMatrix(this.actual, this.predicted, classes.length);
    const correct = confusion.reduce((sum, row, k) => sum + row[k], 0);
    return { task: 'classification', rows: this.rows, loss, accuracy: this.rows ? correct / this.rows : 0, classes, confusion, perClass: perClassScores(confusion) };
  }
}

/** Scores of one whole dataset. */
export function scoreDataset(net: Network, data: Dataset, pre: Preprocessing): Scores {
  const accumulator = new ScoreAccumulator(net, pre);
  accumulator.add(data);
  return accumulator.finish();
}

/** "test accuracy 0.9667 (loss 0.1) on 30 rows" or "test R² 0.912, MSE …, MAE … on 30 rows". */
export function describeScores(scores: Scores, split: string): string {
  if (scores.task === 'classification') return `${split} accuracy ${scores.accuracy.toFixed(4)} (loss ${scores.loss.toFixed(4)}) on ${scores.rows} rows`;
  return `${split} R² ${scores.r2.toFixed(4)}, MSE ${scores.mse.toPrecision(4)}, MAE ${scores.mae.toPrecision(4)} on ${scores.rows} rows`;
}
