/** A studio field's label, hint and input range, read from the engine's settings table. */
import { setting, type Setting, type SettingSection } from '../../../engine/settings';

/** What a NumberField takes from the table: the input's min/max/step (inside open bounds) and its words. */
export interface FieldProps { label: string; hint: string; min: number; max: number; step: number }

/** "learning rate" → "Learning rate"; a symbol stays as it is (upper-case ρ, β, ε would read as P, B, E). */
const capitalized = (text: string): string => (/^[a-z]/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text);

/** The table's range as an input's min/max: an open bound moves one step inside, e.g. dropout [0, 1) → max 0.95. */
export function fieldProps(key: string, section: SettingSection = 'train'): FieldProps {
  const entry = setting(section, key);
  if (entry.type !== 'int' && entry.type !== 'number') throw new Error(`setting "${key}" is not a number field`);
  const min = entry.minOpen ? entry.min + entry.step : entry.min;
  const max = entry.maxOpen ? entry.max - entry.step : entry.max;
  return { label: capitalized(entry.label), hint: entry.hint, min, max, step: entry.step };
}

/** An enum setting's values, each with the words a menu shows and the table's one-line hint (else the value itself). */
export function choicesOf(key: string, section: SettingSection = 'train'): { value: string; label: string; hint: string }[] {
  const entry: Setting = setting(section, key);
  if (entry.type !== 'enum') throw new Error(`setting "${key}" is not a choice`);
  return entry.values.map((value) => ({ value, label: entry.valueLabels?.[value] ?? value, hint: entry.valueHints?.[value] ?? value }));
}
