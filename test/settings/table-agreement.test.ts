/**
 * Walks the settings table: at each bound of each numeric setting (and just past it), and for each
 * enum a valid and an invalid value, every validator must agree with the table — the protocol's zod
 * schemas, the model file's, the engine's asserts, the CLI as a user types it, and the studio's
 * ModelConfig. A negative control shows that a validator with a drifted range is caught.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  DEFAULT_CHOICES, LIVE_SETTINGS, SETTINGS, assertValidSettings, setting, assertValidSpec, checkSetting, defaultNetworkDesign, defaultTrainSettings,
  fillChoices, modelSpecSchema, schemaOf, setAt, trainingSchema, type ColumnSchema, type NetworkDesign, type Setting, type TrainSettings,
} from '../../src/engine';
import { dataChoicesSchema, liveSettingsSchema, networkDesignSchema, trainSettingsSchema } from '../../src/shared/protocol';
import { parseArgs } from '../../src/cli/args';
import { train as trainCommand } from '../../src/cli/commands/train';
import { dataFromFlags, designFromFlags } from '../../src/cli/setting-flags';
import { settingsFromFlags } from '../../src/cli/training';
import { ModelConfig } from '../../src/renderer/studio/state/model-config.svelte';

/** One value to try, and whether the table says it is valid. */
interface Case { entry: Setting; value: unknown; valid: boolean }

/** A validator: does it accept this value for this setting? null when it has no say (e.g. the studio on data choices). */
type Validator = (entry: Setting, value: unknown) => boolean | null;

/** Just past (or just inside) a bound: one for whole numbers, a tenth of a step otherwise. */
const nudge = (entry: Setting & { step: number; type: 'int' | 'number' }): number => (entry.type === 'int' ? 1 : entry.step / 10);

/** The cases of one entry, their verdicts decided from the entry's bounds alone. */
function casesOf(entry: Setting): Case[] {
  switch (entry.type) {
    case 'int': case 'number': {
      const d = nudge(entry);
      return [
        { entry, value: entry.min, valid: !entry.minOpen },
        { entry, value: entry.minOpen ? entry.min + d : entry.min - d, valid: Boolean(entry.minOpen) },
        { entry, value: entry.max, valid: !entry.maxOpen },
        { entry, value: entry.maxOpen ? entry.max - d : entry.max + d, valid: Boolean(entry.maxOpen) },
      ];
    }
    case 'enum': return [...entry.values.map((value) => ({ entry, value, valid: true })), { entry, value: 'no-such-value', valid: false }];
    default: return [];
  }
}

const accepts = (run: () => unknown): boolean => { try { run(); return true; } catch { return false; } };

/** The default design with one setting changed: per-layer values go on every layer, 'hidden.length' sets the count. */
function designWith(entry: Setting, value: unknown): NetworkDesign {
  const design = structuredClone(defaultNetworkDesign);
  if (entry.key === 'hidden.length') {
    design.hidden = Array.from({ length: value as number }, () => ({ ...defaultNetworkDesign.hidden[0], units: 8 }));
  } else if (entry.perLayer) {
    for (const layer of design.hidden) setAt(layer as unknown as Record<string, unknown>, entry.key.slice('hidden.'.length), value);
  } else {
    setAt(design as unknown as Record<string, unknown>, entry.key, value);
  }
  return design;
}

function trainWith(entry: Setting, value: unknown): TrainSettings {
  const settings = structuredClone(defaultTrainSettings);
  setAt(settings as unknown as Record<string, unknown>, entry.key, value);
  return settings;
}

/** Data choices around one value: both fractions 0 otherwise, so a fraction at its bound leaves rows to train on. */
function choicesWith(entry: Setting, value: unknown): Record<string, unknown> {
  const choices: Record<string, unknown> = { validationFraction: 0, testFraction: 0 };
  setAt(choices, entry.key, value);
  return choices;
}

const columns: ColumnSchema[] = ['a', 'b', 'label'].map((name, index) => ({ name, index, kind: 'numeric', missing: 0, distinct: 10 }));
const specOf = (design: NetworkDesign) => ({ inputSize: 4, hidden: design.hidden, output: { units: 3, activation: 'softmax' as const }, init: design.init });

/** The value as a user types it after the flag. */
function typed(entry: Setting, value: unknown): string {
  if (entry.key === 'hidden.length') return Array.from({ length: value as number }, () => '8').join(',');
  return String(value);
}

/** `backprop train data.csv --flag value`, parsed and turned into settings as the train command does. */
function cliAccepts(entry: Setting, value: unknown): boolean | null {
  const flag = entry.key === 'hidden.length' ? 'hidden' : entry.flag;
  if (flag === null) return null;
  return accepts(() => {
    const { flags } = parseArgs(['data.csv', `--${flag}`, typed(entry, value)], trainCommand.flags, trainCommand.positional, 'train');
    designFromFlags(flags);
    settingsFromFlags(flags);
    dataFromFlags(flags);
  });
}

const validators: Record<string, Validator> = {
  'protocol schema': (entry, value) => {
    if (entry.section === 'network') return networkDesignSchema.safeParse(designWith(entry, value)).success;
    if (entry.section === 'train') return trainSettingsSchema.safeParse(trainWith(entry, value)).success;
    return dataChoicesSchema.safeParse(choicesWith(entry, value)).success;
  },
  'model file schema': (entry, value) => {
    if (entry.section === 'network') return modelSpecSchema.safeParse(specOf(designWith(entry, value))).success;
    if (entry.section === 'train') return trainingSchema.safeParse(trainWith(entry, value)).success;
    return null;
  },
  'engine assert': (entry, value) => {
    if (entry.section === 'network') return accepts(() => assertValidSpec(specOf(designWith(entry, value))));
    if (entry.section === 'train') return accepts(() => assertValidSettings(trainWith(entry, value)));
    return fillChoices(columns, { target: 'label', ...choicesWith(entry, value) }).ok;
  },
  'CLI': cliAccepts,
  'studio fields': (entry, value) => {
    if (entry.section === 'data') return null;
    const model = new ModelConfig(() => ({ inputSize: 4, outputSize: 3, task: 'classification' }));
    model.restore(entry.section === 'network' ? designWith(entry, value) : defaultNetworkDesign,
      entry.section === 'train' ? trainWith(entry, value) : defaultTrainSettings);
    return model.isValid;
  },
};

/** Every case where a validator's verdict differs from the table's. */
function disagreements(cases: Case[], checks: Record<string, Validator>): string[] {
  const found: string[] = [];
  for (const { entry, value, valid } of cases) {
    for (const [name, check] of Object.entries(checks)) {
      const verdict = check(entry, value);
      if (verdict !== null && verdict !== valid) found.push(`${name} ${verdict ? 'accepts' : 'rejects'} ${entry.section} ${entry.key} = ${String(value)}`);
    }
  }
  return found;
}

const allCases = SETTINGS.flatMap(casesOf);

describe('the settings table is the one source of every limit', () => {
  test('the walk covers every numeric and enum setting of all three sections', () => {
    const walked = new Set(allCases.map((c) => `${c.entry.section}.${c.entry.key}`));
    const expected = SETTINGS.filter((s) => s.type === 'int' || s.type === 'number' || s.type === 'enum').map((s) => `${s.section}.${s.key}`);
    expect([...walked].sort()).toEqual([...expected].sort());
    expect(walked.size).toBeGreaterThan(30);
  });

  test.each(Object.keys(validators))('%s accepts exactly the values the table allows, at each bound and just past it', (name) => {
    expect(disagreements(allCases, { [name]: validators[name] })).toEqual([]);
  });

  test('every validator has a say on every network and training setting; the CLI has a flag for each', () => {
    const silent = allCases.filter((c) => c.entry.section !== 'data')
      .flatMap((c) => Object.entries(validators).filter(([, check]) => check(c.entry, c.value) === null).map(([name]) => `${name}: ${c.entry.key}`));
    expect(silent).toEqual([]);
  });

  test('negative control: a schema whose dropout range drifted to the old [0, 0.95] is caught', () => {
    const driftedLayer = z.object({ units: z.number().int().min(1).max(4096), activation: z.string(), dropout: z.number().min(0).max(0.95) }).strict();
    const drifted = z.object({ hidden: z.array(driftedLayer).min(1).max(8), init: z.string() }).strict();
    const found = disagreements(allCases, { 'drifted schema': (entry, value) => (entry.section === 'network' ? drifted.safeParse(designWith(entry, value)).success : null) });
    expect(found.some((line) => line.includes('hidden.dropout = 0.995'))).toBe(true);
  });

  test('negative control: a validator built from a copy of an entry with one bound made inclusive is caught', () => {
    const learningRate = SETTINGS.find((s) => s.key === 'learningRate') as Setting;
    const driftedCopy = { ...learningRate, minOpen: false } as Setting;
    const found = disagreements(allCases, { drifted: (entry, value) => (entry === learningRate ? schemaOf(driftedCopy).safeParse(value).success : null) });
    expect(found).toEqual(['drifted accepts train learningRate = 0']);
  });
});

describe('one set of defaults, one set of live settings', () => {
  test('the default network is the table\'s: 128-64-32 relu, dropout 0.1, init auto — for the studio, the engine host and the CLI', async () => {
    const { defaultDesign } = await import('../../src/engine-host/defaults');
    // dropout 0.1 on every layer since bench/defaults (it was 0)
    const expected = { hidden: [128, 64, 32].map((units) => ({ units, activation: 'relu', dropout: 0.1 })), init: 'auto' };
    expect(defaultNetworkDesign).toEqual(expected);
    expect(defaultDesign).toEqual(expected);
    expect(designFromFlags({})).toEqual(expected);
    const model = new ModelConfig(() => null);
    expect({ hidden: model.hidden, init: model.init }).toEqual(expected);
  });

  test('every default passes its own validation (the engine\'s assert, the protocol and the data module)', () => {
    expect(() => assertValidSettings(defaultTrainSettings)).not.toThrow();
    expect(trainSettingsSchema.safeParse(defaultTrainSettings).success).toBe(true);
    expect(networkDesignSchema.safeParse(defaultNetworkDesign).success).toBe(true);
    expect(dataChoicesSchema.safeParse(DEFAULT_CHOICES).success).toBe(true);
    for (const entry of SETTINGS.filter((s) => s.default !== undefined && s.key !== 'hidden.length')) {
      const values = Array.isArray(entry.default) && entry.perLayer ? entry.default : [entry.default];
      for (const value of values) expect(checkSetting(entry, value), entry.key).toBeNull();
    }
  });

  test('the data module\'s defaults are the table\'s', () => {
    const fromTable = Object.fromEntries(SETTINGS.filter((s) => s.section === 'data' && s.default !== undefined).map((s) => [s.key, s.default]));
    expect(DEFAULT_CHOICES).toEqual(fromTable);
  });

  test('the settings a paused run accepts are exactly the ones the table marks live', () => {
    expect([...LIVE_SETTINGS].sort()).toEqual(['clipping', 'earlyStopping', 'epochs', 'l1', 'l2', 'learningRate', 'schedule']);
    expect(liveSettingsSchema.safeParse({ learningRate: 0.5, epochs: 3 }).success).toBe(true);
    expect(liveSettingsSchema.safeParse({ batchSize: 8 }).success).toBe(false); // negative control: not live
  });

  test('a model file saved before ρ and weight decay existed still loads, with the table\'s defaults', () => {
    const { rho: _rho, weightDecay: _weightDecay, ...older } = defaultTrainSettings.optimizer;
    const parsed = trainingSchema.parse({ ...defaultTrainSettings, optimizer: older });
    expect(parsed.optimizer).toMatchObject({ rho: setting('train', 'optimizer.rho').default, weightDecay: setting('train', 'optimizer.weightDecay').default });
    expect(trainingSchema.safeParse({ ...defaultTrainSettings, optimizer: { ...older, beta1: undefined } }).success).toBe(false); // no stand-in for β₁
  });
});
