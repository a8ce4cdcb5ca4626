/** Growable typed-array storage in fixed blocks: appending never copies what is already stored. */

const BLOCK_BITS = 16;
const BLOCK_SIZE = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_SIZE - 1;
const FIRST_BLOCK_SIZE = 256;

type TypedArray = Float32Array | Float64Array | Uint16Array | Int32Array;

/** An append-only column of numbers stored in blocks of 2¹⁶ (the first grows from 256). */
export class BlockArray<T extends TypedArray> {
  private readonly blocks: T[] = [];
  length = 0;

  constructor(private readonly make: (size: number) => T) {}

  /** Appends a value; the first block grows by doubling (small columns stay small), later blocks are full size. */
  push(value: number): void {
    const offset = this.length & BLOCK_MASK;
    if (offset === 0) this.blocks.push(this.make(this.blocks.length === 0 ? FIRST_BLOCK_SIZE : BLOCK_SIZE));
    let last = this.blocks[this.blocks.length - 1];
    if (offset >= last.length) last = this.growLastBlock(last);
    last[offset] = value;
    this.length++;
  }

  private growLastBlock(block: T): T {
    const grown = this.make(Math.min(BLOCK_SIZE, block.length * 2));
    grown.set(block);
    this.blocks[this.blocks.length - 1] = grown;
    return grown;
  }

  /** The value at `index` (0 ≤ index < length). */
  get(index: number): number {
    return this.blocks[index >>> BLOCK_BITS][index & BLOCK_MASK];
  }

  /** Calls fn(value, index) for every stored value, in order. */
  forEach(fn: (value: number, index: number) => void): void {
    for (let i = 0; i < this.length; i++) fn(this.blocks[i >>> BLOCK_BITS][i & BLOCK_MASK], i);
  }
}

export const float32Blocks = (): BlockArray<Float32Array> => new BlockArray((n) => new Float32Array(n));
export const float64Blocks = (): BlockArray<Float64Array> => new BlockArray((n) => new Float64Array(n));
export const uint16Blocks = (): BlockArray<Uint16Array> => new BlockArray((n) => new Uint16Array(n));
export const int32Blocks = (): BlockArray<Int32Array> => new BlockArray((n) => new Int32Array(n));
