/** Messages between the page and the chart worker (charts drawn off the main thread on OffscreenCanvas). */
import type { Point } from '../state/decimated-series';

export interface ChartInk {
  text: string;
  muted: string;
  grid: string;
  mark: string;
  best: string;
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

export type ChartWorkerRequest =
  | { type: 'create'; id: number; canvas: OffscreenCanvas; width: number; height: number; pixelRatio: number;
      logY: boolean; xTitle: string; yTitle: string; ink: ChartInk }
  | { type: 'data'; id: number; series: DrawnSeries[]; marks: DrawnMark[]; diagonal: boolean }
  | { type: 'resize'; id: number; width: number; height: number }
  | { type: 'theme'; id: number; ink: ChartInk; xTitle: string; yTitle: string }
  | { type: 'hover'; id: number; x: number; y: number }
  | { type: 'leave'; id: number }
  | { type: 'destroy'; id: number };
