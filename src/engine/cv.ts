/** k-fold cross-validation's summary: the folds' scores as mean ± sample standard deviation. */

/** One fold's outcome: its held-out score (accuracy or R²) and its epoch curves. */
export interface FoldResult {
  fold: number;
  score: number;
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
