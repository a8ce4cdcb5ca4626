/**
 * Which items of a long list (or wide row) are on screen: items have a fixed size in pixels, and a
 * few beyond each edge are kept (overscan) so fast scrolling shows no blanks.
 */
export class VirtualWindow {
  #offset = $state(0);
  #viewport = $state(0);
  readonly itemSize: number;
  readonly overscan: number;
  readonly count: number;
  readonly first: number;
  /** one past the last item to draw (before the first resize, enough for 20 items) */
  readonly end: number;
  /** pixels before the first drawn item and after the last */
  readonly before: number;
  readonly after: number;
  readonly indices: number[];

  constructor(itemSize: number, count: () => number, overscan = 4) {
    this.itemSize = itemSize;
    this.overscan = overscan;
    this.count = $derived(Math.max(0, count()));
    this.first = $derived(Math.min(this.count, Math.max(0, Math.floor(this.#offset / itemSize) - overscan)));
    this.end = $derived(Math.min(this.count, Math.ceil((this.#offset + (this.#viewport || itemSize * 20)) / itemSize) + overscan));
    this.before = $derived(this.first * itemSize);
    this.after = $derived(Math.max(0, (this.count - this.end) * itemSize));
    this.indices = $derived(Array.from({ length: Math.max(0, this.end - this.first) }, (_, i) => this.first + i));
  }

  /** the scroll position along this axis */
  scrollTo(offset: number): void { this.#offset = Math.max(0, offset); }
  /** the visible length along this axis */
  resize(length: number): void { this.#viewport = Math.max(0, length); }
}

/** An attachment that reports an element's size whenever it changes. */
export function observeSize(onSize: (width: number, height: number) => void) {
  return (element: HTMLElement): (() => void) => {
    const observer = new ResizeObserver(() => onSize(element.clientWidth, element.clientHeight));
    observer.observe(element);
    onSize(element.clientWidth, element.clientHeight);
    return () => observer.disconnect();
  };
}
