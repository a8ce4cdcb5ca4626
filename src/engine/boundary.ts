/**
 * The decision boundary: the network's prediction on a grid over two numeric input columns, every other
 * column held at one row's values, each grid point encoded by the model's own preprocessing.
 */
import { FeatureEncoder } from './data/encoder';
import { decodeOutputs, transformRows } from './data/transform';
import type { DataResult, Preprocessing } from './data/types';
import { predict } from './evaluate';
import type { Network } from './network';

/** One grid axis: a raw-unit range split into `cells` equal cells, predicted at their centres. */
export interface GridAxis {
  column: string;
  min: number;
  max: number;
  cells: number;
}

/** The raw value at the centre of cell i: min + (i + ½)·(max − min)/cells. */
export function cellCentre(axis: GridAxis, i: number): number {
  return axis.min + ((i + 0.5) * (axis.max - axis.min)) / axis.cells;
}

/** The cell holding raw value v, clamped to the grid: ⌊(v − min)/(max − min)·cells⌋. */
export function cellOf(axis: GridAxis, v: number): number {
  const i = Math.floor(((v - axis.min) / (axis.max - axis.min)) * axis.cells);
  return Math.min(axis.cells - 1, Math.max(0, i));
}

/** Predictions on the grid, row-major with y the row (cell (ix, iy) at iy·xCells + ix). */
export interface BoundaryGrid {
  /** classifier: the argmax class per cell; regressor: the predicted value per cell (in the target's units) */
  values: Float32Array;
  /** classifier: the winning probability per cell; regressor: all 1 */
  confidence: Float32Array;
}

/** Index of a numeric preprocessed column by name, or a readable refusal. */
function numericColumn(pre: Preprocessing, name: string): DataResult<number> {
  const c = pre.columns.findIndex((column) => column.name === name);
  if (c < 0) return { ok: false, error: { code: 'unknown-column', message: `"${name}" is not an input column of this model`, line: null, column: name } };
  if (pre.columns[c].kind !== 'numeric') {
    return { ok: false, error: { code: 'not-numeric', message: `column "${name}" is ${pre.columns[c].kind}; the boundary's axes must be numeric`, line: null, column: name } };
  }
  return { ok: true, value: c };
}

/**
 * The network inputs of every grid point [x.cells·y.cells × inputSize]: the held row encoded once
 * (before any row-wise L2 step), then per point x and y written as numbers and the row finished, which is
 * exactly what transformRows does with the held row's cells and x, y put in.
 */
export function boundaryInputs(pre: Preprocessing, heldRow: Record<string, string>, x: GridAxis, y: GridAxis): DataResult<Float32Array> {
  const cx = numericColumn(pre, x.column), cy = numericColumn(pre, y.column);
  if (!cx.ok) return cx;
  if (!cy.ok) return cy;
  if (cx.value === cy.value) return { ok: false, error: { code: 'same-column', message: 'choose two different columns', line: null, column: x.column } };
  const unfinished = pre.scaling === 'l2row' ? { ...pre, scaling: 'none' as const } : pre;
  const base = transformRows(unfinished, [heldRow]);
  if (!base.ok) return base;
  const encoder = new FeatureEncoder(pre);
  const width = encoder.inputSize;
  const out = new Float32Array(x.cells * y.cells * width);
  for (let iy = 0; iy < y.cells; iy++) {
    for (let ix = 0; ix < x.cells; ix++) {
      const rowStart = (iy * x.cells + ix) * width;
      out.set(base.value, rowStart);
      encoder.writeNumber(cx.value, cellCentre(x, ix), out, rowStart);
      encoder.writeNumber(cy.value, cellCentre(y, iy), out, rowStart);
      encoder.finishRow(out, rowStart);
    }
  }
  return { ok: true, value: out };
}

/** predict() at every grid point, decoded as a predict request decodes it: argmax class and its probability, or the value in the target's units. */
export function boundaryGrid(net: Network, pre: Preprocessing, heldRow: Record<string, string>, x: GridAxis, y: GridAxis): DataResult<BoundaryGrid> {
  const inputs = boundaryInputs(pre, heldRow, x, y);
  if (!inputs.ok) return inputs;
  const points = x.cells * y.cells;
  const decoded = decodeOutputs(pre, predict(net, inputs.value, points), points);
  return {
    ok: true,
    value: decoded.task === 'classification'
      ? { values: Float32Array.from(decoded.classIndex), confidence: decoded.confidence }
      : { values: Float32Array.from(decoded.values), confidence: new Float32Array(points).fill(1) },
  };
}
