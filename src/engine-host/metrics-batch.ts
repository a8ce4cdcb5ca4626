import type { StepMetrics } from '../engine';
import type { EngineEvent } from '../shared/protocol';

type MetricsEvent = Extract<EngineEvent, { type: 'metrics' }>;

/**
 * Collects per-step metrics between two flushes and turns them into one `metrics` event of parallel
 * typed arrays (whose buffers the host transfers), so the UI gets ≤ 20 messages a second however
 * fast the trainer steps.
 */
export class MetricsBatch {
  private steps: StepMetrics[] = [];
  private windowStart = 0;
  private windowRows = 0;

  get size(): number {
    return this.steps.length;
  }

  add(metrics: StepMetrics, now: number): void {
    if (this.steps.length === 0) this.windowStart = now;
    this.steps.push(metrics);
    this.windowRows += metrics.rows;
  }

  /** The batched event (`threadsInUse`: what the steps compute on now) and the buffers to transfer; empties the batch. */
  take(now: number, threadsInUse: number): { event: MetricsEvent; transfer: ArrayBuffer[] } | null {
    const steps = this.steps;
    if (steps.length === 0) return null;
    const column = (pick: (m: StepMetrics) => number): Float64Array => Float64Array.from(steps, pick);
    const layers = steps[0].layerGradNorms.length;
    const event: MetricsEvent = {
      type: 'metrics',
      steps: column((m) => m.step),
      epochs: column((m) => m.epoch + (m.batch + 1) / m.batchesPerEpoch), // fractional epoch at the end of the batch
      loss: column((m) => m.loss),
      accuracy: column((m) => m.accuracy ?? NaN),
      gradNorm: column((m) => m.gradNorm),
      learningRate: column((m) => m.learningRate),
      clipped: Uint8Array.from(steps, (m) => (m.clipped ? 1 : 0)),
      layerGradNorms: Array.from({ length: layers }, (_, l) => column((m) => m.layerGradNorms[l])),
      samplesPerSecond: (this.windowRows * 1000) / Math.max(1, now - this.windowStart),
      threadsInUse,
    };
    this.steps = [];
    this.windowRows = 0;
    const transfer = [event.steps, event.epochs, event.loss, event.accuracy, event.gradNorm, event.learningRate, event.clipped, ...event.layerGradNorms]
      .map((array) => array.buffer as ArrayBuffer);
    return { event, transfer };
  }
}
