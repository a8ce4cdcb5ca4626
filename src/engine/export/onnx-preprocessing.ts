import { quotedName } from './escape';
import { MISSING_MARKERS, NUMBER_READINGS } from '../data/cells';
import { inputWidth } from '../data/encoder';
import type { PreprocessedColumn, Preprocessing } from '../data/types';
import { GraphBuilder, int, ints } from './onnx-builder';
import { ONNX_TYPES, type OnnxValueInfo } from './onnx-proto';

/** The raw inputs an exported graph takes, and the value holding the network's input vector. */
export interface PreprocessingGraph {
  inputs: OnnxValueInfo[];
  features: string;
  doc: string[];
}

type Numeric = Extract<PreprocessedColumn, { kind: 'numeric' }>;
type Categorical = Extract<PreprocessedColumn, { kind: 'categorical' }>;
type DateColumn = Extract<PreprocessedColumn, { kind: 'date' }>;

/** Every spelling of the missing-value tokens (they match case-insensitively; LabelEncoder matches exactly). */
export function missingSpellings(): string[] {
  const spellings = new Set<string>();
  const expand = (prefix: string, rest: string): void => {
    if (rest === '') { spellings.add(prefix); return; }
    const lower = rest[0].toLowerCase(), upper = rest[0].toUpperCase();
    expand(prefix + lower, rest.slice(1));
    if (upper !== lower) expand(prefix + upper, rest.slice(1));
  };
  MISSING_MARKERS.forEach((token) => expand('', token));
  return [...spellings];
}

/**
 * Raw columns → network input, in ONNX: numbers imputed with Where(IsNaN), centred with Sub and scaled
 * with Div; categories mapped to an index by LabelEncoder (missing → the imputed category, unseen →
 * "other") then OneHot; blocks concatenated and put back in the model's column order with one Gather;
 * 'l2row' divides each row by its L2 norm.
 */
export function addPreprocessing(graph: GraphBuilder, pre: Preprocessing): PreprocessingGraph {
  const numeric = pre.columns.filter((c): c is Numeric => c.kind === 'numeric');
  const dates = pre.columns.filter((c): c is DateColumn => c.kind === 'date');
  const categorical = pre.columns.filter((c): c is Categorical => c.kind === 'categorical');
  const inputs: OnnxValueInfo[] = [];
  const blocks: string[] = [];
  const doc: string[] = [];
  if (numeric.length > 0) {
    const input = graph.reserve('numeric');
    inputs.push({ name: input, type: 'float', shape: ['rows', numeric.length], doc: `numeric columns ${numeric.map((c) => quotedName(c.name)).join(', ')}; NaN where a cell is missing` });
    doc.push(`input "numeric" float32 [rows, ${numeric.length}]: the columns ${numeric.map((c) => quotedName(c.name)).join(', ')} in this order, NaN for a missing cell (an infinity, or a number beyond float32, counts as missing too)${numberConventions(numeric)}`);
    blocks.push(standardize(graph, input, numeric.map((c) => c.impute), numeric.map((c) => c.center), numeric.map((c) => c.scale)));
  }
  if (dates.length > 0) {
    const parts = dates.flatMap((c) => c.parts.map((part) => `${quotedName(c.name)}.${part}`));
    const input = graph.reserve('date_parts');
    inputs.push({ name: input, type: 'float', shape: ['rows', parts.length], doc: `date parts ${parts.join(', ')}; NaN where a date is missing` });
    doc.push(`input "date_parts" float32 [rows, ${parts.length}]: ${parts.join(', ')} (year, month 1-12, day 1-31, weekday 0=Sunday, in UTC), NaN for a missing date`);
    blocks.push(standardize(graph, input, dates.flatMap(dateImputeParts), dates.flatMap((c) => c.center), dates.flatMap((c) => c.scale)));
  }
  if (categorical.length > 0) {
    const input = graph.reserve('categorical');
    inputs.push({ name: input, type: 'string', shape: ['rows', categorical.length], doc: `categorical columns ${categorical.map((c) => quotedName(c.name)).join(', ')} as raw cells` });
    doc.push(`input "categorical" string [rows, ${categorical.length}]: the columns ${categorical.map((c) => quotedName(c.name)).join(', ')} in this order, cells as the studio stores categories (trimmed text; a number in its shortest spelling, "1.50" as "1.5"); "", NA, N/A, NaN, null, ? (any case) mean missing`);
    categorical.forEach((column, c) => blocks.push(oneHot(graph, input, c, column)));
  }
  const joined = blocks.length === 1 ? blocks[0] : graph.op('Concat', blocks, { attributes: { axis: int(1) } });
  const ordered = graph.op('Gather', [joined, graph.int64s('column_order', [columnOrder(pre).length], columnOrder(pre))], { attributes: { axis: int(1) } });
  const features = pre.scaling === 'l2row' ? unitRows(graph, ordered) : ordered;
  return { inputs, features, doc };
}

/**
 * (where(isnan(x) or isinf(x), impute, x) − center) / scale per column, in float64 like the data module (a float32
 * centre such as a year's mean would be off by up to 1e-4), then rounded to float32.
 */
function standardize(graph: GraphBuilder, input: string, impute: number[], center: number[], scale: number[]): string {
  const n = impute.length;
  const x = graph.op('Cast', [input], { attributes: { to: int(ONNX_TYPES.double) } });
  const missing = graph.op('Or', [graph.op('IsNaN', [x]), graph.op('IsInf', [x])]); // ±∞ reads as missing, as in the data module
  const filled = graph.op('Where', [missing, graph.doubles('impute', [n], impute), x]);
  const scaled = graph.op('Div', [graph.op('Sub', [filled, graph.doubles('center', [n], center)]), graph.doubles('scale', [n], scale)]);
  return graph.op('Cast', [scaled], { attributes: { to: int(ONNX_TYPES.float) } });
}

/** Column `c` of the string input → [rows × width] one-hot: categories, then "other" if kept. */
function oneHot(graph: GraphBuilder, input: string, c: number, column: Categorical): string {
  const k = column.categories.length;
  const cells = graph.op('Gather', [input, graph.int64s('column', [], [c])], { attributes: { axis: int(1) } });
  const imputeIndex = column.categories.includes(column.impute) ? column.categories.indexOf(column.impute) : k;
  const missing = missingSpellings().filter((s) => !column.categories.includes(s));
  const index = graph.op('LabelEncoder', [cells], {
    domain: 'ai.onnx.ml',
    attributes: {
      keys_strings: { kind: 'strings', value: [...column.categories, ...missing] },
      values_int64s: ints([...column.categories.map((_, i) => i), ...missing.map(() => imputeIndex)]),
      default_int64: int(k), // unseen category → the "other" slot
    },
  });
  const encoded = graph.op('OneHot', [index, graph.int64s('depth', [], [k + 1]), graph.floats('on_off', [2], [0, 1])], { attributes: { axis: int(-1) } });
  if (column.other) return encoded;
  return graph.op('Slice', [encoded, graph.int64s('starts', [1], [0]), graph.int64s('ends', [1], [k]), graph.int64s('axes', [1], [1])]);
}

/** x / ‖x‖₂ per row (rows of zeros stay zero). */
function unitRows(graph: GraphBuilder, x: string): string {
  const sumSquares = graph.op('ReduceSum', [graph.op('Mul', [x, x]), graph.int64s('axes', [1], [1])], { attributes: { keepdims: int(1) } });
  const norm = graph.op('Sqrt', [sumSquares]);
  const one = graph.floats('one', [], [1]);
  const safe = graph.op('Where', [graph.op('Equal', [norm, graph.floats('zero', [], [0])]), one, norm]);
  return graph.op('Div', [x, safe]);
}

/** For each network input, its position in the concatenated blocks (numeric, date parts, categorical). */
export function columnOrder(pre: Preprocessing): number[] {
  const kinds = ['numeric', 'date', 'categorical'] as const;
  const blockStart = new Map<PreprocessedColumn, number>();
  let position = 0;
  for (const kind of kinds) {
    for (const column of pre.columns.filter((c) => c.kind === kind)) {
      blockStart.set(column, position);
      position += inputWidth(column);
    }
  }
  return pre.columns.flatMap((column) => Array.from({ length: inputWidth(column) }, (_, i) => blockStart.get(column)! + i));
}

/** The imputed date's parts: the date impute is a time in ms since 1970 (UTC). */
function dateImputeParts(column: DateColumn): number[] {
  const date = new Date(column.impute);
  const values = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() };
  return column.parts.map((part) => values[part]);
}

/** "; cells of "amount" written like 1,234.5" for numeric columns that record a convention (the caller parses the cells). */
function numberConventions(numeric: Numeric[]): string {
  const written = numeric.filter((c) => c.numbers).map((c) => `${quotedName(c.name)} written like ${NUMBER_READINGS[c.numbers!].example}`);
  return written.length ? `; the training file wrote ${written.join(', ')}` : '';
}
