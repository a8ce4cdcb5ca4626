/**
 * A text that changes at most once per `intervalMs`: the first change shows at once, later ones wait
 * for the interval and only the newest waiting text shows (a screen reader hears ≤ 1 update a second).
 * The first text offered is the initial content, not a change (a live region does not announce it): it
 * starts no interval, so a run that ends within a second of the component's mount still shows at once.
 */
export class PacedText {
  #text = $state('');
  #shownAt = -Infinity;
  #waiting: string | null = null;
  #isFirst = true;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #intervalMs: number;
  readonly #now: () => number;

  constructor(intervalMs = 1000, now: () => number = () => Date.now()) {
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  get text(): string { return this.#text; }

  /** Offers the newest text: shown now if the interval since the last change has passed, else at its end. */
  offer(text: string): void {
    if (this.#timer === null && text === this.#text) return;
    if (this.#isFirst) {
      this.#isFirst = false;
      this.#text = text;
      return;
    }
    const wait = this.#shownAt + this.#intervalMs - this.#now();
    if (wait <= 0 && this.#timer === null) {
      this.#show(text);
      return;
    }
    this.#waiting = text;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      const waiting = this.#waiting;
      this.#waiting = null;
      if (waiting !== null && waiting !== this.#text) this.#show(waiting);
    }, Math.max(0, wait));
  }

  /** Drops a waiting text (the component goes). */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#waiting = null;
  }

  #show(text: string): void {
    this.#text = text;
    this.#shownAt = this.#now();
  }
}
