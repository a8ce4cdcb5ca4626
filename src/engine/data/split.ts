/** Seeded train/validation/test splits, stratified by class for classification. */
import { Random } from '../random';

export interface SplitRows {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Splits `rows` (row indices) so each group (class, or one group for regression) gives round(n·test)
 * rows to test and round(n·val) to validation, always keeping at least one for training; each part in file order.
 */
export function splitRows(rows: Int32Array, groups: Int32Array | null, fractions: { validation: number; test: number }, seed: number): SplitRows {
  const rng = new Random(seed);
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  for (const members of groupMembers(rows, groups)) {
    rng.shuffle(members);
    const n = members.length;
    const nTest = Math.min(Math.round(n * fractions.test), Math.max(0, n - 1));
    const nVal = Math.min(Math.round(n * fractions.validation), Math.max(0, n - 1 - nTest));
    members.forEach((row, i) => (i < nTest ? parts.test : i < nTest + nVal ? parts.validation : parts.train).push(row));
  }
  const sorted = (list: number[]): Int32Array => Int32Array.from(list).sort();
  return { train: sorted(parts.train), validation: sorted(parts.validation), test: sorted(parts.test) };
}

/** The rows of each group, groups in order of their ids. */
function groupMembers(rows: Int32Array, groups: Int32Array | null): number[][] {
  if (!groups) return [Array.from(rows)];
  const byGroup = new Map<number, number[]>();
  rows.forEach((row, i) => {
    const list = byGroup.get(groups[i]);
    if (list) list.push(row); else byGroup.set(groups[i], [row]);
  });
  return [...byGroup.keys()].sort((a, b) => a - b).map((g) => byGroup.get(g)!);
}

/** Which of k folds is held out, for k-fold cross-validation. */
export interface FoldChoice { index: number; folds: number }

/**
 * k-fold split: each group (class) is shuffled with `seed` and its i-th member goes to fold i mod k
 * (stratified); fold `index` is the test part, and round(n·validation) of each group's other rows validate.
 */
export function foldRows(rows: Int32Array, groups: Int32Array | null, fold: FoldChoice, validation: number, seed: number): SplitRows {
  if (!Number.isInteger(fold.folds) || fold.folds < 2) throw new Error(`folds must be a whole number ≥ 2, got ${fold.folds}`);
  if (!Number.isInteger(fold.index) || fold.index < 0 || fold.index >= fold.folds) throw new Error(`fold index must be 0..${fold.folds - 1}, got ${fold.index}`);
  const rng = new Random(seed);
  const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
  for (const members of groupMembers(rows, groups)) {
    rng.shuffle(members);
    const kept = members.filter((row, i) => (i % fold.folds === fold.index ? (parts.test.push(row), false) : true));
    const nVal = Math.min(Math.round(kept.length * validation), Math.max(0, kept.length - 1));
    kept.forEach((row, i) => (i < nVal ? parts.validation : parts.train).push(row));
  }
  const sorted = (list: number[]): Int32Array => Int32Array.from(list).sort();
  return { train: sorted(parts.train), validation: sorted(parts.validation), test: sorted(parts.test) };
}
