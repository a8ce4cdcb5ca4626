import type { EngineEvent } from '../../../shared/protocol';
import type { GradientCheckReport } from '../../../engine/gradcheck-layers';
import type { InspectTarget, StepInspection } from '../../../engine/inspect';
import type { SendRequest } from '../../host/types';

type StatusEvent = Extract<EngineEvent, { type: 'status' }>;

/**
 * The backprop inspector and the gradient check: which layer, sample and weight to look at, the
 * engine's snapshot of the last Step for them (nothing is recomputed here), and the check's table.
 */
export class BackpropInspector {
  #target = $state<InspectTarget>({ layer: 0, sample: 0, from: 0, to: 0 });
  #inspection = $state.raw<StepInspection | null>(null);
  #reason = $state<string | null>('Press Step to take one recorded step.');
  #report = $state.raw<GradientCheckReport | null>(null);
  #isChecking = $state(false);
  /** the step last asked about, and the newest request (an older answer is not shown over a newer one's) */
  #seenStep = -1;
  #latest = 0;
  readonly #request: SendRequest;
  readonly #reportFailure: (error: unknown) => void;

  constructor(request: SendRequest, reportFailure: (error: unknown) => void) {
    this.#request = request;
    this.#reportFailure = reportFailure;
  }

  get target(): InspectTarget { return this.#target; }
  get inspection(): StepInspection | null { return this.#inspection; }
  get reason(): string | null { return this.#reason; }
  get report(): GradientCheckReport | null { return this.#report; }
  get isChecking(): boolean { return this.#isChecking; }

  /** The engine's state: each new paused step is inspected; a new run or dataset clears the view. */
  receiveStatus(event: StatusEvent): void {
    if (event.state === 'paused' && event.step !== this.#seenStep) {
      this.#seenStep = event.step;
      void this.refresh();
    } else if (event.state === 'ready' || event.state === 'empty') {
      this.#seenStep = -1;
      this.#inspection = null;
      this.#reason = 'Press Step to take one recorded step.';
      this.#report = null;
    }
  }

  /** Looks at another layer, sample or weight of the same step (indices clamped to the layer's shape). */
  choose(changes: Partial<InspectTarget>, layerSizes: number[] | null): void {
    const next = { ...this.#target, ...changes };
    if (changes.layer !== undefined && changes.layer !== this.#target.layer) { next.from = 0; next.to = 0; }
    if (layerSizes && layerSizes.length > 1) {
      const clamp = (x: number, size: number): number => Math.max(0, Math.min(size - 1, Math.floor(Number.isFinite(x) ? x : 0)));
      next.layer = clamp(next.layer, layerSizes.length - 1);
      next.from = clamp(next.from, layerSizes[next.layer]);
      next.to = clamp(next.to, layerSizes[next.layer + 1]);
    }
    next.sample = Math.max(0, Math.min((this.#inspection?.shapes.batch ?? 1) - 1, Math.floor(Number.isFinite(next.sample) ? next.sample : 0)));
    this.#target = next;
    void this.refresh();
  }

  /** Asks the engine for the chosen layer's buffers of the last recorded step. */
  async refresh(): Promise<void> {
    const id = ++this.#latest;
    try {
      const answer = await this.#request({ type: 'inspectStep', ...this.#target });
      if (id !== this.#latest) return;
      this.#inspection = answer.inspection;
      this.#reason = answer.reason;
    } catch (error) {
      if (id === this.#latest) this.#reportFailure(error);
    }
  }

  /** Runs the engine's per-layer gradient check on a float64 copy of the current network. */
  async checkGradients(): Promise<void> {
    if (this.#isChecking) return;
    this.#isChecking = true;
    try {
      this.#report = (await this.#request({ type: 'checkGradients' })).report;
    } catch (error) {
      this.#reportFailure(error);
    } finally {
      this.#isChecking = false;
    }
  }
}
