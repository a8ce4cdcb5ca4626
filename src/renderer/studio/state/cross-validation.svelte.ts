/** The studio's k-fold cross-validation: asks the engine for each fold's score and curves, keeps mean ± sd. */
import type { EngineEvent, NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import type { SendRequest } from '../../host/types';

export type CrossValidated = Extract<EngineEvent, { type: 'crossValidated' }>;

export class CrossValidation {
  #result = $state.raw<CrossValidated | null>(null);
  #isRunning = $state(false);
  #problem = $state<string | null>(null);
  folds = $state(5);
  readonly #request: SendRequest;
  readonly #configuration: () => { network: NetworkDesign; train: TrainSettingsMessage };

  constructor(request: SendRequest, configuration: () => { network: NetworkDesign; train: TrainSettingsMessage }) {
    this.#request = request;
    this.#configuration = configuration;
  }

  get result(): CrossValidated | null { return this.#result; }
  get isRunning(): boolean { return this.#isRunning; }
  get problem(): string | null { return this.#problem; }

  /** Trains one network per fold with the current design and settings (the engine is busy meanwhile). */
  async run(): Promise<void> {
    if (this.#isRunning) return;
    this.#isRunning = true;
    this.#problem = null;
    try {
      this.#result = await this.#request({ type: 'crossValidate', folds: this.folds, ...this.#configuration() });
    } catch (error) {
      this.#problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.#isRunning = false;
    }
  }
}
