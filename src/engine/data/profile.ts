/** Streaming statistics of one column: counts, numeric moments, a capped value tally, a reservoir for histograms. */
import { isMissing, isUnusableNumber, parseDate, readNumber, type NumberRule } from './cells';
import { Random } from '../random';

export const PROFILE_LIMITS = { distinctCap: 2048, reservoirSize: 512, histogramBins: 20, topValues: 10 };

/** Integers 0 ≤ x < SMALL_INTEGERS (pixels, codes, counts) are tallied through an array, not a Map. */
const SMALL_INTEGERS = 1024;

/** A number with thousands separators ("1,234.5", "1.234,5", "1 234") that the column's rule does not read. */
const NUMBER_LIKE = /^\s*[+-]?\d{1,3}(?:[,.'\u00a0\u202f ]\d{3})+(?:[.,]\d+)?\s*$/;

/** The first cell of a kind seen, with its line, for messages. */
export interface CellExample { text: string; line: number }

/** Everything inspection learns about one column in a single pass, in bounded memory. */
export class ColumnProfile {
  nonMissing = 0;
  missing = 0;
  numeric = 0;
  integers = 0;
  dates = 0;
  count = 0; // numeric values in the moments (finite, float32-range)
  mean = 0;
  m2 = 0; // Σ(x − mean)², Welford
  min = Infinity;
  max = -Infinity;
  dateMin = Infinity;
  dateMax = -Infinity;
  increasing = true; // every number an integer greater than the one before (row ids)
  private last = -Infinity;
  private readonly numberSlots = new Map<number, number>(); // value → slot in tallyCounts
  private readonly textSlots = new Map<string, number>();
  private distinctSeen = 0;
  private smallIntegerSlots: Int16Array | null = null; // made at the first small integer
  private tallyCounts = new Float64Array(8); // grows ×2 up to distinctCap: a wide file's columns stay small
  tallyOverflowed = false;
  firstNonNumeric: CellExample | null = null;
  firstNonDate: CellExample | null = null;
  nonNumeric = 0;
  /** cells that are an infinity or beyond float32 ("inf", "1e39"): numeric columns treat them as missing */
  unusable = 0;
  firstUnusable: CellExample | null = null;
  /** cells that read as numbers to a person but not under the column's rule: "1,234" */
  numberLike = 0;
  firstNumberLike: CellExample | null = null;
  readonly reservoir: number[] = [];
  private seen = 0;
  private weight = 1; // Algorithm L's W
  private nextSample = Infinity;
  private rng: Random | null = null; // made when the reservoir first fills

  /** `rule`: how this column's cells are read as numbers (the file's decimal mark, or the column's convention) */
  constructor(private readonly seed: number, readonly rule: NumberRule = { decimalComma: false }) {}

  /** The number the last added cell held: a float32-range value, ±Infinity when unusable (readNumber), NaN when missing or not a number. */
  lastNumber = NaN;

  /** Counts one raw cell found on `line`. */
  add(cell: string, line: number): void {
    this.lastNumber = NaN;
    if (isMissing(cell)) { this.missing++; return; }
    this.nonMissing++;
    const x = readNumber(cell, this.rule);
    this.lastNumber = x;
    if (isUnusableNumber(x)) {
      this.unusable++;
      this.firstUnusable ??= { text: cell, line };
      this.increasing = false;
      this.countValue(this.textSlots, cell.trim()); // a category, should the column not be numeric
    } else if (x === x) {
      if (x >= 0 && x < SMALL_INTEGERS && (x | 0) === x) this.countSmallInteger(x);
      else this.countValue(this.numberSlots, x);
      this.addNumber(x);
    } else {
      this.countValue(this.textSlots, hasOuterSpace(cell) ? cell.trim() : cell);
      this.addNonNumber(cell, line);
    }
  }

  /** Tallies a value (numbers keyed by value: hashing a number is much cheaper than hashing a fresh string). */
  private countValue<K>(slots: Map<K, number>, key: K): void {
    // past the cap, text values already tallied keep counting (distinctShare needs their repeats); numbers stop
    if (this.tallyOverflowed && slots !== (this.textSlots as Map<unknown, number>)) return;
    const slot = slots.get(key);
    if (slot !== undefined) { this.tallyCounts[slot]++; return; }
    if (this.tallyOverflowed) return;
    if (this.distinctSeen >= PROFILE_LIMITS.distinctCap) { this.tallyOverflowed = true; return; }
    if (this.distinctSeen === this.tallyCounts.length) this.growTally();
    this.tallyCounts[this.distinctSeen] = 1;
    slots.set(key, this.distinctSeen++);
  }

  private growTally(): void {
    const grown = new Float64Array(Math.min(PROFILE_LIMITS.distinctCap, this.tallyCounts.length * 2));
    grown.set(this.tallyCounts);
    this.tallyCounts = grown;
  }

  private countSmallInteger(x: number): void {
    const slots = this.smallIntegerSlots ??= new Int16Array(SMALL_INTEGERS).fill(-1);
    const slot = slots[x];
    if (slot >= 0) { this.tallyCounts[slot]++; return; }
    if (this.tallyOverflowed) return;
    this.countValue(this.numberSlots, x);
    slots[x] = this.numberSlots.get(x) ?? -1;
  }

  /** Distinct values (up to the cap) with their counts; numbers spelled canonically ("1.0" → "1"). */
  get tally(): Map<string, number> {
    const entries: [string, number][] = [];
    for (const [value, slot] of this.numberSlots) entries.push([String(value), slot]);
    for (const [value, slot] of this.textSlots) entries.push([value, slot]);
    return new Map(entries.sort((a, b) => a[1] - b[1]).map(([value, slot]) => [value, this.tallyCounts[slot]]));
  }

  private addNumber(x: number): void {
    this.numeric++;
    if (Number.isInteger(x)) this.integers++;
    this.increasing &&= Number.isInteger(x) && x > this.last;
    this.last = x;
    this.count++;
    const delta = x - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.sample(x);
  }

  private addNonNumber(cell: string, line: number): void {
    this.nonNumeric++;
    if (NUMBER_LIKE.test(cell)) { this.numberLike++; this.firstNumberLike ??= { text: cell, line }; }
    this.increasing = false;
    this.firstNonNumeric ??= { text: cell, line };
    if (this.nonNumeric > 20 && this.dates < 0.9 * this.nonNumeric) return; // not a date column: stop trying
    const ms = parseDate(cell);
    if (ms === ms) {
      this.dates++;
      if (ms < this.dateMin) this.dateMin = ms;
      if (ms > this.dateMax) this.dateMax = ms;
    } else this.firstNonDate ??= { text: cell, line };
  }

  /**
   * Reservoir sampling, Algorithm L (Li 1994): after the reservoir fills, skip a geometric number of values,
   * so the generator runs O(k log(n/k)) times instead of once per value; each value is kept with probability k/n.
   */
  private sample(x: number): void {
    this.seen++;
    const k = PROFILE_LIMITS.reservoirSize;
    if (this.reservoir.length < k) {
      this.reservoir.push(x);
      if (this.reservoir.length === k) this.scheduleNextSample();
      return;
    }
    if (this.seen < this.nextSample) return;
    this.reservoir[this.rng!.int(k)] = x;
    this.scheduleNextSample();
  }

  private scheduleNextSample(): void {
    this.rng ??= new Random(this.seed);
    const k = PROFILE_LIMITS.reservoirSize;
    this.weight *= Math.exp(Math.log(this.uniformOpen()) / k);
    this.nextSample = this.seen + Math.floor(Math.log(this.uniformOpen()) / Math.log(1 - this.weight)) + 1;
  }

  private uniformOpen(): number {
    let u = 0;
    while (u === 0) u = this.rng!.uniform();
    return u;
  }

  /** Sample standard deviation √(M2 / (n − 1)) (0 for fewer than 2 values). */
  get std(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }

  /** Distinct non-missing values, or the cap when there were more. */
  get distinct(): number {
    return this.tallyOverflowed ? PROFILE_LIMITS.distinctCap : this.distinctSeen;
  }

  /**
   * Share of distinct values among the non-missing cells: distinct / cells; past the cap, 1 − repeats / cells,
   * where repeats are the cells that came back to a tallied value (the tallied values keep counting): a
   * 3,000-level category in 9,000 rows repeats most of its tallied levels (≈ 0.5); ids never repeat (1).
   */
  get distinctShare(): number {
    if (!this.tallyOverflowed) return this.distinctSeen / Math.max(1, this.nonMissing);
    let tallied = 0;
    for (let slot = 0; slot < this.distinctSeen; slot++) tallied += this.tallyCounts[slot];
    return 1 - (tallied - this.distinctSeen) / Math.max(1, this.nonMissing);
  }

  /** True when every distinct value seen occurred once. */
  get allValuesUnique(): boolean {
    for (let slot = 0; slot < this.distinctSeen; slot++) if (this.tallyCounts[slot] !== 1) return false;
    return true;
  }

  /** Counts of the reservoir's numbers in `bins` equal-width bins over [min, max]. */
  histogram(bins = PROFILE_LIMITS.histogramBins): number[] {
    const counts = new Array<number>(bins).fill(0);
    const width = (this.max - this.min) / bins;
    for (const x of this.reservoir) counts[width > 0 ? Math.min(bins - 1, Math.floor((x - this.min) / width)) : 0]++;
    return counts;
  }

  /** Most frequent values, most frequent first (ties in first-seen order). */
  topValues(limit = PROFILE_LIMITS.topValues): { value: string; count: number }[] {
    return [...this.tally].map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count).slice(0, limit);
  }
}

/** A leading or trailing space (or tab) that trimming would remove. */
function hasOuterSpace(cell: string): boolean {
  return cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32);
}
