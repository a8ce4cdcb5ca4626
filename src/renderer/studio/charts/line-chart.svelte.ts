import {
  Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController,
  Tooltip, type ChartDataset, type Plugin,
} from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { Point } from '../state/decimated-series';
import { cancelDraw, requestDraw } from './draw-scheduler';
import { colorScheme } from './theme.svelte';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);

export interface ChartSeries {
  label: string;
  /** read when the chart redraws (copied then: chart.js instruments the arrays it holds) */
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
}

interface MarksOptions { marks: VerticalMark[]; diagonal: boolean }

/** Each chart's marks, kept outside chart.js options (changing options makes chart.js re-resolve them all). */
const marksOf = new WeakMap<Chart, MarksOptions>();

/** Draws the vertical marks and the optional diagonal after the datasets. */
const verticalMarks: Plugin<'line'> = {
  id: 'verticalMarks',
  afterDatasetsDraw(chart) {
    const { marks, diagonal } = marksOf.get(chart as unknown as Chart) ?? { marks: [], diagonal: false };
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    const y = scales.y;
    if (!x || !y) return;
    const ink = colorScheme.ink;
    ctx.save();
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

function toDataset(series: ChartSeries): ChartDataset<'line', Point[]> {
  return {
    label: series.label,
    data: series.points.slice(),
    borderColor: series.color,
    backgroundColor: series.color,
    borderDash: series.dashed ? [6, 4] : [],
    borderWidth: series.dotsOnly ? 0 : 1.75,
    pointRadius: series.dotsOnly ? 2 : 0,
    pointHoverRadius: 4,
    showLine: !series.dotsOnly,
    tension: 0,
    spanGaps: true,
    normalized: true,
    parsing: false,
  };
}

/** What the chart shows, as attributes a reader (or a test) can check without reading pixels. */
function describeOnCanvas(canvas: HTMLCanvasElement, input: ChartInput): void {
  const points = input.series[0]?.points ?? [];
  canvas.dataset.points = String(points.length);
  canvas.dataset.firstY = String(points[0]?.y ?? '');
  canvas.dataset.lastY = String(points.at(-1)?.y ?? '');
  canvas.dataset.marks = String(input.marks?.filter((m) => m.kind === 'settings').length ?? 0);
}

/**
 * Attaches a chart.js line chart to a canvas. The chart is made once; more points, new marks or
 * another colour scheme update it in place, without animation, paced by the draw scheduler.
 */
export function lineChart(input: () => ChartInput): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const chart = untrack(() => {
      const first = input();
      const created = new Chart<'line', Point[]>(canvas, {
        type: 'line',
        data: { datasets: first.series.map(toDataset) },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          parsing: false,
          normalized: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          scales: {
            x: {
              type: 'linear', ticks: { maxTicksLimit: 6, sampleSize: 6, maxRotation: 0, color: '#888' }, grid: { color: '#8882' },
              title: { display: true, text: first.xTitle, color: '#888' },
            },
            y: {
              type: first.logY ? 'logarithmic' : 'linear', ticks: { maxTicksLimit: 5, sampleSize: 5, color: '#888' }, grid: { color: '#8882' },
              title: { display: true, text: first.yTitle, color: '#888' },
            },
          },
          plugins: {
            legend: { display: false }, // drawn in HTML beside the canvas: no layout pass per redraw
            tooltip: {
              callbacks: {
                label: (item) => `${item.dataset.label}: ${Number((item.raw as Point).y.toPrecision(4))}`,
                title: (items) => (items[0] ? `${first.xTitle} ${Number((items[0].raw as Point).x.toPrecision(6))}` : ''),
              },
            },
            decimation: { enabled: true, algorithm: 'lttb', samples: 500, threshold: 700 },
          },
        },
        plugins: [verticalMarks],
      });
      return created as unknown as Chart;
    });

    // colours and titles: rarely change, and changing chart.js options is costly
    $effect(() => {
      const ink = colorScheme.ink;
      const { xTitle, yTitle } = input();
      untrack(() => {
        // set leaves, never spread: chart.js options are proxies
        for (const axis of ['x', 'y'] as const) {
          const scale = chart.options.scales![axis] as { grid: { color: string }; ticks: { color: string }; title: { color: string; text: string } };
          scale.grid.color = ink.grid;
          scale.ticks.color = ink.muted;
          scale.title.color = ink.muted;
          scale.title.text = axis === 'x' ? xTitle : yTitle;
        }
        requestDraw(chart);
      });
    });

    // points and marks: on every revision; the copy to chart.js waits for the paced redraw
    $effect(() => {
      const next = input();
      void next.revision;
      untrack(() => {
        marksOf.set(chart, { marks: next.marks ?? [], diagonal: !!next.diagonal });
        requestDraw(chart, () => {
          const datasets = chart.data.datasets as ChartDataset<'line', Point[]>[];
          next.series.forEach((series, i) => {
            const existing = datasets[i];
            if (!existing) datasets.push(toDataset(series));
            else {
              // a fresh array: chart.js re-reads it once per redraw instead of tracking every push
              existing.data = series.points.slice();
              if (existing.label !== series.label) existing.label = series.label;
              if (existing.borderColor !== series.color) Object.assign(existing, { borderColor: series.color, backgroundColor: series.color });
            }
          });
          datasets.length = next.series.length;
          describeOnCanvas(canvas, next);
        });
      });
    });

    return () => {
      cancelDraw(chart);
      chart.destroy();
    };
  };
}
