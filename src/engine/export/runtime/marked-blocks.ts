/**
 * Runtime templates are real JS/Python files with marked blocks (`NAME BEGIN … NAME END`, whole lines)
 * holding a valid placeholder; the writers replace each block with the engine's own table, so the
 * exported code and the engine read one list (activations, missing-value markers, number conventions) and never drift.
 */
import { MISSING_MARKERS, NUMBER_READINGS } from '../../data/cells';

/** The marked block `name BEGIN … name END` (whole lines) of a template. */
function markedBlock(name: string): RegExp {
  return new RegExp(`^[^\\n]*${name} BEGIN[^\\n]*\\n[\\s\\S]*?^[^\\n]*${name} END[^\\n]*$`, 'm');
}

/** The template with its `name` block replaced by `content`; throws when the template has no such block. */
export function withMarkedBlock(template: string, name: string, content: string): string {
  const block = markedBlock(name);
  if (!block.test(template)) throw new Error(`runtime template: no "${name} BEGIN … ${name} END" block to replace`);
  return template.replace(block, () => content);
}

/** The template with its ACTIVATIONS block replaced by `table` (the registry's activations in the template's language). */
export function withActivationTable(template: string, table: string): string {
  return withMarkedBlock(template, 'ACTIVATIONS', table);
}

/** The preprocessing template with its MISSING block set to the engine's missing-value markers (data/cells.ts). */
export function withMissingMarkers(template: string, language: 'js' | 'python'): string {
  const list = MISSING_MARKERS.map((marker) => JSON.stringify(marker)).join(', ');
  const line = language === 'js' ? `const MISSING_MARKERS = new Set([${list}]);` : `_MISSING_MARKERS = {${list}}`;
  return withMarkedBlock(template, 'MISSING', line);
}

/** The preprocessing template with its NUMBERS block set to the engine's number conventions (data/cells.ts NUMBER_READINGS). */
export function withNumberReadings(template: string, language: 'js' | 'python'): string {
  const table = JSON.stringify(Object.fromEntries(Object.entries(NUMBER_READINGS).map(([name, { decimal, group }]) => [name, { decimal, group }])));
  return withMarkedBlock(template, 'NUMBERS', language === 'js' ? `const NUMBER_READINGS = ${table};` : `_NUMBER_READINGS = ${table}`);
}

/** The preprocessing template with both of the engine's tables written in: missing-value markers and number conventions. */
export function withDataRules(template: string, language: 'js' | 'python'): string {
  return withNumberReadings(withMissingMarkers(template, language), language);
}
