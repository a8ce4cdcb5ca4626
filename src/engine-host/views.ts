/**
 * The answers of the teaching views (weighted diagram, unit details, decision boundary), built from the
 * session's model and data; the math lives in the engine (unit-view.ts, boundary.ts).
 */
import {
  FeatureEncoder, boundaryGrid, destandardizeTarget, featureNames, unitActivations, weightsView,
  type Dataset, type Network, type Preprocessing,
} from '../engine';
import type { BoundaryAnswer, DatasetInfo, EngineRequest, UnitDetails, WeightsViewAnswer } from '../shared/protocol';
import { DataProblem } from './dataset';

/** How many training points the boundary carries at most (a stride sample of the training rows). */
export const BOUNDARY_POINTS = 600;

/** What the views read: the model to show, and the dataset it was trained on when it fits the model. */
export interface ViewSource {
  net: Network;
  preprocessing: Preprocessing | null;
  step: number;
  train: Dataset | null;
  info: DatasetInfo | null;
}

/** Names of diagram layer d's units: the features (`column=value` for one-hot groups), `h1.5` for hidden units, the classes or the target. */
export function unitNames(net: Network, pre: Preprocessing | null, d: number): string[] {
  const last = net.layers.length;
  const size = d === 0 ? net.spec.inputSize : net.layers[d - 1].fanOut;
  const numbered = (prefix: string): string[] => Array.from({ length: size }, (_, i) => `${prefix}${i + 1}`);
  if (d === 0) return pre ? featureNames(pre) : numbered('x');
  if (d < last) return numbered(`h${d}.`);
  if (pre?.target.classes?.length === size) return pre.target.classes;
  return size === 1 && pre ? [pre.target.name] : numbered('output ');
}

/** The diagram's data for the model as it is now. */
export function weightsViewAnswer(source: ViewSource, maxUnits: number, edgesPerUnit: number): WeightsViewAnswer {
  const view = weightsView(source.net, maxUnits, edgesPerUnit);
  const layers = view.layers.map((layer, d) => {
    const names = unitNames(source.net, source.preprocessing, d);
    return { ...layer, names: layer.shown.map((i) => names[i]) };
  });
  return { step: source.step, layers, edges: view.edges, maxAbsWeight: view.maxAbsWeight, edgesPerUnit };
}

/** Unit `unit` of layer d ≥ 1: incoming weights W[i, unit] named after layer d−1's units, bias, activations on up to 256 training rows. */
export function unitDetailsAnswer(source: ViewSource, d: number, unit: number): UnitDetails {
  const { net, preprocessing } = source;
  const layer = net.layers[d - 1];
  if (!layer) throw new DataProblem({ code: 'no-layer', message: `the network has layers 1 to ${net.layers.length}, not ${d}`, line: null, column: null });
  if (unit >= layer.fanOut) throw new DataProblem({ code: 'no-unit', message: `layer ${d} has ${layer.fanOut} units, not unit ${unit + 1}`, line: null, column: null });
  const sources = unitNames(net, preprocessing, d - 1);
  const incoming = sources.map((name, i) => ({ name, weight: layer.weights[i * layer.fanOut + unit] }));
  const train = source.train && source.train.inputSize === net.spec.inputSize && source.train.rows > 0 ? source.train : null;
  const activation = d - 1 < net.spec.hidden.length ? net.spec.hidden[d - 1].activation : net.spec.output.activation;
  return {
    layer: d, unit, name: unitNames(net, preprocessing, d)[unit], activation, bias: layer.bias[unit], incoming,
    activations: train ? unitActivations(net, train.features, train.rows, d, unit) : null,
  };
}

type BoundaryRequest = Extract<EngineRequest, { type: 'boundary' }>;

/** The boundary over two numeric columns, the others held at the preview's row `heldRow`, with a sample of training points. */
export function boundaryAnswer(source: ViewSource, request: BoundaryRequest): BoundaryAnswer {
  const { net, preprocessing: pre, info } = source;
  if (!pre || !info) throw new DataProblem({ code: 'no-dataset', message: 'load the data the model was trained on to see its decision boundary', line: null, column: null });
  const heldCells = info.preview[request.heldRow];
  if (!heldCells) throw new DataProblem({ code: 'no-row', message: `the held row must be one of the first ${info.preview.length} rows, not row ${request.heldRow + 1}`, line: null, column: null });
  const heldRow = Object.fromEntries(info.columns.map((c, j) => [c.name, heldCells[j] ?? '']));
  const x = { column: request.xColumn, ...rangeOf(info, pre, request.xColumn), cells: request.cells };
  const y = { column: request.yColumn, ...rangeOf(info, pre, request.yColumn), cells: request.cells };
  const grid = boundaryGrid(net, pre, heldRow, x, y);
  if (!grid.ok) throw new DataProblem(grid.error);
  const others = pre.columns.filter((c) => c.name !== x.column && c.name !== y.column);
  return {
    step: source.step, x, y, task: pre.target.task === 'classification' ? 'classification' : 'regression', classes: pre.target.classes,
    values: grid.value.values, confidence: grid.value.confidence, points: trainingPoints(source.train, pre, x.column, y.column),
    held: { row: request.heldRow, cells: others.map((c) => ({ column: c.name, value: heldRow[c.name] ?? '' })) },
  };
}

/** A column's raw range from the dataset summary (else centre ± 3 scales), widened by 5% each side. */
function rangeOf(info: DatasetInfo, pre: Preprocessing, name: string): { min: number; max: number } {
  const summary = info.columns.find((c) => c.name === name);
  const column = pre.columns.find((c) => c.name === name);
  let min = summary?.min, max = summary?.max;
  if ((min === undefined || max === undefined) && column?.kind === 'numeric') { min = column.center - 3 * column.scale; max = column.center + 3 * column.scale; }
  if (min === undefined || max === undefined || !(max > min)) { min = (min ?? 0) - 1; max = (max ?? 0) + 1; }
  const pad = 0.05 * (max - min);
  return { min: min - pad, max: max + pad };
}

/** Training rows back in raw units, x = z·scale + center (a stride sample); null under l2row, which cannot be undone per column. */
function trainingPoints(train: Dataset | null, pre: Preprocessing, xColumn: string, yColumn: string): BoundaryAnswer['points'] {
  if (!train || pre.scaling === 'l2row' || train.rows === 0) return null;
  const encoder = new FeatureEncoder(pre);
  if (train.inputSize !== encoder.inputSize) return null;
  const cx = pre.columns.findIndex((c) => c.name === xColumn), cy = pre.columns.findIndex((c) => c.name === yColumn);
  const colX = pre.columns[cx], colY = pre.columns[cy];
  if (colX?.kind !== 'numeric' || colY?.kind !== 'numeric') return null;
  const stride = Math.max(1, Math.ceil(train.rows / BOUNDARY_POINTS));
  const count = Math.ceil(train.rows / stride);
  const points = { x: new Float32Array(count), y: new Float32Array(count), label: new Float32Array(count) };
  for (let p = 0, r = 0; p < count; p++, r += stride) {
    const row = r * train.inputSize;
    points.x[p] = train.features[row + encoder.offsets[cx]] * colX.scale + colX.center;
    points.y[p] = train.features[row + encoder.offsets[cy]] * colY.scale + colY.center;
    const target = train.targets[r * train.targetSize];
    points.label[p] = pre.target.task === 'classification' ? target : destandardizeTarget(pre, target);
  }
  return points;
}
