/**
 * Reading the settings table: checking a value against its entry, describing a range in words,
 * walking a settings object for problems, and building the defaults. Every validator (the engine's
 * asserts, the studio's fields, the CLI's range checks) calls these, so they cannot disagree.
 */
import { SETTINGS, setting, type Setting, type SettingSection } from './settings';

/** A problem with one setting: its path (per-layer ones as 'hidden.<i>.<field>') and a readable message. */
export interface SettingProblem { path: string; key: string; message: string }

/** "a whole number from 1 to 4096", "in (0, 1000]", "one of a, b, c": what a setting accepts. */
export function describeRange(entry: Setting): string {
  switch (entry.type) {
    case 'int': return `a whole number from ${entry.min} to ${entry.max}`;
    case 'number': return `in ${entry.minOpen ? '(' : '['}${entry.min}, ${entry.max}${entry.maxOpen ? ')' : ']'}`;
    case 'enum': return `one of ${entry.values.join(', ')}`;
    case 'boolean': return 'true or false';
    case 'text': return entry.patternHint ?? `a text of at most ${entry.maxLength} characters`;
    case 'text-list': return `at most ${entry.maxItems} names of at most ${entry.maxLength} characters`;
  }
}

/** min ≤ x ≤ max (strict at an open bound), finite, and whole for an int setting. */
export function isInRange(entry: Setting, x: unknown): boolean {
  if (entry.type !== 'int' && entry.type !== 'number') return false;
  if (typeof x !== 'number' || !Number.isFinite(x)) return false;
  if (entry.type === 'int' && !Number.isInteger(x)) return false;
  const aboveMin = entry.minOpen ? x > entry.min : x >= entry.min;
  const belowMax = entry.maxOpen ? x < entry.max : x <= entry.max;
  return aboveMin && belowMax;
}

/** Whether a value is one the entry accepts. */
export function isValidValue(entry: Setting, value: unknown): boolean {
  switch (entry.type) {
    case 'int': case 'number': return isInRange(entry, value);
    case 'enum': return typeof value === 'string' && entry.values.includes(value);
    case 'boolean': return typeof value === 'boolean';
    case 'text': return typeof value === 'string' && value.length <= entry.maxLength && (!entry.pattern || new RegExp(entry.pattern).test(value));
    case 'text-list': return Array.isArray(value) && value.length <= entry.maxItems
      && value.every((v) => typeof v === 'string' && v.length <= entry.maxLength);
  }
}

/** null for a valid value, else "<label> must be <range>, got <value>". */
export function checkSetting(entry: Setting, value: unknown): string | null {
  if (isValidValue(entry, value)) return null;
  const shown = typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? `${value.length} items` : String(value);
  return `${entry.label} must be ${describeRange(entry)}, got ${shown}`;
}

/** obj[a][b] for the path 'a.b' (undefined where a step is missing). */
export function valueAt(obj: unknown, path: string): unknown {
  let node = obj;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Sets obj[a][b] = value for the path 'a.b', making the objects on the way. */
export function setAt(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** The entries of a section, in table order. */
export function settingsOf(section: SettingSection): Setting[] {
  return SETTINGS.filter((s) => s.section === section);
}

/** The field a per-layer entry sets on each hidden layer ('hidden.units' → 'units'). */
export const layerField = (entry: Setting): string => entry.key.slice('hidden.'.length);

/** Every problem in a section's object: per-layer entries are checked on each hidden layer. */
export function settingProblems(section: SettingSection, obj: unknown, options: { partial?: boolean } = {}): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const add = (entry: Setting, path: string, value: unknown, where = ''): void => {
    const message = checkSetting(entry, value);
    if (message) problems.push({ path, key: entry.key, message: where + message });
  };
  for (const entry of settingsOf(section)) {
    if (entry.perLayer) {
      const layers = valueAt(obj, 'hidden');
      if (!Array.isArray(layers)) continue; // 'hidden.length' reports it
      layers.forEach((layer, i) => add(entry, `hidden.${i}.${layerField(entry)}`, valueAt(layer, layerField(entry)), `hidden layer ${i + 1}: `));
      continue;
    }
    const value = valueAt(obj, entry.key);
    if (value === undefined && (options.partial || entry.default === undefined)) continue;
    add(entry, entry.key, value);
  }
  return problems;
}

/** Throws the first problem of a section's object (the engine's assert). */
export function assertValidSection(section: SettingSection, obj: unknown): void {
  const [problem] = settingProblems(section, obj);
  if (problem) throw new Error(problem.message);
}

/** A per-layer entry's default for one layer: its one value, or the layer's value from its list. */
export function layerDefault(entry: Setting, layerIndex: number): unknown {
  if (!Array.isArray(entry.default)) return entry.default;
  return entry.default[Math.min(layerIndex, entry.default.length - 1)];
}

/** A section's defaults as one plain object (per-layer entries become the default hidden layers). */
export function sectionDefaults(section: SettingSection): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const entries = settingsOf(section);
  const perLayer = entries.filter((e) => e.perLayer);
  if (perLayer.length > 0) {
    const count = setting('network', 'hidden.length').default as number;
    result.hidden = Array.from({ length: count }, (_, i) => Object.fromEntries(perLayer.map((e) => [layerField(e), layerDefault(e, i)])));
  }
  for (const entry of entries) {
    if (entry.perLayer || entry.key === 'hidden.length' || entry.default === undefined) continue;
    setAt(result, entry.key, entry.default);
  }
  return result;
}

/** The top-level fields of TrainSettings that may change while paused (epochs, learningRate, schedule, …). */
export const LIVE_SETTINGS = [...new Set(settingsOf('train').filter((s) => s.live).map((s) => s.key.split('.')[0]))];
