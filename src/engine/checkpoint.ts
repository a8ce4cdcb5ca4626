/**
 * A checkpoint: everything needed to continue a run bit-identically (the trainer's state, the network's
 * spec and precision, the data fingerprint, and what the host needs to rebuild the same data) in one file:
 * a JSON header beside the float buffers. Pure serialization: the hosts write the bytes (atomically).
 *
 * Layout: "BPCKPT01" · u32 LE header length · header (UTF-8 JSON) · zero padding to 8 bytes · the sections,
 * each at the byte offset the header names (offsets are multiples of 8, so every section can be viewed in place).
 */
import { z } from 'zod';
import type { Dataset } from './dataset';
import type { Floats, KernelHelperStarter } from './kernels';
import { dataFingerprintSchema, type DataFingerprint } from './model-file-sections';
import { Network, type ModelSpec, type Precision } from './network';
import { Trainer, type TrainerState } from './trainer';

const MAGIC = 'BPCKPT01';
export const CHECKPOINT_VERSION = 1;

/** A run's checkpoint; `host` is plain JSON the writing host needs to rebuild the data and the run (file, choices, run id). */
export interface Checkpoint {
  spec: ModelSpec;
  precision: Precision;
  trainer: TrainerState;
  data: DataFingerprint | null;
  host: Record<string, unknown>;
  createdAt: string | null;
}

type SectionType = 'float32' | 'float64' | 'uint32';
interface Section { name: string; type: SectionType; offset: number; length: number }

const finiteOrNull = z.number().finite().nullable();
const epochSchema = z.object({
  epoch: z.number().int().min(0), loss: z.number(), accuracy: finiteOrNull, valLoss: z.number().nullable(), valAccuracy: finiteOrNull,
  learningRate: z.number().finite(), bestEpoch: z.number().int().min(0),
}).strict();

const changeSchema = z.object({ step: z.number().int().min(0), changes: z.record(z.string(), z.unknown()) }).strict();
const settingsLike = z.custom<TrainerState['settings']>((v) => typeof v === 'object' && v !== null, 'expected training settings');

const headerSchema = z.object({
  format: z.literal('backprop-checkpoint'),
  version: z.literal(CHECKPOINT_VERSION),
  spec: z.custom<ModelSpec>((v) => typeof v === 'object' && v !== null, 'expected a model spec'),
  precision: z.enum(['float32', 'float64']),
  data: dataFingerprintSchema.nullable(),
  host: z.record(z.string(), z.unknown()),
  createdAt: z.string().max(100).nullable(),
  trainer: z.object({
    settings: z.custom<TrainerState['settings']>((v) => typeof v === 'object' && v !== null, 'expected training settings'),
    epoch: z.number().int().min(0), batch: z.number().int().min(0), step: z.number().int().min(0),
    epochLossSum: z.number(), epochCorrect: z.number(), epochRows: z.number().int().min(0),
    stopReason: z.enum(['epochs', 'early-stop', 'non-finite', 'stopped']).nullable(),
    random: z.object({ words: z.array(z.number().int()).length(4), spareNormal: finiteOrNull }).strict(),
    optimizerStep: z.number().int().min(0),
    /** null stands for ∞ (no epoch measured yet); JSON has no Infinity */
    bestLoss: finiteOrNull,
    bestEpoch: z.number().int().min(0),
    history: z.array(epochSchema).max(10_000_000),
    recipe: z.object({ initial: settingsLike, changes: z.array(changeSchema).max(1_000_000), pending: z.array(changeSchema).max(1_000_000) }).strict(),
  }).strict(),
  sections: z.array(z.object({
    name: z.string().max(100), type: z.enum(['float32', 'float64', 'uint32']), offset: z.number().int().min(0), length: z.number().int().min(0),
  }).strict()).max(100),
}).strict();

type Header = z.infer<typeof headerSchema>;

/** The checkpoint of a trainer now; `data` and `host` as the host gives them. */
export function checkpointOf(trainer: Trainer, data: DataFingerprint | null = null, host: Record<string, unknown> = {}, createdAt: string | null = null): Checkpoint {
  return { spec: trainer.net.spec, precision: trainer.net.precision, trainer: trainer.snapshot(), data, host, createdAt };
}

/** The checkpoint as one file's bytes: magic, header length, JSON header, 8-byte aligned sections. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const { trainer: t } = checkpoint;
  const floatType: SectionType = checkpoint.precision;
  const buffers: [string, SectionType, ArrayLike<number>][] = [
    ['params', floatType, t.params],
    ...t.optimizer.buffers.map((b, i): [string, SectionType, Floats] => [`optimizer.${i}`, floatType, b]),
    ...(t.best.params ? [['best', floatType, t.best.params] as [string, SectionType, Floats]] : []),
    ['order', 'uint32', t.order],
  ];
  let offset = 0;
  const sections: Section[] = buffers.map(([name, type, values]) => {
    const section = { name, type, offset, length: values.length };
    offset += align8(values.length * bytesPer(type));
    return section;
  });
  const header: Header = {
    format: 'backprop-checkpoint', version: CHECKPOINT_VERSION, spec: checkpoint.spec, precision: checkpoint.precision,
    data: checkpoint.data, host: checkpoint.host, createdAt: checkpoint.createdAt,
    trainer: {
      settings: t.settings, epoch: t.epoch, batch: t.batch, step: t.step, epochLossSum: t.epochLossSum, epochCorrect: t.epochCorrect,
      epochRows: t.epochRows, stopReason: t.stopReason, random: t.random, optimizerStep: t.optimizer.step,
      bestLoss: Number.isFinite(t.best.loss) ? t.best.loss : null, bestEpoch: t.best.epoch, history: t.history, recipe: t.recipe,
    },
    sections,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(MAGIC.length + 4 + json.length);
  const bytes = new Uint8Array(start + offset);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, json.length, true);
  bytes.set(json, MAGIC.length + 4);
  buffers.forEach(([, type, values], i) => {
    const view = typedView(type, bytes.buffer, start + sections[i].offset, values.length);
    view.set(values);
  });
  return bytes;
}

/** Reads a checkpoint's bytes; throws a readable message when they are not a whole checkpoint of this version. */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) {
    throw new Error('not a Backprop Studio checkpoint (its first bytes are not "BPCKPT01")');
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + length > bytes.length) throw new Error(`the checkpoint is cut short: its header needs ${length} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + length)));
  } catch (error) {
    throw new Error(`the checkpoint's header is not JSON: ${(error as Error).message}`);
  }
  const result = headerSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`the checkpoint's header at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const header = result.data;
  const start = align8(MAGIC.length + 4 + length);
  const section = (name: string): Floats | Uint32Array | null => {
    const found = header.sections.find((s) => s.name === name);
    if (!found) return null;
    const end = start + found.offset + found.length * bytesPer(found.type);
    if (found.offset % 8 !== 0 || end > bytes.length) throw new Error(`the checkpoint is cut short: section "${name}" ends at byte ${end} of ${bytes.length}`);
    const copy = new Uint8Array(end - start - found.offset); // aligned, owned by the checkpoint (a Node Buffer's slice would be a view)
    copy.set(bytes.subarray(start + found.offset, end));
    return typedView(found.type, copy.buffer, 0, found.length);
  };
  const required = (name: string): Floats | Uint32Array => {
    const values = section(name);
    if (!values) throw new Error(`the checkpoint has no "${name}" section`);
    return values;
  };
  const t = header.trainer;
  const buffers: Floats[] = [];
  for (let buffer = section('optimizer.0'); buffer; buffer = section(`optimizer.${buffers.length}`)) buffers.push(buffer as Floats);
  return {
    spec: header.spec, precision: header.precision, data: header.data ?? null, host: header.host, createdAt: header.createdAt,
    trainer: {
      settings: t.settings, epoch: t.epoch, batch: t.batch, step: t.step, epochLossSum: t.epochLossSum, epochCorrect: t.epochCorrect,
      epochRows: t.epochRows, stopReason: t.stopReason, random: t.random,
      order: required('order') as Uint32Array, params: required('params') as Floats,
      optimizer: { step: t.optimizerStep, buffers },
      best: { loss: t.bestLoss ?? Infinity, epoch: t.bestEpoch, params: section('best') as Floats | null },
      history: t.history,
      recipe: t.recipe as TrainerState['recipe'],
    },
  };
}

/**
 * A trainer continuing a checkpoint on the given data (the same rows the run trained on: the host checks
 * the fingerprint): the network is rebuilt from the spec (validated) and every state is restored.
 */
export function resumeTrainer(checkpoint: Checkpoint, train: Dataset, validation: Dataset | null,
  options: { startHelper?: KernelHelperStarter | null } = {}): Trainer {
  const net = new Network(checkpoint.spec, { precision: checkpoint.precision, startHelper: options.startHelper });
  const trainer = new Trainer(net, checkpoint.trainer.settings, train, validation, { initialize: false });
  trainer.restore(checkpoint.trainer);
  return trainer;
}

/** Throws when the data a host is about to resume on is not the data the checkpoint was written for. */
export function assertSameData(checkpoint: Checkpoint, data: DataFingerprint): void {
  const saved = checkpoint.data;
  if (!saved) return;
  if (saved.hash && data.hash && saved.hash !== data.hash) {
    throw new Error(`the data differs from the run's: its hash is ${data.hash}, the checkpoint's ${saved.hash}${saved.name ? ` (${saved.name})` : ''}`);
  }
  if (saved.rows !== data.rows) throw new Error(`the data has ${data.rows} rows, the run's had ${saved.rows}`);
}

/** n rounded up to a multiple of 8. */
function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function bytesPer(type: SectionType): number {
  return type === 'float64' ? 8 : 4;
}

function typedView(type: SectionType, buffer: ArrayBufferLike, byteOffset: number, length: number): Float32Array | Float64Array | Uint32Array {
  if (type === 'float64') return new Float64Array(buffer, byteOffset, length);
  if (type === 'float32') return new Float32Array(buffer, byteOffset, length);
  return new Uint32Array(buffer, byteOffset, length);
}
