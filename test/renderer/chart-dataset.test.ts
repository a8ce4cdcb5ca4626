import { describe, expect, it } from 'vitest';
import { LONE_POINT_RADIUS, lineRadius, setSeries, toDataset } from '../../src/renderer/studio/charts/chart-setup';

const series = (points: { x: number; y: number }[], dotsOnly = false) => ({ label: 'train', color: '#36c', dashed: false, dotsOnly, points });
/** The radius chart.js resolves for a dataset's points: a scriptable option is called with the dataset in its context. */
const radiusOf = (dataset: ReturnType<typeof toDataset>): number =>
  typeof dataset.pointRadius === 'function' ? (dataset.pointRadius as typeof lineRadius)({ dataset }) : dataset.pointRadius as number;

describe('a chart series as chart.js draws it', () => {
  it('draws a series of one point (the first epoch) as a dot, since a line of one point shows nothing', () => {
    const dataset = toDataset(series([{ x: 1, y: 0.7 }]));
    expect(radiusOf(dataset)).toBe(LONE_POINT_RADIUS);
    expect(dataset.showLine).toBe(true);
  });

  it('draws a longer series as a line without markers (control: the dot is for the lone point only)', () => {
    expect(radiusOf(toDataset(series([{ x: 1, y: 0.7 }, { x: 2, y: 0.5 }])))).toBe(0);
    expect(radiusOf(toDataset(series([])))).toBe(0);
  });

  it('keeps a scatter series as dots without a line', () => {
    const dataset = toDataset(series([{ x: 1, y: 1 }, { x: 2, y: 3 }], true));
    expect(radiusOf(dataset)).toBe(2);
    expect(dataset.showLine).toBe(false);
  });
});

describe('a chart\'s series updated in place', () => {
  it('loses the lone point\'s dot once the second point arrives, and keeps the line', () => {
    const chart = { data: { datasets: [] as ReturnType<typeof toDataset>[] } };
    setSeries(chart as never, [series([{ x: 1, y: 0.7 }])]);
    expect(radiusOf(chart.data.datasets[0])).toBe(LONE_POINT_RADIUS);
    setSeries(chart as never, [series([{ x: 1, y: 0.7 }, { x: 2, y: 0.5 }])]);
    expect(radiusOf(chart.data.datasets[0])).toBe(0);
    expect(chart.data.datasets[0].data).toHaveLength(2);
  });
});

/** A 2D context that draws nothing and counts the arcs chart.js strokes (its point markers are arcs). */
function countingCanvas(): { canvas: unknown; arcs: () => number } {
  let arcs = 0;
  const ctx: Record<string, unknown> = new Proxy({}, {
    get: (target: Record<string | symbol, unknown>, key) => {
      if (key in target) return target[key];
      if (key === 'canvas') return canvas;
      if (key === 'measureText') return (text: string) => ({ width: 6 * String(text).length, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 });
      if (key === 'getLineDash') return () => [];
      if (key === 'arc') return () => { arcs++; };
      return () => undefined;
    },
    set: (target: Record<string | symbol, unknown>, key, value) => { target[key] = value; return true; },
  });
  const canvas = { width: 400, height: 240, style: {}, getContext: () => ctx, addEventListener: () => undefined, removeEventListener: () => undefined };
  return { canvas, arcs: () => arcs };
}

describe('a line chart drawn by chart.js (a counting context, no browser)', () => {
  const ink = { text: '#222', muted: '#666', grid: '#ddd', clip: '#c00', best: '#080', settings: '#888' };

  it('marks a lone point with a dot, and none once the line has two points (updated in place, as the chart worker does)', async () => {
    const { createChart } = await import('../../src/renderer/studio/charts/chart-setup');
    const { canvas, arcs } = countingCanvas();
    const chart = createChart(canvas as never, { logY: false, xTitle: 'epoch', yTitle: 'loss', ink: ink as never, events: false });
    setSeries(chart, [series([])]);
    chart.update('none');
    const empty = arcs();
    setSeries(chart, [series([{ x: 1, y: 0.7 }])]);
    chart.update('none');
    const lone = arcs() - empty;
    setSeries(chart, [series([{ x: 1, y: 0.7 }, { x: 2, y: 0.5 }])]);
    chart.update('none');
    const line = arcs() - empty - lone;
    chart.destroy();
    expect(lone).toBeGreaterThan(0);
    expect(line).toBe(0);
  });
});
