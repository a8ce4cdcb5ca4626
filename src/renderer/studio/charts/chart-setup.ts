import {
  Chart, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip,
  type ChartDataset, type Plugin,
} from 'chart.js';
import type { ChartInk, DrawnExtras, DrawnSeries } from './chart-protocol';
import { decadeStep, formatLogTick } from './log-ticks';
import type { Point } from '../state/decimated-series';
import { formatTick } from '../state/format';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

/** What a chart needs beyond its points: marks, the diagonal, its ink (kept outside chart.js options: changing those is costly). */
export interface ChartExtras extends DrawnExtras {
  ink: ChartInk;
}

const extrasOf = new WeakMap<Chart, ChartExtras>();

export function setExtras(chart: Chart, extras: ChartExtras): void {
  extrasOf.set(chart, extras);
}

/** Most clip-hit ticks drawn on one chart (a few hundred pixels wide): beyond it every k-th. */
const MAX_TOP_TICKS = 400;

/** Draws the bands (behind the curves): a tinted strip between two y values with its label at the left. */
const bandsBehind: Plugin<'line'> = {
  id: 'bandsBehind',
  beforeDatasetsDraw(chart) {
    const extras = extrasOf.get(chart as unknown as Chart);
    const y = chart.scales.y;
    if (!extras || !y || extras.bands.length === 0) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = '10px system-ui, sans-serif';
    for (const band of extras.bands) {
      const edge = (value: number): number => (value === Infinity ? chartArea.top : value === -Infinity ? chartArea.bottom
        : Math.min(chartArea.bottom, Math.max(chartArea.top, y.getPixelForValue(value))));
      const top = edge(band.to), bottom = edge(band.from);
      if (bottom - top < 1) continue;
      ctx.fillStyle = extras.ink.band;
      ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, bottom - top);
      ctx.fillStyle = extras.ink.muted;
      ctx.fillText(band.label, chartArea.left + 4, band.to === Infinity ? top + 17 : bottom - 3);
    }
    ctx.restore();
  },
};

/** Short ticks along the plot's top edge at each x in `topTicks` (the steps where the gradient was clipped). */
function drawTopTicks(chart: Chart<'line'>, extras: ChartExtras): void {
  const x = chart.scales.x;
  const { ctx, chartArea } = chart;
  const every = Math.max(1, Math.ceil(extras.topTicks.length / MAX_TOP_TICKS));
  ctx.strokeStyle = extras.ink.clip;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  for (let i = 0; i < extras.topTicks.length; i += every) {
    const px = x.getPixelForValue(extras.topTicks[i]);
    if (!(px >= chartArea.left && px <= chartArea.right)) continue;
    ctx.moveTo(px, chartArea.top);
    ctx.lineTo(px, chartArea.top + 6);
  }
  ctx.stroke();
}

/** Draws the vertical marks (settings changes, best epoch), the clip-hit ticks and the optional y = x diagonal. */
const verticalMarks: Plugin<'line'> = {
  id: 'verticalMarks',
  afterDatasetsDraw(chart) {
    const extras = extrasOf.get(chart as unknown as Chart);
    if (!extras) return;
    const { marks, diagonal, ink } = extras;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    const y = scales.y;
    if (!x || !y) return;
    ctx.save();
    if (extras.topTicks.length > 0) drawTopTicks(chart, extras);
    ctx.font = '10px system-ui, sans-serif';
    for (const mark of marks) {
      const px = x.getPixelForValue(mark.x);
      if (!(px >= chartArea.left && px <= chartArea.right)) continue;
      ctx.strokeStyle = mark.kind === 'best' ? ink.best : ink.mark;
      ctx.fillStyle = ctx.strokeStyle;
      ctx.setLineDash(mark.kind === 'best' ? [2, 3] : [5, 3]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      const text = mark.label.length > 28 ? `${mark.label.slice(0, 27)}…` : mark.label;
      const width = ctx.measureText(text).width;
      const tx = px + 3 + width > chartArea.right ? px - 3 - width : px + 3;
      ctx.fillText(text, tx, chartArea.top + (mark.kind === 'best' ? 20 : 10));
    }
    if (diagonal) {
      const lo = Math.max(x.min, y.min);
      const hi = Math.min(x.max, y.max);
      if (hi > lo) {
        ctx.strokeStyle = ink.muted;
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(x.getPixelForValue(lo), y.getPixelForValue(lo));
        ctx.lineTo(x.getPixelForValue(hi), y.getPixelForValue(hi));
        ctx.stroke();
      }
    }
    ctx.restore();
  },
};

/** The dot a series of one point is drawn as (a line needs two). */
export const LONE_POINT_RADIUS = 2.5;

/**
 * A line's points unmarked, but for a line of one point, which would draw nothing (the first epoch's value,
 * until the second arrives). Scriptable, so chart.js resolves it at each update: a plain value changed on
 * the dataset later stays cached in the elements' shared options under update('none').
 */
export function lineRadius(context: { dataset: { data: unknown[] } }): number {
  return context.dataset.data.length === 1 ? LONE_POINT_RADIUS : 0;
}

export function toDataset(series: DrawnSeries): ChartDataset<'line', Point[]> {
  return {
    label: series.label,
    data: series.points,
    borderColor: series.color,
    backgroundColor: series.color,
    borderDash: series.dashed ? [6, 4] : [],
    borderWidth: series.dotsOnly ? 0 : 1.75,
    pointRadius: series.dotsOnly ? 2 : lineRadius,
    pointHoverRadius: 4,
    showLine: !series.dotsOnly,
    tension: 0,
    spanGaps: true,
    normalized: true,
    parsing: false,
  };
}

export interface ChartShape {
  logY: boolean;
  xTitle: string;
  yTitle: string;
  ink: ChartInk;
  /** the OffscreenCanvas path has no DOM events: the page forwards the pointer */
  events: boolean;
  /** y values the axis always shows (so a band stays in view) */
  yRange?: [number, number];
}

/** A grid line's colour on a log axis: the ink's grid colour at a labelled decade, none elsewhere. */
function labelledGridColor(context: { chart: unknown; tick?: { label?: unknown } }): string {
  const ink = extrasOf.get(context.chart as Chart)?.ink;
  return context.tick?.label && ink ? ink.grid : 'transparent';
}

const decadeSteps = new WeakMap<object, number>();

/** The label step of an axis's ticks, worked out once per tick list (chart.js calls the formatter per tick). */
function stepOf(ticks: { value: number }[]): number {
  let step = decadeSteps.get(ticks);
  if (step === undefined) decadeSteps.set(ticks, step = decadeStep(ticks.map((t) => t.value)));
  return step;
}

/** Linear-axis tick labels through the studio's one number format (log axes keep their own ticks). */
const linearTick = (value: number | string): string => formatTick(Number(value));

/** A line chart for live curves: no animation, no chart.js legend (the page draws one in HTML). */
export function createChart(canvas: HTMLCanvasElement | OffscreenCanvas, shape: ChartShape): Chart {
  const axis = (title: string) => ({
    // a log axis measures every label (most of its ticks have none, so a sample of 6 would size it too narrow)
    ticks: { color: shape.ink.muted, ...(shape.logY ? {} : { sampleSize: 6 }), maxRotation: 0 },
    grid: { color: shape.ink.grid },
    title: { display: true, text: title, color: shape.ink.muted },
  });
  const chart = new Chart<'line', Point[]>(canvas as HTMLCanvasElement, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: !(typeof OffscreenCanvas !== 'undefined' && canvas instanceof OffscreenCanvas),
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      events: shape.events ? ['mousemove', 'mouseout', 'touchstart', 'touchmove'] : [],
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', ...axis(shape.xTitle), ticks: { ...axis(shape.xTitle).ticks, maxTicksLimit: 6, callback: linearTick } },
        y: {
          type: shape.logY ? 'logarithmic' : 'linear', ...axis(shape.yTitle),
          ...(shape.yRange ? { suggestedMin: shape.yRange[0], suggestedMax: shape.yRange[1] } : {}),
          // a log axis labels its decades (1e-6 … 100), never "0.0000"; its in-between ticks stay unlabelled
          ticks: shape.logY ? { ...axis(shape.yTitle).ticks, autoSkip: false, callback: (value, _index, ticks) => formatLogTick(Number(value), stepOf(ticks)) }
            : { ...axis(shape.yTitle).ticks, maxTicksLimit: 5, callback: linearTick },
          // on a log axis only the labelled decades get a grid line (not 2…9 × 10ᵏ of every decade)
          ...(shape.logY ? { grid: { color: labelledGridColor } } : {}),
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${Number((item.raw as Point).y.toPrecision(4))}`,
            title: (items) => (items[0] ? `${shape.xTitle} ${Number((items[0].raw as Point).x.toPrecision(6))}` : ''),
          },
        },
      },
    },
    plugins: [bandsBehind, verticalMarks],
  });
  const result = chart as unknown as Chart;
  setExtras(result, { marks: [], bands: [], topTicks: [], diagonal: false, ink: shape.ink });
  return result;
}

/** Puts new series into a chart (new arrays: chart.js re-reads them once). */
export function setSeries(chart: Chart, series: DrawnSeries[]): void {
  const datasets = chart.data.datasets as ChartDataset<'line', Point[]>[];
  series.forEach((s, i) => {
    const existing = datasets[i];
    if (!existing) datasets.push(toDataset(s));
    else {
      existing.data = s.points;
      if (existing.label !== s.label) existing.label = s.label;
      if (existing.borderColor !== s.color) Object.assign(existing, { borderColor: s.color, backgroundColor: s.color });
    }
  });
  datasets.length = series.length;
}

/** New ink and titles: set the leaves, never spread (chart.js options are proxies). */
export function setTheme(chart: Chart, ink: ChartInk, xTitle: string, yTitle: string): void {
  for (const axis of ['x', 'y'] as const) {
    const scale = chart.options.scales![axis] as { type?: string; grid: { color: string }; ticks: { color: string }; title: { color: string; text: string } };
    if (scale.type !== 'logarithmic') scale.grid.color = ink.grid; // a log axis's grid colour reads the ink itself
    scale.ticks.color = ink.muted;
    scale.title.color = ink.muted;
    scale.title.text = axis === 'x' ? xTitle : yTitle;
  }
  const extras = extrasOf.get(chart);
  if (extras) extras.ink = ink;
}
