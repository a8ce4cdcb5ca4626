/**
 * What the studio shows about an imported model file. The engine validates the file (zod, finite
 * weights, shapes); the page only reads the few fields it displays, defensively and without zod,
 * so anything odd here shows as "—" rather than failing.
 */

export interface ImportedModelInfo {
  fileName: string;
  task: 'classification' | 'regression';
  /** input, hidden…, output sizes (from the engine's `configured` answer when it came) */
  layerSizes: number[];
  /** one per hidden layer, then the output's */
  activations: string[];
  parameterCount: number;
  /** the raw input columns, in the model's order */
  columns: string[];
  target: string | null;
  classes: string[] | null;
  /** saved training settings worth showing, as label → text */
  training: { label: string; value: string }[];
  /** saved metrics (numbers and strings), as label → value */
  metrics: { label: string; value: number | string }[];
  /** the dataset the model was trained on */
  data: { name: string | null; rows: number | null; columns: number | null } | null;
  createdAt: string | null;
  /** the hidden layers and init as the designer holds them (to continue training), or null */
  design: { hidden: { units: number; activation: string; dropout: number }[]; init: string } | null;
  /** the saved training settings as stored (checked against the designer's shape before use) */
  trainSettings: unknown;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The displayable summary of a model file's JSON text, or null when it is not a JSON object. */
export function summarizeModelFile(fileName: string, text: string): ImportedModelInfo | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(raw)) return null;
  const spec = isObject(raw.spec) ? raw.spec : {};
  const hidden = Array.isArray(spec.hidden) ? spec.hidden.filter(isObject) : [];
  const output = isObject(spec.output) ? spec.output : {};
  const sizes = [num(spec.inputSize) ?? 0, ...hidden.map((h) => num(h.units) ?? 0), num(output.units) ?? 0];
  const pre = isObject(raw.preprocessing) ? raw.preprocessing : null;
  const target = pre && isObject(pre.target) ? pre.target : null;
  const columns = pre && Array.isArray(pre.columns) ? pre.columns.filter(isObject).map((c) => c.name).filter((n): n is string => typeof n === 'string') : [];
  const classes = target && Array.isArray(target.classes) ? strings(target.classes) : null;
  const data = isObject(raw.data) ? raw.data : null;
  return {
    fileName,
    task: output.activation === 'softmax' ? 'classification' : 'regression',
    layerSizes: sizes,
    activations: [...hidden.map((h) => String(h.activation ?? '?')), String(output.activation ?? '?')],
    parameterCount: sizes.slice(1).reduce((n, fanOut, i) => n + (sizes[i] + 1) * fanOut, 0),
    columns,
    target: target && typeof target.name === 'string' ? target.name : null,
    classes,
    training: isObject(raw.training) ? trainingRows(raw.training) : [],
    metrics: isObject(raw.metrics)
      ? Object.entries(raw.metrics).filter((e): e is [string, number | string] => num(e[1]) !== null || typeof e[1] === 'string').slice(0, 20)
        .map(([label, value]) => ({ label, value }))
      : [],
    data: data ? { name: typeof data.name === 'string' ? data.name : null, rows: num(data.rows), columns: Array.isArray(data.columns) ? data.columns.length : null } : null,
    createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : null,
    design: hidden.length > 0 && typeof spec.init === 'string'
      ? { hidden: hidden.map((h) => ({ units: num(h.units) ?? 0, activation: String(h.activation), dropout: num(h.dropout) ?? 0 })), init: spec.init }
      : null,
    trainSettings: isObject(raw.training) ? raw.training : null,
  };
}

function trainingRows(t: Json): { label: string; value: string }[] {
  const optimizer = isObject(t.optimizer) ? t.optimizer : {};
  const schedule = isObject(t.schedule) ? t.schedule : {};
  const clipping = isObject(t.clipping) ? t.clipping : {};
  const rows: [string, unknown][] = [
    ['epochs', t.epochs], ['batch size', t.batchSize], ['learning rate', t.learningRate], ['optimizer', optimizer.name],
    ['schedule', schedule.name], ['L1', t.l1], ['L2', t.l2], ['clipping', clipping.mode], ['seed', t.seed],
  ];
  return rows.filter(([, v]) => typeof v === 'number' || typeof v === 'string').map(([label, v]) => ({ label, value: String(v) }));
}
