/** The studio's learning-rate range test: asks the engine for the loss-vs-rate curve and keeps its suggestion. */
import type { EngineEvent, NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import type { SendRequest } from '../../host/types';

export type LrFound = Extract<EngineEvent, { type: 'lrFound' }>;

export class LrFinder {
  #result = $state.raw<LrFound | null>(null);
  #isRunning = $state(false);
  #problem = $state<string | null>(null);
  readonly #request: SendRequest;
  readonly #configuration: () => { network: NetworkDesign; train: TrainSettingsMessage };

  constructor(request: SendRequest, configuration: () => { network: NetworkDesign; train: TrainSettingsMessage }) {
    this.#request = request;
    this.#configuration = configuration;
  }

  get result(): LrFound | null { return this.#result; }
  get isRunning(): boolean { return this.#isRunning; }
  get problem(): string | null { return this.#problem; }

  /** One short sweep of the rate (≈100 mini-batches) with the current design and settings. */
  async find(): Promise<void> {
    if (this.#isRunning) return;
    this.#isRunning = true;
    this.#problem = null;
    try {
      this.#result = await this.#request({ type: 'lrFind', ...this.#configuration() });
    } catch (error) {
      this.#problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.#isRunning = false;
    }
  }

  clear(): void { this.#result = null; this.#problem = null; }
}
