import { z } from 'zod';
import { preprocessedWidth } from './data/encoder';
import { OUTPUT_ACTIVATIONS } from './functions';
import { INIT_SCHEMES, MODEL_LIMITS, Network, assertValidSpec, layerSizes, parameterCount, type ModelSpec } from './network';
import { MAX_JSON_DEPTH, locateJsonError } from './model-file-json';
import { hiddenLayerSchema } from './settings-schema';
import { dataFingerprintSchema, metricsSchema, preprocessingSchema, runSchema, trainingSchema } from './model-file-sections';
import { NO_CONTENT_HASH, modelContentHash } from './model-file-hash';

export { NO_CONTENT_HASH, canonicalJson, modelContentHash } from './model-file-hash';
export { dataFingerprint, dataFingerprintSchema, fnv1a64, metricsSchema, preprocessingSchema, trainingSchema, type DataFingerprint } from './model-file-sections';

export const MODEL_FORMAT = 'backprop-studio/model';
export const MODEL_VERSION = 1;

const units = z.number().int().min(1).max(MODEL_LIMITS.maxUnits);

export const modelSpecSchema = z.object({
  inputSize: units,
  hidden: z.array(hiddenLayerSchema).min(MODEL_LIMITS.minHiddenLayers).max(MODEL_LIMITS.maxHiddenLayers),
  output: z.object({ units, activation: z.enum(OUTPUT_ACTIVATIONS) }).strict(),
  init: z.enum(INIT_SCHEMES),
}).strict();

/** Numbers in JSON; finiteness is checked by a loop afterwards (cheaper than zod per number, and names the index). */
const matrix = z.array(z.array(z.number()));

const layerSchema = z.object({ weights: matrix, bias: z.array(z.number()) }).strict();

/** The model file's structure; the sections beside the weights are in model-file-sections.ts. */
export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  spec: modelSpecSchema,
  layers: z.array(layerSchema).max(MODEL_LIMITS.maxHiddenLayers + 1),
  preprocessing: preprocessingSchema.nullable().optional(),
  training: trainingSchema.optional(),
  /** the first settings and every mid-run change (training holds the last settings) */
  run: runSchema.optional(),
  metrics: metricsSchema.optional(),
  data: dataFingerprintSchema.optional(),
  createdAt: z.string().max(100).optional(),
  /** modelContentHash of spec, layers and preprocessing, written by modelFileText and checked on load */
  contentHash: z.string().regex(/^fnv1a64:[0-9a-f]{16}$/, 'expected "fnv1a64:" and 16 hex digits').optional(),
}).strict();

export type ModelFile = z.infer<typeof modelFileSchema>;

/** Extra sections saved beside the weights. */
export type ModelExtras = Pick<ModelFile, 'preprocessing' | 'training' | 'run' | 'metrics' | 'data' | 'createdAt'>;

/** The network as a model file object: per layer weights [fanIn][fanOut] and bias [fanOut]. */
export function toModelFile(net: Network, extras: ModelExtras = {}): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    spec: net.spec,
    layers: net.layers.map((layer) => ({
      weights: Array.from({ length: layer.fanIn }, (_, i) => Array.from(layer.weights.subarray(i * layer.fanOut, (i + 1) * layer.fanOut))),
      bias: Array.from(layer.bias),
    })),
    ...extras,
  };
}

/**
 * JSON text of a model file. float32 values print as their shortest float64 form, which parses back to
 * the same float32; −0 prints as "-0" (JSON.stringify would drop the sign), so weights round-trip bit for bit.
 */
export function serializeModel(net: Network, extras: ModelExtras = {}): string {
  return modelFileText(toModelFile(net, extras));
}

/** JSON text of a model file object, with the weights written sign-exactly. */
export function modelFileText(file: ModelFile): string {
  const layers = layersText(file.layers);
  const fields = Object.entries(file).filter(([key, value]) => value !== undefined && key !== 'contentHash');
  const hash = modelContentHash(file.spec, layers, file.preprocessing);
  return `{${fields.map(([key, value]) => `${JSON.stringify(key)}:${key === 'layers' ? layers : JSON.stringify(value)}`).join(',')},"contentHash":${JSON.stringify(hash)}}`;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new ModelFileError('layers', `cannot save a non-finite weight (${value})`);
  return Object.is(value, -0) ? '-0' : String(value);
}

function layersText(layers: ModelFile['layers']): string {
  const numbers = (values: number[]): string => `[${values.map(numberText).join(',')}]`;
  return `[${layers.map((layer) => `{"weights":[${layer.weights.map(numbers).join(',')}],"bias":${numbers(layer.bias)}}`).join(',')}]`;
}

/** A model-file problem, with the path of the offending field. */
export class ModelFileError extends Error {
  constructor(readonly path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'ModelFileError';
  }
}

/** Limits checked before anything is allocated. */
export const MODEL_FILE_LIMITS = { maxBytes: 400 * 1024 * 1024 }; // characters of JSON text (a V8 string tops out near 512M)

/** Parses and validates model JSON text; throws ModelFileError naming the bad field. */
export function parseModelFile(text: string): ModelFile {
  if (text.length > MODEL_FILE_LIMITS.maxBytes) throw new ModelFileError('', `the text is ${text.length} characters long; the limit is ${MODEL_FILE_LIMITS.maxBytes}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const located = locateJsonError(text);
    if (!located) throw new ModelFileError('', `not valid JSON (${(error as Error).message})`);
    throw new ModelFileError(located.path, `not valid JSON at character ${located.position}: ${located.problem}`);
  }
  return validateModelFile(raw);
}

/** Validates an already-parsed model object. */
export function validateModelFile(raw: unknown): ModelFile {
  assertPlainJson(raw);
  checkHeader(raw);
  const specResult = modelSpecSchema.safeParse((raw as { spec?: unknown }).spec);
  if (!specResult.success) throw fromZod(specResult.error, '', 'spec');
  try {
    assertValidSpec(specResult.data);
  } catch (error) {
    throw new ModelFileError('spec', (error as Error).message);
  }
  checkLayerShapes((raw as { layers?: unknown }).layers, specResult.data);
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  checkFiniteWeights(parsed.data);
  checkPreprocessingFitsSpec(parsed.data);
  checkContentHash(raw as { spec: unknown; preprocessing?: unknown }, parsed.data);
  return parsed.data;
}

/** The stored content hash against one computed from the file's own spec, weights and preprocessing (absent: an older file). */
function checkContentHash(raw: { spec: unknown; preprocessing?: unknown }, file: ModelFile): void {
  if (file.contentHash === undefined) return;
  if (modelContentHash(raw.spec, layersText(file.layers), raw.preprocessing) !== file.contentHash) {
    throw new ModelFileError('contentHash', 'the weights, spec or preprocessing do not match the file\'s content hash: the file was changed or damaged after it was saved');
  }
}

/** A JSON object with the right format and version: expected vs found, before anything else is read. */
function checkHeader(raw: unknown): void {
  const shown = (value: unknown): string => (value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value)).slice(0, 60));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ModelFileError('', `not a Backprop Studio model file: expected a JSON object, found ${Array.isArray(raw) ? 'an array' : shown(raw)}`);
  }
  const { format, version } = raw as { format?: unknown; version?: unknown };
  if (format !== MODEL_FORMAT) throw new ModelFileError('format', `expected "${MODEL_FORMAT}", found ${shown(format)}: not a Backprop Studio model file`);
  if (version !== MODEL_VERSION) throw new ModelFileError('version', `this version of Backprop Studio reads model files of version ${MODEL_VERSION}, found ${shown(version)}`);
}

/** The first zod issue as a ModelFileError; an unknown key is named in the path itself. */
function fromZod(error: z.ZodError, prefix = '', root = ''): ModelFileError {
  const issue = error.issues[0];
  const keys = issue.code === 'unrecognized_keys' ? [issue.keys[0]] : [];
  const path = [root, ...issue.path.map(String), ...keys].filter((p) => p !== '').join('.');
  return new ModelFileError(path, prefix ? `${prefix}: ${issue.message}` : issue.message);
}

/** Keys that would reach Object.prototype if a later step copied the object by assignment. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Rejects forbidden keys and nesting deeper than MAX_JSON_DEPTH before zod sees the object, iteratively
 * (no recursion), skipping the contents of number arrays (the weights) in one pass each.
 */
function assertPlainJson(raw: unknown): void {
  const pending: { value: unknown; path: string[] }[] = [{ value: raw, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) throw new ModelFileError(path.join('.'), `nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(value)) {
      value.forEach((item, i) => { if (typeof item === 'object' && item !== null) pending.push({ value: item, path: [...path, String(i)] }); });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new ModelFileError([...path, key].join('.'), `the key "${key}" is not allowed in a model file`);
      pending.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

/** The preprocessing must yield exactly the network's inputs, and name one class per softmax output. */
function checkPreprocessingFitsSpec(file: ModelFile): void {
  const pre = file.preprocessing;
  if (!pre) return;
  const width = preprocessedWidth(pre);
  if (width !== file.spec.inputSize) {
    throw new ModelFileError('preprocessing.columns', `the columns yield ${width} network inputs, but spec.inputSize is ${file.spec.inputSize}`);
  }
  const isClassifier = file.spec.output.activation === 'softmax';
  if (isClassifier !== (pre.target.task === 'classification')) {
    throw new ModelFileError('preprocessing.target.task', `"${pre.target.task}" does not match the ${file.spec.output.activation} output layer`);
  }
  if (isClassifier && pre.target.classes && pre.target.classes.length !== file.spec.output.units) {
    throw new ModelFileError('preprocessing.target.classes', `expected ${file.spec.output.units} class names (one per output unit), found ${pre.target.classes.length}`);
  }
}

/**
 * Layer, row and bias lengths against the spec, on the raw object before zod copies the weights (so a
 * small spec with huge weight lists is refused before anything is allocated). Wrong types are left to zod.
 */
function checkLayerShapes(layers: unknown, spec: ModelSpec): void {
  if (!Array.isArray(layers)) return;
  const sizes = layerSizes(spec);
  if (layers.length !== sizes.length - 1) throw new ModelFileError('layers', `expected ${sizes.length - 1} layers for this spec, found ${layers.length}`);
  layers.forEach((layer: unknown, l) => {
    const fanIn = sizes[l], fanOut = sizes[l + 1];
    const { weights, bias } = (typeof layer === 'object' && layer !== null ? layer : {}) as { weights?: unknown; bias?: unknown };
    if (Array.isArray(weights)) {
      if (weights.length !== fanIn) throw new ModelFileError(`layers.${l}.weights`, `expected ${fanIn} rows, found ${weights.length}`);
      weights.forEach((row: unknown, i) => {
        if (Array.isArray(row) && row.length !== fanOut) throw new ModelFileError(`layers.${l}.weights.${i}`, `expected ${fanOut} values, found ${row.length}`);
      });
    }
    if (Array.isArray(bias) && bias.length !== fanOut) throw new ModelFileError(`layers.${l}.bias`, `expected ${fanOut} values, found ${bias.length}`);
  });
}

/** Every weight and bias a finite float32 (a loop: cheaper than zod per number, and it names the index). */
function checkFiniteWeights(file: ModelFile): void {
  file.layers.forEach((layer, l) => {
    layer.weights.forEach((row, i) => row.forEach((value, j) => assertFinite(value, `layers.${l}.weights.${i}.${j}`)));
    layer.bias.forEach((value, j) => assertFinite(value, `layers.${l}.bias.${j}`));
  });
}

const FLOAT32_MAX = 3.4028234663852886e38;

function assertFinite(value: number, path: string): void {
  if (!Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) throw new ModelFileError(path, `weight ${value} is not a finite float32`);
}

/** Builds a network holding the file's weights. */
export function networkFromModelFile(file: ModelFile, options: ConstructorParameters<typeof Network>[1] = {}): Network {
  if (parameterCount(file.spec) > MODEL_LIMITS.maxParameters) throw new ModelFileError('spec', 'too many parameters');
  const net = new Network(file.spec as ModelSpec, options);
  file.layers.forEach((layer, l) => {
    const { weights, bias, fanOut } = net.layers[l];
    layer.weights.forEach((row, i) => weights.set(row, i * fanOut));
    bias.set(layer.bias);
  });
  return net;
}

/** Parses, validates and builds in one call (`options` as networkFromModelFile's). */
export function loadModel(text: string, options: ConstructorParameters<typeof Network>[1] = {}): { net: Network; file: ModelFile; warnings: string[] } {
  const file = parseModelFile(text);
  return { net: networkFromModelFile(file, options), file, warnings: file.contentHash === undefined ? [NO_CONTENT_HASH] : [] };
}
