/// <reference lib="webworker" />
// Draws the studio's charts on OffscreenCanvas, so a redraw never blocks the page's main thread.
import type { Chart } from 'chart.js';
import type { ChartInk, ChartWorkerRequest } from './chart-protocol';
import { createChart, setExtras, setSeries, setTheme } from './chart-setup';
import { nextRoundDelay } from './draw-pacing';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const charts = new Map<number, Chart>();
const inks = new Map<number, ChartInk>();
const dirty = new Set<number>();
let drawTimer: ReturnType<typeof setTimeout> | null = null;
let lastRoundEndedAt = -Infinity;
let lastRoundCostMs = 0;

function requestDraw(id: number): void {
  dirty.add(id);
  drawTimer ??= setTimeout(drawDirty, nextRoundDelay(performance.now(), lastRoundEndedAt, lastRoundCostMs));
}

function drawDirty(): void {
  drawTimer = null;
  const started = performance.now();
  for (const id of dirty) {
    try {
      charts.get(id)?.update('none');
    } catch (error) {
      console.error('chart redraw failed', error);
    }
  }
  dirty.clear();
  lastRoundEndedAt = performance.now();
  lastRoundCostMs = lastRoundEndedAt - started;
}

scope.addEventListener('message', (event: MessageEvent<ChartWorkerRequest>) => {
  const request = event.data;
  const chart = charts.get(request.id);
  switch (request.type) {
    case 'create': {
      const { canvas, width, height, pixelRatio } = request;
      canvas.width = Math.max(1, Math.round(width * pixelRatio));
      canvas.height = Math.max(1, Math.round(height * pixelRatio));
      const created = createChart(canvas, { logY: request.logY, xTitle: request.xTitle, yTitle: request.yTitle, ink: request.ink, events: false,
        yRange: request.yRange });
      created.options.devicePixelRatio = pixelRatio;
      created.resize(width, height);
      charts.set(request.id, created);
      inks.set(request.id, request.ink);
      break;
    }
    case 'data':
      if (!chart) return;
      setSeries(chart, request.series);
      setExtras(chart, { marks: request.marks, bands: request.bands, topTicks: request.topTicks, diagonal: request.diagonal, ink: inks.get(request.id)! });
      requestDraw(request.id);
      break;
    case 'resize':
      chart?.resize(request.width, request.height);
      if (chart) requestDraw(request.id);
      break;
    case 'theme':
      if (!chart) return;
      setTheme(chart, request.ink, request.xTitle, request.yTitle);
      inks.set(request.id, request.ink);
      requestDraw(request.id);
      break;
    case 'hover': {
      if (!chart) return;
      // 'native' in the event tells chart.js the position is already relative to the canvas (no DOM here)
      const elements = chart.getElementsAtEventForMode({ type: 'mousemove', x: request.x, y: request.y, native: null } as unknown as Event,
        'nearest', { intersect: false, axis: 'x' }, false);
      chart.tooltip?.setActiveElements(elements, { x: request.x, y: request.y });
      chart.setActiveElements(elements);
      chart.update('none');
      break;
    }
    case 'leave':
      if (!chart) return;
      chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
      chart.setActiveElements([]);
      chart.update('none');
      break;
    case 'destroy':
      chart?.destroy();
      charts.delete(request.id);
      inks.delete(request.id);
      dirty.delete(request.id);
      break;
  }
});

