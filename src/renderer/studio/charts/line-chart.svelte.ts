import type { Chart } from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { thinForDrawing, type Point } from '../state/decimated-series';
import type { ChartWorkerRequest, DrawnBand, DrawnExtras, DrawnSeries } from './chart-protocol';
import { createChart, setExtras, setSeries, setTheme } from './chart-setup';
import { cancelDraw, requestDraw } from './draw-scheduler';
import { colorScheme } from './theme.svelte';

/** Points per series handed to chart.js: a chart panel is a few hundred pixels wide. */
const MAX_DRAWN_POINTS = 300;

export interface ChartSeries {
  label: string;
  /** read when the chart redraws (thinned and copied then) */
  points: Point[];
  color: string;
  dashed?: boolean;
  /** dots only (scatter) */
  dotsOnly?: boolean;
}

/** A vertical line across the plot at x (a settings change, the best epoch). */
export interface VerticalMark {
  x: number;
  label: string;
  kind: 'settings' | 'best';
}

export interface ChartInput {
  series: ChartSeries[];
  marks?: VerticalMark[];
  xTitle: string;
  yTitle: string;
  logY?: boolean;
  /** a number that changes when the points grew; reading it subscribes the chart */
  revision: number;
  /** a diagonal y = x line (predicted vs actual) */
  diagonal?: boolean;
  /** tinted horizontal bands (the gradient chart's vanishing and exploding zones) */
  bands?: DrawnBand[];
  /** x values marked by short ticks along the top (steps whose gradient was clipped) */
  topTicks?: number[];
  /** y values the axis always shows, fixed when the chart is made */
  yRange?: [number, number];
}

/** The extras of an input, as plain data for chart.js or the worker. */
function extrasOf(input: ChartInput): DrawnExtras {
  return { marks: input.marks ?? [], bands: input.bands ?? [], topTicks: input.topTicks ? [...input.topTicks] : [], diagonal: !!input.diagonal };
}

/** What the chart shows, as attributes a reader (or a test) can check without reading pixels. */
function describeOnCanvas(canvas: HTMLCanvasElement, input: ChartInput): void {
  const points = input.series[0]?.points ?? [];
  canvas.dataset.points = String(points.length);
  canvas.dataset.firstY = String(points[0]?.y ?? '');
  canvas.dataset.lastY = String(points.at(-1)?.y ?? '');
  const drawn = thinForDrawing(points, MAX_DRAWN_POINTS); // a long series is thinned to what the chart draws
  canvas.dataset.drawnPoints = String(drawn.length);
  canvas.dataset.drawnFirstY = String(drawn[0]?.y ?? '');
  canvas.dataset.drawnLastY = String(drawn.at(-1)?.y ?? '');
  canvas.dataset.marks = String(input.marks?.filter((m) => m.kind === 'settings').length ?? 0);
  if (input.topTicks) canvas.dataset.topTicks = String(input.topTicks.length);
}

/** The series as the chart draws them: each thinned to at most MAX_DRAWN_POINTS (lows and highs kept), as plain data. */
export function drawnSeries(input: ChartInput): DrawnSeries[] {
  return input.series.map((s) => ({
    label: s.label, color: s.color, dashed: !!s.dashed, dotsOnly: !!s.dotsOnly, points: thinForDrawing(s.points, MAX_DRAWN_POINTS),
  }));
}

let chartWorker: Worker | null = null;
let nextChartId = 1;

/** The one worker that draws every chart (made on first use). */
function worker(): Worker {
  chartWorker ??= new Worker(new URL('./chart.worker.ts', import.meta.url), { type: 'module', name: 'charts' });
  return chartWorker;
}

function canDrawOffThread(canvas: HTMLCanvasElement): boolean {
  return typeof OffscreenCanvas !== 'undefined' && typeof canvas.transferControlToOffscreen === 'function' && typeof Worker !== 'undefined';
}

/**
 * Attaches a live line chart to a canvas. Where the browser allows it the chart is drawn by a worker
 * on an OffscreenCanvas (a redraw never holds the page's main thread); otherwise on the page, paced by
 * the draw scheduler. Either way the chart is made once and updated in place, without animation.
 */
export function lineChart(input: () => ChartInput): Attachment<HTMLCanvasElement> {
  return (canvas) => (canDrawOffThread(canvas) ? attachOffThread(canvas, input) : attachOnPage(canvas, input));
}

function attachOffThread(canvas: HTMLCanvasElement, input: () => ChartInput): () => void {
  const id = nextChartId++;
  const post = (request: ChartWorkerRequest, transfer: Transferable[] = []): void => worker().postMessage(request, transfer);
  untrack(() => {
    const first = input();
    const offscreen = canvas.transferControlToOffscreen();
    const box = canvas.parentElement ?? canvas;
    post({ type: 'create', id, canvas: offscreen, width: box.clientWidth, height: box.clientHeight, pixelRatio: window.devicePixelRatio || 1,
      logY: !!first.logY, xTitle: first.xTitle, yTitle: first.yTitle, ink: colorScheme.ink, yRange: first.yRange }, [offscreen]);
  });

  const resizeObserver = new ResizeObserver(() => {
    const box = canvas.parentElement ?? canvas;
    post({ type: 'resize', id, width: box.clientWidth, height: box.clientHeight });
  });
  resizeObserver.observe(canvas.parentElement ?? canvas);

  // hover: the worker's chart has no DOM, so the pointer is forwarded (once per frame)
  let hoverFrame = 0;
  const onMove = (event: PointerEvent): void => {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    cancelAnimationFrame(hoverFrame);
    hoverFrame = requestAnimationFrame(() => post({ type: 'hover', id, x, y }));
  };
  const onLeave = (): void => {
    cancelAnimationFrame(hoverFrame);
    post({ type: 'leave', id });
  };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', onLeave);

  $effect(() => {
    const ink = colorScheme.ink;
    untrack(() => {
      const { xTitle, yTitle } = input();
      post({ type: 'theme', id, ink, xTitle, yTitle });
    });
  });

  $effect(() => {
    const next = input();
    void next.revision;
    untrack(() => {
      post({ type: 'data', id, series: drawnSeries(next), ...extrasOf(next) });
      describeOnCanvas(canvas, next);
    });
  });

  return () => {
    resizeObserver.disconnect();
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerleave', onLeave);
    cancelAnimationFrame(hoverFrame);
    post({ type: 'destroy', id });
  };
}

function attachOnPage(canvas: HTMLCanvasElement, input: () => ChartInput): () => void {
  const chart: Chart = untrack(() => {
    const first = input();
    return createChart(canvas, { logY: !!first.logY, xTitle: first.xTitle, yTitle: first.yTitle, ink: colorScheme.ink, events: true, yRange: first.yRange });
  });

  $effect(() => {
    const ink = colorScheme.ink;
    untrack(() => {
      const { xTitle, yTitle } = input();
      setTheme(chart, ink, xTitle, yTitle);
      requestDraw(chart);
    });
  });

  // points and marks on every revision; the copy to chart.js waits for the paced redraw
  $effect(() => {
    const next = input();
    void next.revision;
    untrack(() => {
      requestDraw(chart, () => {
        setSeries(chart, drawnSeries(next));
        setExtras(chart, { ...extrasOf(next), ink: colorScheme.ink });
        describeOnCanvas(canvas, next);
      });
    });
  });

  return () => {
    cancelDraw(chart);
    chart.destroy();
  };
}
