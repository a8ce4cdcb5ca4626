/** A chart point: x is an epoch or a step, y the value. */
export interface Point {
  x: number;
  y: number;
}

/**
 * An append-only series that never holds more than `maxPoints` points: when full, neighbouring pairs
 * merge into their mean and each later point averages twice as many raw values (stride doubles).
 * Long runs stay cheap to chart and the shape of the curve is kept. `points` is mutated in place, so a
 * chart holding the array sees the appends.
 */
export class DecimatedSeries {
  readonly points: Point[] = [];
  readonly maxPoints: number;
  #stride = 1;
  #bucketSum = 0;
  #bucketCount = 0;
  #rawCount = 0;

  constructor(maxPoints = 1500) {
    if (maxPoints < 2) throw new Error(`maxPoints must be at least 2, got ${maxPoints}`);
    this.maxPoints = maxPoints;
  }

  /** how many raw values each point averages now */
  get stride(): number { return this.#stride; }
  /** how many values were pushed in all */
  get rawCount(): number { return this.#rawCount; }

  push(x: number, y: number): void {
    this.#rawCount++;
    if (!Number.isFinite(y)) return; // a NaN would break the mean; gaps are fine on a chart
    this.#bucketSum += y;
    this.#bucketCount++;
    if (this.#bucketCount < this.#stride) return;
    this.points.push({ x, y: this.#bucketSum / this.#bucketCount });
    this.#bucketSum = 0;
    this.#bucketCount = 0;
    if (this.points.length > this.maxPoints) this.#halve();
  }

  #halve(): void {
    const merged: Point[] = [];
    for (let i = 0; i + 1 < this.points.length; i += 2) {
      const a = this.points[i];
      const b = this.points[i + 1];
      merged.push({ x: b.x, y: (a.y + b.y) / 2 });
    }
    if (this.points.length % 2 === 1) merged.push(this.points[this.points.length - 1]);
    this.points.length = 0;
    for (const p of merged) this.points.push(p);
    this.#stride *= 2;
  }
}

/**
 * At most `maxPoints` points for drawing: the x range is cut into maxPoints/2 buckets and each keeps
 * its lowest and highest point, in x order, so spikes survive (unlike averaging). Shorter series are
 * returned as a copy.
 */
export function thinForDrawing(points: readonly Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints) return points.slice();
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const perBucket = points.length / buckets;
  const thinned: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * perBucket);
    const end = Math.min(points.length, Math.floor((b + 1) * perBucket));
    if (end <= start) continue;
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i].y < points[low].y) low = i;
      if (points[i].y > points[high].y) high = i;
    }
    if (low === high) thinned.push(points[low]);
    else if (low < high) thinned.push(points[low], points[high]);
    else thinned.push(points[high], points[low]);
  }
  return thinned;
}
