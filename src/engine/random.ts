/**
 * The engine's only source of randomness: sfc32 seeded through splitmix32, so the same seed gives
 * the same stream on every platform. State is four 32-bit words and can be saved and restored.
 */
/** A generator's whole state as plain data: the four sfc32 words and Box–Muller's kept second value. */
export interface RandomState {
  words: number[];
  spareNormal: number | null;
}

export class Random {
  private a = 0; private b = 0; private c = 0; private d = 0;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => { // splitmix32
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Uniform 32-bit unsigned integer (sfc32). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal N(0,1) by Box–Muller (the pair's second value is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(values: Uint32Array | Int32Array | number[]): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  /** The full state, to checkpoint and resume a run exactly. */
  getState(): number[] {
    return [this.a, this.b, this.c, this.d];
  }

  setState(state: readonly number[]): void {
    [this.a, this.b, this.c, this.d] = state.map((x) => x | 0) as [number, number, number, number];
    this.spareNormal = null;
  }

  /** The whole state (words and the kept normal), so a restored generator continues the same stream. */
  snapshot(): RandomState {
    return { words: this.getState(), spareNormal: this.spareNormal };
  }

  /** Continues from a snapshot: the next draws equal those the snapshotted generator would have made. */
  restore(state: RandomState): void {
    if (state.words.length !== 4) throw new Error(`a generator state has 4 words, got ${state.words.length}`);
    this.setState(state.words);
    this.spareNormal = state.spareNormal;
  }
}
