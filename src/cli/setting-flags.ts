/**
 * The CLI's setting flags, generated from the engine's settings table: one flag per setting (the
 * table names it), its --help line from the label, hint, range and default, and the range checks.
 * Per-layer settings take one value for every hidden layer or a comma list with one per layer.
 */
import {
  SETTINGS, checkSetting, defaultNetworkDesign, describeRange, layerField, setAt, setting,
  type DataChoices, type NetworkDesign, type Setting, type SettingSection, type TrainSettings,
} from '../engine';
import type { CommandArgs, FlagSpec } from './args';
import { UserError } from './errors';

type Flags = CommandArgs['flags'];

/** The settings of one section that have a CLI flag. */
const flagged = (sections: readonly SettingSection[]): Setting[] =>
  sections.flatMap((section) => SETTINGS.filter((s) => s.flag !== null && s.section === section));

/** "0.2", "128,64,32", "relu": a default as the user would type it. */
function shownDefault(entry: Setting): string | null {
  if (entry.default === undefined) return null;
  return Array.isArray(entry.default) ? entry.default.join(',') : String(entry.default);
}

/** The --help text of a setting's flag: hint, range, per-layer note and default. */
function flagHelp(entry: Setting): string {
  const ranged = entry.type === 'int' || entry.type === 'number' || (entry.type === 'enum' && entry.perLayer);
  const range = ranged ? `; ${describeRange(entry)}` : '';
  const count = setting('network', 'hidden.length');
  const perLayer = !entry.perLayer ? '' : entry.key === 'hidden.units' ? `, ${describeRange(count).replace('a whole number', 'layers')}`
    : '; one value for every layer, or one per layer: a,b,c';
  const shown = shownDefault(entry);
  if (entry.type === 'boolean') return `sets ${entry.label} to ${entry.flagSets ?? true}: ${entry.hint}`;
  return `${entry.hint}${range}${perLayer}${shown === null ? '' : ` (default ${shown})`}`;
}

function flagSpec(entry: Setting): FlagSpec {
  const help = flagHelp(entry);
  if (entry.perLayer || entry.type === 'text-list') return { type: 'string', placeholder: entry.type === 'text-list' ? 'NAME,NAME' : 'A[,B,C]', help };
  switch (entry.type) {
    case 'int': return { type: 'integer', help };
    case 'number': return { type: 'number', help };
    case 'enum': return { type: 'string', choices: entry.values, help };
    case 'boolean': return { type: 'boolean', help };
    default: return { type: 'string', help };
  }
}

/** The flags of these sections' settings, for a command's flag table (a flag two settings share appears once). */
export function settingFlags(sections: readonly SettingSection[]): Record<string, FlagSpec> {
  const specs: Record<string, FlagSpec> = {};
  for (const entry of flagged(sections)) specs[entry.flag as string] ??= flagSpec(entry);
  return specs;
}

/** A flag's range failure as one line: what (the flag and value), the rule, and where to look. */
function badValue(flag: string, message: string): UserError {
  return new UserError(`--${flag}: ${message} (see backprop train --help for every setting's range)`);
}

/** One typed value of a list flag: a number for numeric settings, else the text. */
function listItem(entry: Setting, text: string): unknown {
  if (entry.type !== 'int' && entry.type !== 'number') return text;
  const x = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(x)) throw badValue(entry.flag as string, `"${text}" is not a number`);
  return x;
}

/** The values of a per-layer flag, one per layer (one value given means every layer). */
function perLayerValues(entry: Setting, raw: string, layerCount: number): unknown[] {
  const values = raw.split(',').map((text) => listItem(entry, text.trim()));
  if (values.length !== 1 && values.length !== layerCount) {
    throw new UserError(`--${entry.flag}: ${values.length} values for ${layerCount} hidden layers; give one value for every layer or ${layerCount} (one per layer)`);
  }
  for (const value of values) {
    const message = checkSetting(entry, value);
    if (message) throw badValue(entry.flag as string, message);
  }
  return values.length === 1 ? Array.from({ length: layerCount }, () => values[0]) : values;
}

/** The network design from --hidden, --activation, --dropout and --weight-init over the table's defaults. */
export function designFromFlags(flags: Flags, base: NetworkDesign = defaultNetworkDesign): NetworkDesign {
  const unitsEntry = setting('network', 'hidden.units');
  const units = flags.hidden === undefined ? base.hidden.map((h) => h.units) : listOf(flags.hidden).map((t) => listItem(unitsEntry, t) as number);
  const countMessage = checkSetting(setting('network', 'hidden.length'), units.length);
  if (countMessage) throw badValue('hidden', countMessage);
  const layers: Record<string, unknown>[] = units.map((_, i) => ({ ...(base.hidden[i] ?? base.hidden[base.hidden.length - 1]) }));
  for (const entry of flagged(['network']).filter((e) => e.perLayer)) {
    const raw = flags[entry.flag as string];
    if (raw === undefined) continue;
    perLayerValues(entry, listOf(raw).join(','), layers.length).forEach((value, i) => { layers[i][layerField(entry)] = value; });
  }
  const design = { ...base, hidden: layers } as unknown as NetworkDesign;
  applyPlain(flags, ['network'], design as unknown as Record<string, unknown>);
  return design;
}

/** Training settings: the base (the table's defaults or a saved model's) overridden by the flags given. */
export function trainFromFlags(flags: Flags, base: TrainSettings): TrainSettings {
  const settings = structuredClone(base);
  applyPlain(flags, ['train'], settings as unknown as Record<string, unknown>);
  return settings;
}

/** Data choices given as flags (only those given: the data module fills in the rest). */
export function dataFromFlags(flags: Flags): Partial<DataChoices> {
  const choices: Record<string, unknown> = {};
  applyPlain(flags, ['data'], choices);
  return choices as Partial<DataChoices>;
}

/** Flags named by network-design settings that were given (they cannot change a saved model's layers). */
export function designFlagsGiven(flags: Flags): string[] {
  return flagged(['network']).map((e) => e.flag as string).filter((flag) => flags[flag] !== undefined);
}

function listOf(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
}

/** Sets every non-per-layer setting whose flag was given, after checking it against the table. */
function applyPlain(flags: Flags, sections: readonly SettingSection[], target: Record<string, unknown>): void {
  for (const entry of flagged(sections)) {
    const flag = entry.flag as string;
    const raw = flags[flag];
    if (raw === undefined || entry.perLayer) continue;
    const value = entry.type === 'boolean' ? entry.flagSets ?? true : entry.type === 'text-list' ? listOf(raw).map((t) => t.trim()) : raw;
    const message = checkSetting(entry, value);
    if (message) throw badValue(flag, message);
    setAt(target, entry.key, value);
  }
}
