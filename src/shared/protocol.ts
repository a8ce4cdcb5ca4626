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

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), requestId, protocol: z.number().int() }).strict(),
  z.object({ type: z.literal('loadDataset'), requestId, source: datasetSourceSchema, choices: dataChoicesSchema.optional() }).strict(),
  z.object({ type: z.literal('setDataChoices'), requestId, choices: dataChoicesSchema }).strict(),
  z.object({
    type: z.literal('configure'), requestId, network: networkDesignSchema, train: trainSettingsSchema,
    /** the next run starts from the imported model's weights (its design and the dataset's preprocessing must match it) */
    continueTraining: z.boolean().optional(),
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
      learningRate: Float64Array; clipped: Uint8Array; layerGradNorms: Float64Array[]; samplesPerSecond: number }
  | ({ type: 'epoch' } & EpochSummary & {
      /**
       * Epochs that ended since the previous `epoch` event, oldest first. When epochs end faster than
       * 20 a second they are folded into the next event instead of each sending one; a consumer that
       * charts every epoch reads these before the event's own fields.
       */
      earlier?: EpochSummary[] })
  | { type: 'settingsChanged'; requestId: string; step: number; epoch: number; changes: Record<string, unknown> }
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
  warnings: { code: string; message: string; column: string | null; fix?: { label: string; changes: DataChoicesMessage } }[];
  choices: Required<DataChoicesMessage>;
  task: 'classification' | 'regression';
  classes: string[] | null;
  inputSize: number; // network inputs after preprocessing
  outputSize: number;
  split: { train: number; validation: number; test: number };
  skippedRows: number;
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
