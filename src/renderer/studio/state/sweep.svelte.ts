/**
 * The studio's hyperparameter sweep: the engine trains the trials two at a time where the device has two
 * cores (its own thread and a trial worker), one at a time elsewhere, with the same results either way;
 * every trial becomes a run in the Runs tab (in trial order), where runs overlay and compare.
 */
import type { EngineEvent, NetworkDesign, SweptTrial, TrainSettingsMessage } from '../../../shared/protocol';
import type { SendRequest } from '../../host/types';
import type { DatasetState } from './dataset.svelte';
import type { RunHistory, StopReason } from './runs.svelte';
import { EngineJob } from './engine-job.svelte';

export type Swept = Extract<EngineEvent, { type: 'swept' }>;
export type SweepField = 'learningRate' | 'l2' | 'dropout' | 'width';
export const SWEEP_FIELDS: { key: SweepField; label: string }[] = [
  { key: 'learningRate', label: 'Learning rates' }, { key: 'l2', label: 'L2 values' }, { key: 'dropout', label: 'Dropouts' }, { key: 'width', label: 'Width factors' },
];

/** "0.001, 0.01" → [0.001, 0.01]; null when a value is not a non-negative number. */
export function parseValues(text: string): number[] | null {
  const parts = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const values = parts.map(Number);
  return values.every((x) => Number.isFinite(x) && x >= 0) ? values : null;
}

interface SweepOptions {
  request: SendRequest;
  dataset: DatasetState;
  runs: RunHistory;
  configuration: () => { network: NetworkDesign; train: TrainSettingsMessage };
}

export class Sweep extends EngineJob<Swept> {
  values = $state<Record<SweepField, string>>({ learningRate: '0.001, 0.003, 0.01', l2: '0, 0.003', dropout: '', width: '' });
  /** 0: the whole grid; N: a seeded random search of N trials */
  trials = $state(6);
  readonly #options: SweepOptions;

  constructor(options: SweepOptions) { super(options.request, options.configuration); this.#options = options; }

  async run(): Promise<void> {
    if (this.isRunning) return;
    const space: Partial<Record<SweepField, number[]>> = {};
    for (const { key, label } of SWEEP_FIELDS) {
      const parsed = parseValues(this.values[key]);
      if (!parsed) { this.refuse(`${label}: give non-negative numbers separated by commas`); return; }
      if (parsed.length) space[key] = parsed;
    }
    if (Object.keys(space).length === 0) { this.refuse('give values for at least one setting'); return; }
    const configuration = this.configuration();
    const result = await this.runJob(() => this.request({ type: 'sweep', space, ...(this.trials > 0 ? { trials: this.trials } : {}), ...configuration }));
    if (result) for (const trial of result.trials) this.#record(trial, result.metric);
  }

  /** The trial as a finished run in the history (curves per epoch; score on the validation rows). */
  #record(trial: SweptTrial, metric: Swept['metric']): void {
    const info = this.#options.dataset.info;
    if (!info) return;
    const { runs } = this.#options;
    const id = runs.begin({
      startedAt: Date.now(), dataset: info.name, task: info.task, parameterCount: trial.parameterCount,
      layerSizes: [info.inputSize, ...trial.network.hidden.map((h) => h.units), info.task === 'classification' ? (info.classes?.length ?? 1) : 1],
      network: trial.network, train: trial.train, data: info.choices,
    });
    const points = (ys: (number | null)[]) => ys.flatMap((y, i) => (y === null ? [] : [{ x: i + 1, y }]));
    runs.finish(id, { loss: points(trial.loss), valLoss: points(trial.valLoss), accuracy: [], valAccuracy: metric === 'accuracy' ? points(trial.valAccuracy) : [], valR2: [] },
      { reason: (trial.reason ?? 'epochs') as StopReason, epochs: trial.epochs, score: trial.score, loss: null, split: info.split.validation > 0 ? 'validation' : info.split.test > 0 ? 'test' : 'train' });
  }
}
