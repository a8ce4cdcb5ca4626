import type { Point } from '../state/decimated-series';
import type { DrawnBand, DrawnMark } from './chart-protocol';

/** A series as a table reads it: its legend label and the points the chart draws. */
export interface TableSeries {
  label: string;
  points: readonly Point[];
}

/** One row of a chart's table: an x, each series' y at that x (null where a series has none), the marks drawn at that x. */
export interface ChartTableRow {
  x: number;
  values: (number | null)[];
  marks: string[];
}

/** A chart as a table: one column per series, one row per x drawn, and the marks as sentences. */
export interface ChartTableData {
  xTitle: string;
  columns: string[];
  rows: ChartTableRow[];
  /** every mark, band and tick the chart draws, in words ("best 38 at epoch 38") */
  notes: string[];
}

/** What the chart draws beyond its lines. */
export interface TableExtras {
  marks?: readonly DrawnMark[];
  bands?: readonly DrawnBand[];
  topTicks?: readonly number[];
}

/** How many clipped steps a note lists by number before it says "and N more". */
const TICKS_LISTED = 20;

/**
 * The table view of a chart: rows are the union of the series' x values in order (a single series keeps
 * every point, repeated x included, as a scatter draws them); a vertical mark at a row's x is named in that row.
 */
export function chartTable(series: readonly TableSeries[], extras: TableExtras, xTitle: string): ChartTableData {
  const marks = extras.marks ?? [];
  const marksAt = (x: number): string[] => marks.filter((m) => m.x === x).map((m) => m.label);
  const rows = series.length === 1
    ? series[0].points.map((p) => ({ x: p.x, values: [p.y], marks: marksAt(p.x) }))
    : joinByX(series).map((row) => ({ ...row, marks: marksAt(row.x) }));
  return { xTitle, columns: series.map((s) => s.label), rows, notes: describeExtras(extras, xTitle) };
}

/** Rows of the union of x values, each series' y at that x (the last one where a series repeats an x). */
function joinByX(series: readonly TableSeries[]): Omit<ChartTableRow, 'marks'>[] {
  const byX = new Map<number, (number | null)[]>();
  series.forEach((s, column) => {
    for (const p of s.points) {
      let values = byX.get(p.x);
      if (!values) byX.set(p.x, (values = series.map(() => null)));
      values[column] = p.y;
    }
  });
  return [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, values]) => ({ x, values }));
}

/** The marks, bands and top ticks in words. */
function describeExtras(extras: TableExtras, xTitle: string): string[] {
  // "best 38 at epoch 38", "change: lr 0.001 at step 120"
  const notes = (extras.marks ?? []).map((m) => `${m.kind === 'best' ? '' : 'change: '}${m.label} at ${xTitle} ${roundX(m.x)}`);
  for (const band of extras.bands ?? []) notes.push(`band: ${band.label}`);
  const ticks = extras.topTicks ?? [];
  if (ticks.length > 0) {
    const listed = ticks.slice(0, TICKS_LISTED).join(', ');
    notes.push(`gradient clipped at ${ticks.length} ${xTitle}${ticks.length === 1 ? '' : 's'}: ${listed}${ticks.length > TICKS_LISTED ? ` and ${ticks.length - TICKS_LISTED} more` : ''}`);
  }
  return notes;
}

/** A mark's x as a reader wants it: whole steps and epochs as they are, anything else to 3 significant digits (epoch 12.4, rate 0.00123). */
function roundX(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3)));
}
