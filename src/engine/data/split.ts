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
