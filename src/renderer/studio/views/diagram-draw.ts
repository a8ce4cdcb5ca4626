/** Layout and drawing of the weighted diagram on a canvas: units in columns, edges coloured by sign, width by |w|. */
import type { WeightsViewAnswer } from '../../../shared/protocol';

/** Playground's reading: blue for a positive weight, orange for a negative one. */
export const POSITIVE_COLOUR = '#2b7bd8';
export const NEGATIVE_COLOUR = '#e8742c';
/** units and labels: a grey that reads on the light and the dark theme alike */
export const UNIT_COLOUR = '#7d8590';
export const DIAGRAM_WIDTH = 360;
export const DIAGRAM_HEIGHT = 240;
const MARGIN = { left: 64, right: 56, top: 10, bottom: 10 };
const MAX_EDGE_WIDTH = 4;

/** Where unit s (the s-th shown) of layer d sits, in the diagram's own units. */
export interface UnitPosition { layer: number; shownIndex: number; unit: number; name: string; x: number; y: number; r: number }

/** Columns spread evenly left to right; each column's shown units spread evenly top to bottom. */
export function layoutUnits(view: WeightsViewAnswer): UnitPosition[][] {
  const columns = view.layers.length;
  const innerWidth = DIAGRAM_WIDTH - MARGIN.left - MARGIN.right, innerHeight = DIAGRAM_HEIGHT - MARGIN.top - MARGIN.bottom;
  return view.layers.map((layer, d) => {
    const count = layer.shown.length;
    const gap = innerHeight / Math.max(1, count);
    const r = Math.max(2, Math.min(7, gap * 0.35));
    const x = MARGIN.left + (columns > 1 ? (d * innerWidth) / (columns - 1) : innerWidth / 2);
    return layer.shown.map((unit, s) => ({ layer: d, shownIndex: s, unit, name: layer.names[s], x, y: MARGIN.top + gap * (s + 0.5), r }));
  });
}

/** Paints the edges (weakest first, so strong ones lie on top) and the units. */
export function drawDiagram(ctx: CanvasRenderingContext2D, view: WeightsViewAnswer, units: UnitPosition[][], unitColour: string, selected: { layer: number; unit: number } | null): void {
  ctx.clearRect(0, 0, DIAGRAM_WIDTH, DIAGRAM_HEIGHT);
  const scale = view.maxAbsWeight > 0 ? 1 / view.maxAbsWeight : 0;
  view.edges.forEach((edges, l) => {
    const order = Array.from(edges.weight.keys()).sort((a, b) => Math.abs(edges.weight[a]) - Math.abs(edges.weight[b]));
    for (const e of order) {
      const w = edges.weight[e];
      const from = units[l][edges.from[e]], to = units[l + 1][edges.to[e]];
      const strength = Math.abs(w) * scale;
      ctx.strokeStyle = w >= 0 ? POSITIVE_COLOUR : NEGATIVE_COLOUR;
      ctx.globalAlpha = 0.25 + 0.75 * strength;
      ctx.lineWidth = 0.3 + MAX_EDGE_WIDTH * strength;
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }
  });
  ctx.globalAlpha = 1;
  for (const column of units) {
    for (const unit of column) {
      const isSelected = selected?.layer === unit.layer && selected.unit === unit.unit;
      ctx.fillStyle = isSelected ? POSITIVE_COLOUR : unitColour;
      ctx.beginPath();
      ctx.arc(unit.x, unit.y, isSelected ? unit.r + 1.5 : unit.r, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}

/** "top 8 edges per unit of 128 · 24 of 673 units shown" for the layers where not everything is drawn. */
export function describeCuts(view: WeightsViewAnswer): string[] {
  const notes: string[] = [];
  const hidden = view.layers.filter((layer) => layer.shown.length < layer.size);
  if (hidden.length > 0) {
    notes.push(`showing the ${hidden[0].shown.length} strongest units (by Σ|w|) of ${hidden.map((l) => l.size).join(', ')}`);
  }
  const cut = view.layers.slice(0, -1).map((layer) => layer.shown.length).filter((n) => n > view.edgesPerUnit);
  if (cut.length > 0) notes.push(`top ${view.edgesPerUnit} edges per unit of ${Math.max(...cut)}`);
  return notes;
}

/** A name cut to `max` characters with an ellipsis. */
export const shortened = (name: string, max = 10): string => (name.length > max ? `${name.slice(0, max - 1)}…` : name);

/** The font size that fits a column's spacing: 6 to 10 px (in the diagram's own units). */
export function labelSize(column: UnitPosition[]): number {
  const spacing = column.length > 1 ? column[1].y - column[0].y : 20;
  return Math.max(6, Math.min(10, spacing - 1));
}
