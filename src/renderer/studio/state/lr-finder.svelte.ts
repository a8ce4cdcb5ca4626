/** The studio's learning-rate range test: asks the engine for the loss-vs-rate curve and keeps its suggestion. */
import type { EngineEvent } from '../../../shared/protocol';
import { EngineJob } from './engine-job.svelte';

export type LrFound = Extract<EngineEvent, { type: 'lrFound' }>;

export class LrFinder extends EngineJob<LrFound> {
  /** One short sweep of the rate (≈100 mini-batches) with the current design and settings. */
  async find(): Promise<void> {
    await this.runJob(() => this.request({ type: 'lrFind', ...this.configuration() }));
  }
}
