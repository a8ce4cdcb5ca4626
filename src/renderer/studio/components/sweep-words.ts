/** A sweep trial's settings in words, e.g. "lr 0.003 · L2 0 · 128-64-32 · dropout 0". */
import type { SweptTrial } from '../../../shared/protocol';

export function describeTrialOf(trial: SweptTrial): string {
  const dropouts = [...new Set(trial.network.hidden.map((h) => h.dropout))].join('/');
  return `lr ${trial.train.learningRate} · L2 ${trial.train.l2} · ${trial.network.hidden.map((h) => h.units).join('-')} · dropout ${dropouts}`;
}
