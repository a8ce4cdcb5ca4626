/**
 * Schemas of the model file's sections beside the weights: the preprocessing (from raw CSV cells to
 * the network's input), the training settings, the metrics and the data fingerprint. Structure only:
 * cross-checks against the spec live in model-file.ts.
 */
import { z } from 'zod';
import { NUMBER_READING_NAMES, type NumberReading } from './data/cells';
import { setting } from './settings';
import { liveSettingsSchema, schemaOf, trainSettingsSchema } from './settings-schema';

const finite = z.number().finite();
const name = z.string().max(10_000);
const maxColumns = 100_000;
const maxCategories = 100_000;

/** A column's number convention (data/cells.ts NUMBER_READINGS); absent in older files, which read the file's decimal mark. */
const numbers = z.enum(NUMBER_READING_NAMES as [NumberReading, ...NumberReading[]]).optional();

const numericColumn = z.object({
  name, kind: z.literal('numeric'), impute: finite, center: finite,
  scale: finite.refine((s) => s !== 0, 'scale must not be 0 (it divides)'), numbers,
}).strict();

const categoricalColumn = z.object({
  name, kind: z.literal('categorical'), impute: name, categories: z.array(name).max(maxCategories), other: z.boolean(),
}).strict();

const dateColumn = z.object({
  name, kind: z.literal('date'), impute: finite,
  parts: z.array(z.enum(['year', 'month', 'day', 'weekday'])).min(1).max(4),
  center: z.array(finite).max(4),
  scale: z.array(finite.refine((s) => s !== 0, 'scale must not be 0 (it divides)')).max(4),
}).strict().superRefine((column, ctx) => {
  for (const key of ['center', 'scale'] as const) {
    if (column[key].length !== column.parts.length) {
      ctx.addIssue({ code: 'custom', path: [key], message: `expected ${column.parts.length} values (one per date part), found ${column[key].length}` });
    }
  }
});

/** The fitted preprocessing (the data module's Preprocessing contract). */
export const preprocessingSchema = z.object({
  version: z.literal(1),
  columns: z.array(z.discriminatedUnion('kind', [numericColumn, categoricalColumn, dateColumn])).min(1).max(maxColumns),
  scaling: schemaOf(setting('data', 'scaling')) as z.ZodType<'standard' | 'minmax' | 'none' | 'l2row'>,
  target: z.object({
    name,
    task: z.enum(['classification', 'regression']),
    classes: z.array(name).max(maxCategories).nullable(),
    mean: finite.optional(),
    std: finite.optional(),
    numbers,
  }).strict(),
  format: z.object({ delimiter: z.enum([',', ';', '\t', '|']), decimalComma: z.boolean() }).strict(),
}).strict();

/** The trainer's TrainSettings, with the settings table's ranges. */
export const trainingSchema = trainSettingsSchema;

/** The run's recipe: the settings it started with and every mid-run change with the step (updates done) it took effect after. */
export const runSchema = z.object({
  initial: trainSettingsSchema,
  changes: z.array(z.object({ step: z.number().int().min(0), changes: liveSettingsSchema }).strict()).max(100_000),
}).strict();

/** Named results (loss, accuracy, r2, …): a flat record of finite numbers or null, plus the split they come from. */
export const metricsSchema = z.record(
  z.string().min(1).max(100),
  z.union([finite, z.null(), z.string().max(1000), z.array(z.union([finite, z.array(finite).max(10_000)])).max(10_000)],
    { error: 'expected a finite number, null, a string, or a list (of lists) of finite numbers' }),
);

/** Which data the model was trained on: a content hash, its size and its header. */
export const dataFingerprintSchema = z.object({
  name: z.string().max(4096).optional(),
  hash: z.string().regex(/^[a-z0-9-]+:[0-9a-f]{8,128}$/, 'expected "algorithm:hex", e.g. "fnv1a64:0123abcd…"').optional(),
  rows: z.number().int().min(0),
  columns: z.array(name).max(maxColumns).optional(),
}).strict();

export type DataFingerprint = z.infer<typeof dataFingerprintSchema>;

/**
 * FNV-1a 64-bit over the UTF-16 code units of a text: a cheap, dependency-free content hash. The
 * 64-bit product hash·(2⁴⁰ + 435) is done on two 32-bit halves in integer arithmetic only (no BigInt, no
 * float): the next character waits on one multiply, so a 100 MB file hashes in a fraction of a second.
 */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4 | 0, lo = 0x84222325 | 0;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // ⌊lo·435 / 2³²⌋ from lo's two 16-bit halves (lo unsigned)
    const carry = ((lo >>> 16) * 435 + (((lo & 0xffff) * 435) >>> 16)) >>> 16;
    hi = (Math.imul(hi, 435) + (lo << 8) + carry) | 0; // lo·2⁴⁰ lands in the high word as lo << 8
    lo = Math.imul(lo, 435);
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** The fingerprint of a CSV text: hash, data rows and header columns. */
export function dataFingerprint(text: string, rows: number, columns: string[], name?: string): DataFingerprint {
  return { ...(name === undefined ? {} : { name }), hash: `fnv1a64:${fnv1a64(text)}`, rows, columns };
}
