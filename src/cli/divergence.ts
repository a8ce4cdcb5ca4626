/** Divergence: a run whose loss or predictions are not finite is reported, exits 3 and is not saved unless asked. */
import { predict, type Dataset, type Network } from '../engine';
import { UserError } from './errors';

/** Exit code of a diverged run (README "Exit codes"). */
export const EXIT_DIVERGED = 3;

/** A diverged run: one line on stderr, exit 3. */
export class DivergedError extends UserError {
  override readonly exitCode = EXIT_DIVERGED;
}

/** How many of `rows` output rows (each `width` numbers) hold a NaN or ±∞. */
export function nonFiniteRows(outputs: Float32Array, rows: number, width: number): number {
  let count = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) {
      if (!Number.isFinite(outputs[r * width + j])) { count++; break; }
    }
  }
  return count;
}

/** Why the trained network diverged (a NaN/∞ loss, or NaN/∞ predictions on its training rows), or null when it did not. */
export function divergence(net: Network, train: Dataset, stopReason: string | null, epochs: number, finalLoss: number): string | null {
  if (stopReason === 'non-finite') return `the loss became NaN or infinite${epochs > 0 ? ` after epoch ${epochs}` : ' in the first epoch'}`;
  const bad = train.rows > 0 ? nonFiniteRows(predict(net, train.features, train.rows), train.rows, net.outputSize) : 0;
  if (bad > 0) return `${bad} of ${train.rows} training rows predict NaN or infinity`;
  if (!Number.isFinite(finalLoss)) return 'the loss is not finite';
  return null;
}
