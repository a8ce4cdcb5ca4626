/**
 * The one protocol between a UI (renderer) and the engine host (utility process, Web Worker, or an
 * in-process test port). Every message is plain data with a `type`, validated on arrival by the
 * zod schemas below; a malformed message becomes an `error` event, never a throw across the boundary.
 *
 * This file is the contract the shell, the studio and the engine host build on. Extend it (new
 * message types, new optional fields) rather than changing the meaning of what is here.
 */
import { z } from 'zod';
import {
  dataChoicesSchema, hiddenLayerSchema, liveSettingsSchema, networkDesignSchema, trainSettingsSchema, type NetworkDesign,
} from '../engine';
import type { StopReason } from '../engine/trainer';
import type { GradientCheckReport } from '../engine/gradcheck-layers';
import type { StepInspection } from '../engine/inspect';
import { EXPORT_FORMATS } from '../engine/export/formats';

// zod would otherwise probe `Function('')` to compile validators; the page's CSP forbids eval.
z.config({ jitless: true });

import { LIMITS } from './protocol-constants';

export { PROTOCOL_VERSION, LIMITS } from './protocol-constants';

/** The settings' schemas are built from the engine's settings table (src/engine/settings.ts). */
export { dataChoicesSchema, hiddenLayerSchema, liveSettingsSchema, networkDesignSchema, trainSettingsSchema, type NetworkDesign };

/** Where a dataset comes from: text or bytes from the page, a file path (Electron), or a bundled sample. */
export const datasetSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), name: z.string().max(1000), text: z.string().max(LIMITS.maxMessageStringLength) }).strict(),
  z.object({ kind: z.literal('bytes'), name: z.string().max(1000), bytes: z.instanceof(Uint8Array) }).strict(),
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
]);

/** Names one request: its answer or its error carries the same id back (the host side numbers its requests). */
const requestId = z.string().min(1).max(100);

/** A layer, row or unit index (units are bounded by the engine's MODEL_LIMITS.maxUnits). */
const unitIndex = z.number().int().min(0).max(65_536);
const sweepValues = z.array(z.number().finite().nonnegative()).max(20).optional();

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), requestId, protocol: z.number().int() }).strict(),
  z.object({ type: z.literal('loadDataset'), requestId, source: datasetSourceSchema, choices: dataChoicesSchema.optional() }).strict(),
  z.object({ type: z.literal('setDataChoices'), requestId, choices: dataChoicesSchema }).strict(),
  z.object({
    type: z.literal('configure'), requestId, network: networkDesignSchema, train: trainSettingsSchema,
    /** the next run starts from the imported model's weights (its design and the dataset's preprocessing must match it) */
    continueTraining: z.boolean().optional(),
    /** replay a recorded run: each change applied after the same number of updates as when it was made */
    replay: z.array(z.object({ step: z.number().int().min(0), changes: liveSettingsSchema }).strict()).max(100_000).optional(),
  }).strict(),
  z.object({ type: z.literal('start'), requestId }).strict(),
  z.object({ type: z.literal('pause'), requestId }).strict(),
  z.object({ type: z.literal('resume'), requestId }).strict(),
  z.object({ type: z.literal('step'), requestId }).strict(),
  z.object({ type: z.literal('stop'), requestId }).strict(),
  z.object({ type: z.literal('reset'), requestId }).strict(),
  z.object({
    type: z.literal('updateSettings'), requestId,
    changes: liveSettingsSchema,
  }).strict(),
  /** rows of raw cells keyed by column name, as a user types them or a CSV holds them */
  z.object({ type: z.literal('predict'), requestId, rows: z.array(z.record(z.string(), z.string().max(100_000))).max(LIMITS.maxPredictRows) }).strict(),
  z.object({ type: z.literal('predictCsv'), requestId, source: datasetSourceSchema }).strict(),
  z.object({ type: z.literal('exportModel'), requestId, format: z.enum(EXPORT_FORMATS) }).strict(),
  z.object({ type: z.literal('importModel'), requestId, text: z.string().max(LIMITS.maxMessageStringLength) }).strict(),
  /** the backprop inspector: the last Step's buffers for one layer, and the chain rule for W[from, to] through one sample */
  z.object({
    type: z.literal('inspectStep'), requestId, layer: unitIndex, sample: unitIndex, from: unitIndex, to: unitIndex,
  }).strict(),
  /** per-layer gradient check of a float64 copy of the current network on a small batch */
  z.object({ type: z.literal('checkGradients'), requestId }).strict(),
  /** the weighted diagram's data: per layer at most maxUnits units, into each its edgesPerUnit strongest edges */
  z.object({ type: z.literal('weightsView'), requestId, maxUnits: z.number().int().min(2).max(64), edgesPerUnit: z.number().int().min(1).max(64) }).strict(),
  /** one unit (layer ≥ 1 counts from the inputs' 0): incoming weights by name, bias, activations on a sample */
  z.object({ type: z.literal('unitDetails'), requestId, layer: z.number().int().min(1).max(1000), unit: z.number().int().min(0).max(1_000_000) }).strict(),
  /** predictions on a cells×cells grid over two numeric columns, the others held at preview row heldRow */
  z.object({
    type: z.literal('boundary'), requestId, xColumn: z.string().max(1000), yColumn: z.string().max(1000),
    heldRow: z.number().int().min(0).max(1000), cells: z.number().int().min(4).max(128),
  }).strict(),
  /** the unfinished run the host's checkpoint store holds, if any (the web page asks after a reload) */
  z.object({ type: z.literal('checkpointInfo'), requestId }).strict(),
  /** continue that run from its checkpoint: its data, design and settings come back in the answer */
  z.object({ type: z.literal('resumeRun'), requestId }).strict(),
  /** Smith's learning-rate range test on the loaded data with this design and these settings (no run starts) */
  z.object({ type: z.literal('lrFind'), requestId, network: networkDesignSchema, train: trainSettingsSchema }).strict(),
  /** a grid (no trials) or seeded random search (trials) over these values; each trial trained on the loaded data's split */
  z.object({
    type: z.literal('sweep'), requestId, network: networkDesignSchema, train: trainSettingsSchema,
    space: z.object({ learningRate: sweepValues, l2: sweepValues, dropout: sweepValues, width: sweepValues }).strict(),
    trials: z.number().int().min(1).max(50).optional(),
  }).strict(),
  /** k-fold cross-validation on the loaded data (one network per fold; no run starts) */
  z.object({ type: z.literal('crossValidate'), requestId, network: networkDesignSchema, train: trainSettingsSchema, folds: z.number().int().min(2).max(20) }).strict(),
]);

export type EngineRequest = z.infer<typeof requestSchema>;
/** A request before the host side gives it its id (distributes over the union: each kind keeps its own fields). */
export type RequestBody = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'requestId'> : never) : never;
export type TrainSettingsMessage = z.infer<typeof trainSettingsSchema>;
export type DataChoicesMessage = z.infer<typeof dataChoicesSchema>;
export type DatasetSource = z.infer<typeof datasetSourceSchema>;

export type EngineState = 'empty' | 'ready' | 'training' | 'paused' | 'done';

/**
 * Messages from the engine host. Each request is answered exactly once, by its answer (below, in
 * `Answers`) or by an `error`, both carrying the request's id. The rest are broadcasts no request
 * waits for: `status`, `metrics`, `epoch`, `done`, an unrequested `ready`, and errors without an id
 * (a failed run, a malformed message that had no id). `metrics` batches many steps into parallel
 * arrays (typed arrays, transferred) so the host sends at most LIMITS.maxEventsPerSecond messages a second.
 */
export type EngineEvent =
  /** sent once when the host starts (no id), and as the answer to `hello` */
  | { type: 'ready'; protocol: number; kernels: string; requestId?: string }
  | { type: 'status'; state: EngineState; epoch: number; step: number; message?: string;
      /** threads the current run's kernels compute on (2 for a big enough network where threads are allowed); absent without a run */
      threads?: number }
  | { type: 'datasetInfo'; requestId: string; info: DatasetInfo }
  /** the sizes of the configured network, or null for both while no dataset gives its ends */
  | { type: 'configured'; requestId: string; parameterCount: number | null; layerSizes: number[] | null }
  /** the answer to a request that returns nothing but its acceptance (start, pause, resume, step, stop, reset) */
  | { type: 'accepted'; requestId: string }
  | { type: 'metrics'; steps: Float64Array; epochs: Float64Array; loss: Float64Array; accuracy: Float64Array; gradNorm: Float64Array;
      learningRate: Float64Array; clipped: Uint8Array; layerGradNorms: Float64Array[]; samplesPerSecond: number;
      /** threads the run's steps compute on now: 1 of the status's 2 while a small classifier's kernels measure one thread faster */
      threadsInUse: number }
  | ({ type: 'epoch' } & EpochSummary & {
      /**
       * Epochs that ended since the previous `epoch` event, oldest first. When epochs end faster than
       * 20 a second they are folded into the next event instead of each sending one; a consumer that
       * charts every epoch reads these before the event's own fields.
       */
      earlier?: EpochSummary[] })
  | { type: 'settingsChanged'; requestId: string; step: number; epoch: number; changes: Record<string, unknown> }
  /** the run's training health, sent with the metrics (src/engine-host/health-monitor.ts) */
  | ({ type: 'health' } & TrainingHealth)
  | { type: 'done'; reason: StopReason; evaluation: Evaluation | null }
  | { type: 'prediction'; requestId: string; outputs: number[][]; labels: string[] | null }
  | { type: 'predictCsvResult'; requestId: string; csv: string; rows: number }
  /**
   * an export, every format as the file's bytes (text formats UTF-8 encoded by the engine, in a transferred
   * buffer), so the page never copies or decodes megabytes on its main thread
   */
  | { type: 'model'; requestId: string; format: string; fileName: string; bytes: Uint8Array }
  /** an imported model file, validated by the engine, as the page shows it */
  | { type: 'imported'; requestId: string; model: ModelSummary }
  /** the backprop inspector's view, or null with the reason when there is no recorded step to show */
  | { type: 'stepInspection'; requestId: string; inspection: StepInspection | null; reason: string | null }
  | { type: 'gradientCheck'; requestId: string; report: GradientCheckReport }
  | ({ type: 'weightsView'; requestId: string } & WeightsViewAnswer)
  | ({ type: 'unitDetails'; requestId: string } & UnitDetails)
  | ({ type: 'boundary'; requestId: string } & BoundaryAnswer)
  | { type: 'checkpointInfo'; requestId: string; checkpoint: { dataset: string; epoch: number; epochs: number } | null }
  /** a run continued from its checkpoint: the page takes its dataset, design, first settings and change list from here */
  | { type: 'resumed'; requestId: string; info: DatasetInfo; network: NetworkDesign; train: TrainSettingsMessage;
      changes: { step: number; changes: Record<string, unknown> }[]; epoch: number }
  /** the learning-rate range test's curve (smoothed loss per rate) and its suggested rate */
  /** each fold's held-out score and curves, and their mean ± sample sd */
  | { type: 'crossValidated'; requestId: string; metric: 'accuracy' | 'r2'; mean: number; sd: number;
      folds: { fold: number; score: number; rows: number; epochs: number; loss: number[]; valLoss: (number | null)[] }[] }
  /** each sweep trial: its design and settings, validation score and epoch curves */
  | { type: 'swept'; requestId: string; metric: 'accuracy' | 'r2'; trials: SweptTrial[]; /** threads that trained trials side by side (1 or 2) */ workers: number }
  | { type: 'lrFound'; requestId: string; rates: number[]; smoothed: number[]; suggested: number; minLossRate: number; steepestRate: number }
  | { type: 'error'; code: string; message: string; line: number | null; column: string | null; requestId?: string };

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

/** Which message answers each kind of request. */
export interface Answers {
  hello: EventOf<'ready'>;
  loadDataset: EventOf<'datasetInfo'>;
  setDataChoices: EventOf<'datasetInfo'>;
  configure: EventOf<'configured'>;
  start: EventOf<'accepted'>;
  pause: EventOf<'accepted'>;
  resume: EventOf<'accepted'>;
  step: EventOf<'accepted'>;
  stop: EventOf<'accepted'>;
  reset: EventOf<'accepted'>;
  updateSettings: EventOf<'settingsChanged'>;
  predict: EventOf<'prediction'>;
  predictCsv: EventOf<'predictCsvResult'>;
  exportModel: EventOf<'model'>;
  importModel: EventOf<'imported'>;
  inspectStep: EventOf<'stepInspection'>;
  checkGradients: EventOf<'gradientCheck'>;
  weightsView: EventOf<'weightsView'>;
  unitDetails: EventOf<'unitDetails'>;
  boundary: EventOf<'boundary'>;
  checkpointInfo: EventOf<'checkpointInfo'>;
  resumeRun: EventOf<'resumed'>;
  lrFind: EventOf<'lrFound'>;
  crossValidate: EventOf<'crossValidated'>;
  sweep: EventOf<'swept'>;
}

/** The weighted diagram: the units drawn per layer (input 0 … output) with their names, and the edges between them. */
export interface WeightsViewAnswer {
  step: number;
  layers: { size: number; shown: number[]; names: string[] }[];
  /** per pair of neighbouring layers: from[e], to[e] index the shown lists; weight[e] = W[unit from, unit to] */
  edges: { from: Int32Array; to: Int32Array; weight: Float32Array }[];
  maxAbsWeight: number;
  edgesPerUnit: number;
}

/** One unit of layer ≥ 1: what feeds it, its bias, and how it responds on a sample of training rows. */
export interface UnitDetails {
  layer: number;
  unit: number;
  name: string;
  /** the layer's activation (softmax or linear for the output) */
  activation: string;
  bias: number;
  incoming: { name: string; weight: number }[];
  /** null when no training rows fit the model (an imported model without its data) */
  activations: { rows: number; min: number; max: number; histogram: number[]; inactiveShare: number; saturatedShare: number } | null;
}

/** The decision boundary: predictions at the centres of a grid's cells (row-major, y the row), and training points. */
export interface BoundaryAnswer {
  step: number;
  x: { column: string; min: number; max: number; cells: number };
  y: { column: string; min: number; max: number; cells: number };
  task: 'classification' | 'regression';
  classes: string[] | null;
  /** argmax class (classification) or value (regression) per cell */
  values: Float32Array;
  /** the argmax class's probability per cell (1 for regression) */
  confidence: Float32Array;
  /** a sample of training rows in raw units, with their class index or value; null when the scaling cannot be undone (l2row) */
  points: { x: Float32Array; y: Float32Array; label: Float32Array } | null;
  /** the other columns' values at the held row (none when the model has only these two inputs) */
  held: { row: number; cells: { column: string; value: string }[] };
}

/** One trial of a sweep as the engine ran it (valScores: accuracy or R² on the validation rows per epoch). */
export interface SweptTrial {
  index: number;
  network: NetworkDesign;
  train: TrainSettingsMessage;
  parameterCount: number;
  score: number;
  epochs: number;
  reason: string | null;
  loss: number[];
  valLoss: (number | null)[];
  valAccuracy: (number | null)[];
}

/** The answer to a request of kind T, as it arrives (with the request's id). */
export type AnswerTo<T extends EngineRequest['type']> = Answers[T] & { requestId: string };

/** An answer as the engine session makes it; the serve loop adds the request's id. */
export type AnswerBody = Answers[EngineRequest['type']] extends infer A ? (A extends { requestId?: string } ? Omit<A, 'requestId'> : never) : never;

/** A model file as the engine validated it: everything the page shows or compares, nothing it must parse. */
export interface ModelSummary {
  task: 'classification' | 'regression';
  /** input, hidden…, output sizes */
  layerSizes: number[];
  /** one per hidden layer, then the output's */
  activations: string[];
  /** Σ(fanIn·fanOut + fanOut) over the layers */
  parameterCount: number;
  /** the raw input columns, in the model's order (none without a preprocessing section) */
  columns: string[];
  /** each categorical column's categories as the model knows them (the predict form offers only these) */
  categories?: { name: string; values: string[] }[];
  target: string | null;
  classes: string[] | null;
  /** the hidden layers and init when they fit the protocol's network design (so the designer can hold them), else null */
  design: NetworkDesign | null;
  /** the saved training settings, or null when the file has none */
  train: TrainSettingsMessage | null;
  /** the saved metrics that are single values (numbers or strings), in the file's order */
  metrics: { label: string; value: number | string }[];
  /** the dataset the model was trained on */
  data: { name: string | null; rows: number; columns: number | null } | null;
  createdAt: string | null;
}

/** One dense layer's health (hidden layers, then the output layer). */
export interface LayerHealth {
  /** median ‖∂L/∂W_l‖ over the last steps */
  gradNorm: number;
  /** share of units silent (0) for every row of a batch; null for an activation that cannot die */
  deadShare: number | null;
  /** share of units outside the activation's saturation band for every row; null for one that never saturates */
  saturatedShare: number | null;
  /** ‖ΔW_l‖/‖W_l‖ of the last probed step; null before the first probe */
  updateRatio: number | null;
}

export type HealthCode = 'vanishing' | 'exploding' | 'dead-units' | 'saturated-units' | 'large-updates';

/** A one-click fix: live changes (applied mid-run, marked on the charts) or a design change (needs a new run). */
export interface HealthFix {
  label: string;
  live: z.infer<typeof liveSettingsSchema> | null;
  design: { activation: NetworkDesign['hidden'][number]['activation'] | null; init: NetworkDesign['init'] | null } | null;
}

/** A warning raised during a run; it stays listed (active false) after its pattern went away. */
export interface HealthWarning {
  code: HealthCode;
  /** the first dense layer it concerns (0-based), or null for the whole network */
  layer: number | null;
  /** the step it was first raised at */
  step: number;
  active: boolean;
  message: string;
  fix: HealthFix;
}

/** The engine host's view of a run's health: per-layer figures, the weight sums for the penalty formulas, warnings. */
export interface TrainingHealth {
  step: number;
  layers: LayerHealth[];
  /** ΣW² and Σ|W| at the last probe (null before it) */
  weightSquares: number | null;
  weightAbs: number | null;
  /** the latest step's global gradient norm (before clipping) and learning rate, for the settings' formulas */
  gradNorm: number;
  learningRate: number;
  /** share of the recent steps whose gradient was clipped */
  clippedShare: number;
  warnings: HealthWarning[];
}

/** One finished epoch (epoch is 1-based: the count of epochs done; `epochs` the run's total). */
export interface EpochSummary {
  epoch: number; loss: number; accuracy: number | null; valLoss: number | null; valAccuracy: number | null;
  valR2: number | null; learningRate: number; bestEpoch: number; epochs: number; elapsedMs: number; samplesPerSecond: number;
}

/** What the studio shows about a loaded dataset. */
export interface DatasetInfo {
  name: string;
  rows: number;
  columns: { name: string; kind: string; missing: number; distinct: number; distinctCapped?: boolean; min?: number; max?: number; histogram?: number[];
    topValues?: { value: string; count: number }[] }[];
  preview: string[][]; // first rows, raw cells
  warnings: { code: string; message: string; column: string | null; fix?: { label: string; changes: DataChoicesMessage; train?: Record<string, string | number> } }[];
  choices: Required<DataChoicesMessage>;
  task: 'classification' | 'regression';
  classes: string[] | null;
  inputSize: number; // network inputs after preprocessing
  outputSize: number;
  split: { train: number; validation: number; test: number };
  skippedRows: number;
  /** skippedRows by why, each row once (malformed: skipped by the reader; the rest left out when preparing) */
  rowsLeftOut?: { malformed: number; missingTarget: number; badCells: number; missingValues: number; unknownClass: number };
  /** each categorical feature's categories as the fitted model knows them (the predict form offers only these) */
  categories?: { name: string; values: string[] }[];
}

/** Test-set (or validation-set, when there is no test split) evaluation at the end of a run. */
export type Evaluation =
  | { task: 'classification'; split: 'test' | 'validation' | 'train'; loss: number; accuracy: number; classes: string[];
      confusion: number[][]; perClass: { precision: number; recall: number; f1: number; support: number }[] }
  | { task: 'regression'; split: 'test' | 'validation' | 'train'; loss: number; mse: number; mae: number; r2: number;
      actual: number[]; predicted: number[] };

/**
 * Validates an incoming request; returns it, or a readable error naming the bad field together with
 * the message's requestId when it had a usable one (so a malformed request still gets its answer).
 */
export function parseRequest(message: unknown): { ok: true; request: EngineRequest } | { ok: false; error: string; requestId?: string } {
  const result = requestSchema.safeParse(message);
  if (result.success) return { ok: true, request: result.data };
  const issue = result.error.issues[0];
  const path = issue.path.join('.');
  const type = typeof message === 'object' && message && 'type' in message ? String((message as { type: unknown }).type).slice(0, 50) : '?';
  const id = requestId.safeParse(typeof message === 'object' && message ? (message as { requestId?: unknown }).requestId : undefined);
  return { ok: false, error: `malformed "${type}" message${path ? ` at ${path}` : ''}: ${issue.message}`, ...(id.success ? { requestId: id.data } : {}) };
}
