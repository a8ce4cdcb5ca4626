/** Messages between the page and the chart worker (charts drawn off the main thread on OffscreenCanvas). */
import type { Point } from '../state/decimated-series';

export interface ChartInk {
  text: string;
  muted: string;
  grid: string;
  mark: string;
  best: string;
  /** the tint of a warning band (vanishing, exploding gradients) */
  band: string;
  /** clip-hit ticks */
  clip: string;
}

export interface DrawnSeries {
  label: string;
  color: string;
  dashed: boolean;
  dotsOnly: boolean;
  points: Point[];
}

export interface DrawnMark {
  x: number;
  label: string;
  kind: 'settings' | 'best';
}

/** A horizontal band of y values [from, to] (±Infinity reach the plot's edge), e.g. the vanishing-gradient zone. */
export interface DrawnBand {
  from: number;
  to: number;
  label: string;
}

/** What a chart draws beyond its series: vertical marks, bands, short ticks along the top (clip hits), the y = x diagonal. */
export interface DrawnExtras {
  marks: DrawnMark[];
  bands: DrawnBand[];
  /** x values of events drawn as short ticks at the plot's top edge */
  topTicks: number[];
  diagonal: boolean;
}

export type ChartWorkerRequest =
  | { type: 'create'; id: number; canvas: OffscreenCanvas; width: number; height: number; pixelRatio: number;
      logY: boolean; xTitle: string; yTitle: string; ink: ChartInk; yRange?: [number, number] }
  | ({ type: 'data'; id: number; series: DrawnSeries[] } & DrawnExtras)
  | { type: 'resize'; id: number; width: number; height: number }
  | { type: 'theme'; id: number; ink: ChartInk; xTitle: string; yTitle: string }
  | { type: 'hover'; id: number; x: number; y: number }
  | { type: 'leave'; id: number }
  | { type: 'destroy'; id: number };
