/** counts[actual][predicted] over `classes` classes. */
export function confusionMatrix(actual: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) counts[actual[i]][predicted[i]]++;
  return counts;
}

/** Fraction of rows where predicted equals actual (0 for no rows). */
export function accuracy(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] === predicted[i]) correct++;
  return actual.length ? correct / actual.length : 0;
}

export interface ClassScores {
  precision: number; // TP / (TP + FP), 0 when nothing was predicted as this class
  recall: number; // TP / (TP + FN), 0 when the class never occurs
  f1: number; // 2PR / (P + R)
  support: number; // rows whose actual class is this one
}

/** Per-class precision, recall, F1 and support from a confusion matrix. */
export function perClassScores(confusion: number[][]): ClassScores[] {
  return confusion.map((row, c) => {
    const truePositives = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAsClass = confusion.reduce((sum, r) => sum + r[c], 0);
    const precision = predictedAsClass ? truePositives / predictedAsClass : 0;
    const recall = support ? truePositives / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
}

export interface RegressionScores {
  mse: number; // mean (ŷ − y)²
  mae: number; // mean |ŷ − y|
  r2: number; // 1 − SS_res / SS_tot (per output column, averaged)
}

/** MSE, MAE and R² over [rows × outputs] predictions and targets. R² of a constant target is 0 when fit exactly, else −∞ avoided as 0. */
export function regressionScores(targets: ArrayLike<number>, predictions: ArrayLike<number>, outputs = 1): RegressionScores {
  const n = targets.length;
  if (n === 0) return { mse: 0, mae: 0, r2: 0 };
  let se = 0, ae = 0;
  for (let i = 0; i < n; i++) { const d = predictions[i] - targets[i]; se += d * d; ae += Math.abs(d); }
  const rows = n / outputs;
  let r2Sum = 0;
  for (let j = 0; j < outputs; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += targets[i * outputs + j];
    mean /= rows;
    let ssTot = 0, ssRes = 0;
    for (let i = 0; i < rows; i++) {
      const y = targets[i * outputs + j];
      ssTot += (y - mean) ** 2;
      ssRes += (y - predictions[i * outputs + j]) ** 2;
    }
    r2Sum += ssTot > 0 ? 1 - ssRes / ssTot : ssRes === 0 ? 1 : 0;
  }
  return { mse: se / n, mae: ae / n, r2: r2Sum / outputs };
}
