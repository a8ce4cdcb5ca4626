/** The studio's k-fold cross-validation: asks the engine for each fold's score and curves, keeps mean ± sd. */
import type { EngineEvent } from '../../../shared/protocol';
import { EngineJob } from './engine-job.svelte';

export type CrossValidated = Extract<EngineEvent, { type: 'crossValidated' }>;

export class CrossValidation extends EngineJob<CrossValidated> {
  folds = $state(5);
  /** Trains one network per fold with the current design and settings (the engine is busy meanwhile). */
  async run(): Promise<void> {
    await this.runJob(() => this.request({ type: 'crossValidate', folds: this.folds, ...this.configuration() }));
  }
}
