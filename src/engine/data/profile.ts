/** Streaming statistics of one column: counts, numeric moments, a capped value tally, a reservoir for histograms. */
import { fitsFloat32, isMissing, parseDate, parseNumber } from './cells';
import { Random } from '../random';

export const PROFILE_LIMITS = { distinctCap: 2048, reservoirSize: 2048, histogramBins: 20, topValues: 10 };

/** The first cell of a kind seen, with its line, for messages. */
export interface CellExample { text: string; line: number }

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
  readonly tally = new Map<string, number>();
  tallyOverflowed = false;
  firstNonNumeric: CellExample | null = null;
  firstNonDate: CellExample | null = null;
  nonNumeric = 0;
  readonly reservoir: number[] = [];
  private seen = 0;
  private rng: Random | null = null; // made when the reservoir first fills

  constructor(private readonly seed: number) {}

  /** Counts one raw cell found on `line`. */
  add(cell: string, line: number, decimalComma: boolean): void {
    if (isMissing(cell)) { this.missing++; return; }
    this.nonMissing++;
    this.countValue(cell);
    const x = parseNumber(cell, decimalComma);
    if (x === x && fitsFloat32(x)) this.addNumber(x);
    else this.addNonNumber(cell, line);
  }

  private countValue(cell: string): void {
    if (this.tallyOverflowed) return;
    const key = cell.trim();
    const count = this.tally.get(key);
    if (count !== undefined) this.tally.set(key, count + 1);
    else if (this.tally.size < PROFILE_LIMITS.distinctCap) this.tally.set(key, 1);
    else this.tallyOverflowed = true;
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

  /** Reservoir sampling (Algorithm R): each number kept with probability size/seen. */
  private sample(x: number): void {
    this.seen++;
    if (this.reservoir.length < PROFILE_LIMITS.reservoirSize) { this.reservoir.push(x); return; }
    this.rng ??= new Random(this.seed);
    const j = this.rng.int(this.seen);
    if (j < PROFILE_LIMITS.reservoirSize) this.reservoir[j] = x;
  }

  /** Sample standard deviation √(M2 / (n − 1)) (0 for fewer than 2 values). */
  get std(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }

  /** Distinct non-missing values, or the cap when there were more. */
  get distinct(): number {
    return this.tallyOverflowed ? PROFILE_LIMITS.distinctCap : this.tally.size;
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
