/** The studio's k-fold cross-validation: asks the engine for each fold's score and curves, keeps mean ± sd. */
import type { EngineEvent, NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import type { SendRequest } from '../../host/types';
import { EngineJob } from './engine-job.svelte';

export type CrossValidated = Extract<EngineEvent, { type: 'crossValidated' }>;

export class CrossValidation extends EngineJob<CrossValidated> {
  folds = $state(5);
  readonly #request: SendRequest;
  readonly #configuration: () => { network: NetworkDesign; train: TrainSettingsMessage };

  constructor(request: SendRequest, configuration: () => { network: NetworkDesign; train: TrainSettingsMessage }) {
    super();
    this.#request = request;
    this.#configuration = configuration;
  }

  /** Trains one network per fold with the current design and settings (the engine is busy meanwhile). */
  async run(): Promise<void> {
    await this.runJob(() => this.#request({ type: 'crossValidate', folds: this.folds, ...this.#configuration() }));
  }
}
