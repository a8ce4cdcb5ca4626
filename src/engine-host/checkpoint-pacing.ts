/** When a run's next checkpoint is due: every `intervalMs` of training (the hosts add one at each pause and at the end). */
export interface CheckpointPacing {
  intervalMs: number;
  now: () => number;
}

/** Every 30 s of training. */
export const defaultCheckpointPacing: CheckpointPacing = { intervalMs: 30_000, now: () => performance.now() };

/** A clock that says a checkpoint is due once intervalMs have passed since the last one was written (or since it started). */
export class CheckpointClock {
  private lastWrittenAt: number;

  constructor(private readonly pacing: CheckpointPacing = defaultCheckpointPacing) {
    this.lastWrittenAt = pacing.now();
  }

  /** now − last ≥ intervalMs */
  get isDue(): boolean {
    return this.pacing.now() - this.lastWrittenAt >= this.pacing.intervalMs;
  }

  /** A checkpoint was just written: the next is due intervalMs from now. */
  written(): void {
    this.lastWrittenAt = this.pacing.now();
  }
}
