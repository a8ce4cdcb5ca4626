import {
  Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController,
  Tooltip, type ChartDataset, type Plugin,
} from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { Point } from '../state/decimated-series';
import { colorScheme } from './theme.svelte';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation);

export interface ChartSeries {
  label: string;
  /** the array is read, never copied: appends show on the next update */
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

/** Draws the vertical marks and the optional diagonal after the datasets. */
const verticalMarks: Plugin<'line'> = {
  id: 'verticalMarks',
  afterDatasetsDraw(chart, _args, options) {
    const { marks, diagonal } = options as unknown as MarksOptions;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    const y = scales.y;
    if (!x || !y) return;
    const ink = colorScheme.ink;
    ctx.save();
    ctx.font = '10px system-ui, sans-serif';
    for (const mark of marks ?? []) {
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
    data: series.points,
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

/**
 * Attaches a chart.js line chart to a canvas. The chart is made once; later changes of the input
 * (more points, new marks, another colour scheme) update it in place without animation.
 */
export function lineChart(input: () => ChartInput): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const chart = untrack(() => {
      const first = input();
      return new Chart<'line', Point[]>(canvas, {
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
            x: { type: 'linear', title: { display: true, text: first.xTitle }, ticks: { maxTicksLimit: 6 } },
            y: { type: first.logY ? 'logarithmic' : 'linear', title: { display: true, text: first.yTitle }, ticks: { maxTicksLimit: 5 } },
          },
          plugins: {
            legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, padding: 8, font: { size: 11 } } },
            tooltip: {
              callbacks: {
                label: (item) => `${item.dataset.label}: ${Number((item.raw as Point).y.toPrecision(4))}`,
                title: (items) => (items[0] ? `${first.xTitle} ${Number((items[0].raw as Point).x.toPrecision(6))}` : ''),
              },
            },
            decimation: { enabled: true, algorithm: 'lttb', samples: 600, threshold: 800 },
            ...({ verticalMarks: { marks: first.marks ?? [], diagonal: !!first.diagonal } } as object),
          },
        },
        plugins: [verticalMarks],
      });
    });

    $effect(() => {
      const next = input();
      const ink = colorScheme.ink;
      untrack(() => {
        const datasets = chart.data.datasets;
        next.series.forEach((series, i) => {
          const existing = datasets[i];
          if (!existing) datasets.push(toDataset(series));
          else {
            if (existing.data !== series.points) existing.data = series.points;
            existing.label = series.label;
            existing.borderColor = series.color;
            existing.backgroundColor = series.color;
          }
        });
        datasets.length = next.series.length;
        const options = chart.options;
        (options.plugins as Record<string, unknown>).verticalMarks = { marks: next.marks ?? [], diagonal: !!next.diagonal };
        for (const axis of ['x', 'y'] as const) {
          const scale = options.scales![axis]!;
          scale.grid = { ...scale.grid, color: ink.grid };
          scale.ticks = { ...scale.ticks, color: ink.muted };
          (scale as { title: { color?: string; text?: string; display?: boolean } }).title = {
            display: true, color: ink.muted, text: axis === 'x' ? next.xTitle : next.yTitle,
          };
        }
        options.plugins!.legend!.labels!.color = ink.text;
        chart.update('none');
      });
    });

    return () => chart.destroy();
  };
}
