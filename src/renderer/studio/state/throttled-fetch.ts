/**
 * Runs `fetch` when poked, at most once per `minIntervalMs` and one at a time: a poke while one runs, or
 * too soon after the last, is kept and served once (the latest state is all a view needs).
 */
export class ThrottledFetch {
  #inFlight = false;
  #pending = false;
  #lastStartedAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;

  constructor(
    private readonly fetch: () => Promise<void>,
    private readonly minIntervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Asks for a fetch soon. */
  poke(): void {
    if (this.#disposed) return;
    if (this.#inFlight || this.#timer) { this.#pending = true; return; }
    const wait = this.#lastStartedAt + this.minIntervalMs - this.now();
    if (wait > 0) this.#timer = setTimeout(() => { this.#timer = null; this.#run(); }, wait);
    else this.#run();
  }

  /** No more fetches (the view closed). */
  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(): void {
    if (this.#disposed) return;
    this.#inFlight = true;
    this.#pending = false;
    this.#lastStartedAt = this.now();
    void this.fetch().finally(() => {
      this.#inFlight = false;
      if (this.#pending) { this.#pending = false; this.poke(); }
    });
  }
}
