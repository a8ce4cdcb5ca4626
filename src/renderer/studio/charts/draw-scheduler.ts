import type { Chart } from 'chart.js';

/**
 * Paces chart redraws so the page's main thread stays free: a chart asks to be redrawn, and the
 * scheduler redraws it on a later animation frame — one chart per frame, each no more often than
 * every `minIntervalMs` (longer for charts that proved slow to draw).
 * Metrics arrive up to 20 times a second; the eye needs far fewer redraws than that.
 */
const minIntervalMs = 200;
const maxIntervalMs = 1000;

const pending = new Set<Chart>();
const beforeDraw = new WeakMap<Chart, () => void>();
const lastDrawnAt = new WeakMap<Chart, number>();
/** smoothed milliseconds per draw */
const lastCostMs = new WeakMap<Chart, number>();
let isScheduled = false;

/** Asks for a redraw; `prepare` runs just before it (to hand chart.js the latest points). */
export function requestDraw(chart: Chart, prepare?: () => void): void {
  if (prepare) beforeDraw.set(chart, prepare);
  pending.add(chart);
  schedule();
}

export function cancelDraw(chart: Chart): void {
  pending.delete(chart);
}

function schedule(): void {
  if (isScheduled) return;
  isScheduled = true;
  requestAnimationFrame(drawDue);
}

function drawDue(): void {
  isScheduled = false;
  // the chart waiting longest goes first
  const due = [...pending].sort((a, b) => (lastDrawnAt.get(a) ?? 0) - (lastDrawnAt.get(b) ?? 0));
  for (const chart of due) {
    const now = performance.now();
    // a chart that takes c ms to draw waits 20·c ms (its smoothed cost) between draws: ≤ 5% of the thread each
    const interval = Math.min(maxIntervalMs, Math.max(minIntervalMs, 20 * (lastCostMs.get(chart) ?? 0)));
    if (now - (lastDrawnAt.get(chart) ?? -Infinity) < interval) continue;
    pending.delete(chart);
    try {
      beforeDraw.get(chart)?.();
      chart.update('none');
    } catch (error) {
      // one chart's failure must not stop the others from drawing
      console.error('chart redraw failed', error);
    }
    const drawnAt = performance.now();
    lastDrawnAt.set(chart, drawnAt);
    // the first draw also lays the canvas out: it says little about the next ones
    const previous = lastCostMs.get(chart);
    lastCostMs.set(chart, previous === undefined ? 0 : 0.7 * previous + 0.3 * (drawnAt - now));
    break; // one chart per frame: a frame's work stays one chart's draw
  }
  if (pending.size > 0) schedule();
}
