/**
 * The zod schemas of the settings, built from the settings table: the network design, the training
 * settings (a `configure` message and a model file's `training` section), the settings a paused run
 * accepts, and the data choices. Nested keys ('optimizer.beta1') become nested strict objects.
 */
import { z } from 'zod';
import type { HiddenLayerSpec } from './network';
import type { InitScheme } from './init-schemes';
import type { LiveSettings, TrainSettings } from './trainer';
import type { DataChoices } from './data/types';
import { numericSetting, type Setting, type SettingSection } from './settings';
import { LIVE_SETTINGS, layerField, sectionDefaults, settingsOf } from './settings-values';

/** The user's network design: hidden layers and the init scheme (input and output sizes come from the data). */
export interface NetworkDesign { hidden: HiddenLayerSpec[]; init: InitScheme }

/** The zod type of one entry's value. */
export function schemaOf(entry: Setting): z.ZodType {
  switch (entry.type) {
    case 'int': case 'number': {
      let schema = entry.type === 'int' ? z.number().int() : z.number();
      schema = entry.minOpen ? schema.gt(entry.min) : schema.gte(entry.min);
      return entry.maxOpen ? schema.lt(entry.max) : schema.lte(entry.max);
    }
    case 'enum': return z.enum(entry.values as [string, ...string[]]);
    case 'boolean': return z.boolean();
    case 'text': return entry.pattern ? z.string().max(entry.maxLength).regex(new RegExp(entry.pattern)) : z.string().max(entry.maxLength);
    case 'text-list': return z.array(z.string().max(entry.maxLength)).max(entry.maxItems);
  }
}

type Shape = Record<string, z.ZodType>;

/** Entries keyed by dotted paths → a strict object of strict objects. */
function objectOf(entries: { path: string; schema: z.ZodType }[]): z.ZodObject {
  const shape: Shape = {};
  const groups = new Map<string, { path: string; schema: z.ZodType }[]>();
  for (const { path, schema } of entries) {
    const [head, ...rest] = path.split('.');
    if (rest.length === 0) { shape[head] = schema; continue; }
    groups.set(head, [...(groups.get(head) ?? []), { path: rest.join('.'), schema }]);
  }
  for (const [head, inner] of groups) shape[head] = objectOf(inner);
  return z.object(shape).strict();
}

const plainEntries = (section: SettingSection): { path: string; schema: z.ZodType }[] =>
  settingsOf(section).filter((e) => !e.perLayer && e.key !== 'hidden.length')
    .map((e) => ({ path: e.key, schema: e.fillMissing ? schemaOf(e).default(e.default) : schemaOf(e) }));

/** One hidden layer: units, activation and dropout with the table's ranges. */
export const hiddenLayerSchema = objectOf(settingsOf('network').filter((e) => e.perLayer)
  .map((e) => ({ path: layerField(e), schema: schemaOf(e) }))) as unknown as z.ZodType<HiddenLayerSpec>;

const layerCount = numericSetting('network', 'hidden.length');
const hiddenLayers = z.array(hiddenLayerSchema).min(layerCount.min).max(layerCount.max);

/** The user's network design. */
export const networkDesignSchema = objectOf(plainEntries('network')).extend({ hidden: hiddenLayers }).strict() as unknown as z.ZodType<NetworkDesign>;

/** TrainSettings: one schema for a configure message and a saved model's training section. */
export const trainSettingsSchema = objectOf(plainEntries('train')) as unknown as z.ZodType<TrainSettings>;

/** The settings a paused run accepts (updateSettings): any of the live top-level fields, each whole. */
export const liveSettingsSchema = (objectOf(plainEntries('train')).pick(Object.fromEntries(LIVE_SETTINGS.map((k) => [k, true])) as Record<string, true>)
  .partial().strict()) as unknown as z.ZodType<LiveSettings>;

/** Data choices: every field optional (the data module fills the rest with the table's defaults). */
export const dataChoicesSchema = objectOf(plainEntries('data')).partial().strict() as unknown as z.ZodType<Partial<DataChoices>>;

/** The table's default design: three relu layers of 128, 64 and 32 units, no dropout, init 'auto'. */
export const defaultNetworkDesign: NetworkDesign = sectionDefaults('network') as unknown as NetworkDesign;
