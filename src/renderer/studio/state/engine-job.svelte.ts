import type { NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import type { SendRequest } from '../../host/types';

/** The current design and settings, as a request sends them. */
export type Configuration = () => { network: NetworkDesign; train: TrainSettingsMessage };

/**
 * One long engine request the page waits on (learning-rate finder, cross-validation, sweep): its last
 * answer, whether it is running, and what went wrong. One job at a time; a second ask while one runs is ignored.
 */
export class EngineJob<T> {
  #result = $state.raw<T | null>(null);
  #isRunning = $state(false);
  #problem = $state<string | null>(null);

  /** `request` asks the engine; `configuration` gives the design and settings each job runs with. */
  constructor(protected readonly request: SendRequest, protected readonly configuration: Configuration) {}

  get result(): T | null { return this.#result; }
  get isRunning(): boolean { return this.#isRunning; }
  get problem(): string | null { return this.#problem; }

  /** Runs `ask` unless a job is running; keeps its answer (returned), or its error as the problem (null returned). */
  protected async runJob(ask: () => Promise<T>): Promise<T | null> {
    if (this.#isRunning) return null;
    this.#isRunning = true;
    this.#problem = null;
    try {
      this.#result = await ask();
      return this.#result;
    } catch (error) {
      this.#problem = error instanceof Error ? error.message : String(error);
      return null;
    } finally {
      this.#isRunning = false;
    }
  }

  /** A problem found before asking the engine (e.g. a field that does not parse). */
  protected refuse(problem: string): void { this.#problem = problem; }

  clear(): void { this.#result = null; this.#problem = null; }
}
