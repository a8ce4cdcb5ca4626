/** Painting the decision boundary: one pixel per grid cell (ImageData), points on a second canvas. */
import type { BoundaryAnswer } from '../../../shared/protocol';

/** Class colours, in class order (ten, then repeating). */
export const CLASS_COLOURS: [number, number, number][] = [
  [43, 123, 216], [232, 116, 44], [46, 160, 90], [200, 60, 80], [140, 90, 200], [150, 110, 70], [220, 110, 180], [120, 120, 120], [180, 180, 40], [30, 180, 190],
];

export const classColour = (k: number): [number, number, number] => CLASS_COLOURS[k % CLASS_COLOURS.length];
export const cssColour = ([r, g, b]: [number, number, number]): string => `rgb(${r}, ${g}, ${b})`;

/** A regressor's value v in [lo, hi] → blue (low) … orange (high). */
export function rampColour(v: number, lo: number, hi: number): [number, number, number] {
  const t = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5;
  const [a, b] = [CLASS_COLOURS[0], CLASS_COLOURS[1]];
  return [0, 1, 2].map((i) => Math.round(a[i] + t * (b[i] - a[i]))) as [number, number, number];
}

/** The range of the regressor's values on the grid. */
export function valueRange(answer: BoundaryAnswer): { lo: number; hi: number } {
  let lo = Infinity, hi = -Infinity;
  for (const v of answer.values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return { lo, hi };
}

/**
 * The grid as an image, y up: cell (ix, iy) is pixel (ix, cells − 1 − iy). A class's colour at an alpha
 * that grows with its probability (from 1/K: a coin toss, to 1: sure).
 */
export function boundaryImage(answer: BoundaryAnswer): ImageData {
  const { x, y, values, confidence } = answer;
  const image = new ImageData(x.cells, y.cells);
  const classes = answer.classes?.length ?? 2;
  const { lo, hi } = answer.task === 'regression' ? valueRange(answer) : { lo: 0, hi: 0 };
  for (let iy = 0; iy < y.cells; iy++) {
    for (let ix = 0; ix < x.cells; ix++) {
      const cell = iy * x.cells + ix, pixel = ((y.cells - 1 - iy) * x.cells + ix) * 4;
      const colour = answer.task === 'classification' ? classColour(values[cell]) : rampColour(values[cell], lo, hi);
      const sureness = answer.task === 'classification' ? Math.max(0, (confidence[cell] - 1 / classes) / (1 - 1 / classes)) : 1;
      image.data.set([...colour, Math.round(110 + 145 * sureness)], pixel);
    }
  }
  return image;
}

/**
 * Training points as small squares with a dark rim (a point on its own class's colour stays visible), on a canvas of
 * `size`×`size` over the same axes. Axis-aligned rectangles, not arcs: hundreds of them cost well under a millisecond.
 */
export function drawPoints(ctx: CanvasRenderingContext2D, answer: BoundaryAnswer, size: number): void {
  ctx.clearRect(0, 0, size, size);
  const points = answer.points;
  if (!points) return;
  const { x, y } = answer;
  const { lo, hi } = answer.task === 'regression' ? valueRange(answer) : { lo: 0, hi: 0 };
  for (let p = 0; p < points.x.length; p++) {
    const px = Math.round(((points.x[p] - x.min) / (x.max - x.min)) * size), py = Math.round(size - ((points.y[p] - y.min) / (y.max - y.min)) * size);
    ctx.fillStyle = 'rgba(20, 24, 28, 0.8)';
    ctx.fillRect(px - 3, py - 3, 7, 7);
    ctx.fillStyle = cssColour(answer.task === 'classification' ? classColour(points.label[p]) : rampColour(points.label[p], lo, hi));
    ctx.fillRect(px - 2, py - 2, 5, 5);
  }
}
