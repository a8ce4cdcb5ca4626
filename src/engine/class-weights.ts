/** Class weights for softmax cross-entropy: 'none', 'balanced' (w_k = n / (K·n_k)) or one weight per class. */
import type { Floats } from './kernels/types';

/** What the classWeights setting accepts: none, balanced, or a comma list of non-negative numbers. */
export const CLASS_WEIGHTS_PATTERN = '^(none|balanced|\\d+(\\.\\d+)?(e-?\\d+)?(,\\d+(\\.\\d+)?(e-?\\d+)?)*)$';

/** Per-class weights from the setting and the training labels; null for 'none' (every row weighs 1). */
export function classWeightsOf(setting: string, labels: Floats, rows: number, classes: number): Float32Array | null {
  if (setting === 'none') return null;
  if (setting === 'balanced') return balancedWeights(labels, rows, classes);
  const weights = setting.split(',').map(Number);
  if (weights.length !== classes) throw new Error(`class weights: ${weights.length} values given for ${classes} classes; give one per class, in the order of the classes, or "balanced"`);
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new Error(`class weights must be non-negative numbers, got "${setting}"`);
  return Float32Array.from(weights);
}

/** scikit-learn's 'balanced': w_k = n / (K·n_k), so every class carries the same total weight (1 for a class with no rows). */
export function balancedWeights(labels: Floats, rows: number, classes: number): Float32Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < rows; i++) counts[labels[i]]++;
  return Float32Array.from(counts, (n) => (n > 0 ? rows / (classes * n) : 1));
}
