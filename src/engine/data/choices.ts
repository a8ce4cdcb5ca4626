/** DataChoices: defaults, filling a partial set, and which columns can feed the network. */
import { setting } from '../settings';
import { describeRange, isValidValue, sectionDefaults, settingProblems } from '../settings-values';
import type { ColumnKind, ColumnSchema, DataChoices, DataError, DataResult } from './types';

/** Defaults for every choice but the target (the last non-empty column) and exclusions (unusable columns). */
export const DEFAULT_CHOICES = sectionDefaults('data') as unknown as Omit<DataChoices, 'target' | 'excluded'>;

/** Kinds left out of the features unless the user includes them. */
const EXCLUDED_BY_DEFAULT: ReadonlySet<ColumnKind> = new Set(['identifier', 'text', 'empty', 'constant']);
/** Kinds that can never be features (no values kept). */
export const UNUSABLE: ReadonlySet<ColumnKind> = new Set(['text', 'empty']);

/** Feature columns left out by default: identifiers, free text, empty and constant columns. */
export function defaultExcluded(columns: ColumnSchema[], target: string): string[] {
  return columns.filter((c) => c.name !== target && EXCLUDED_BY_DEFAULT.has(c.kind)).map((c) => c.name);
}

const fail = (code: string, message: string, column: string | null = null): { ok: false; error: DataError } =>
  ({ ok: false, error: { code, message, line: null, column } });

/** Column names that say "I am what to predict", in order of preference (compared trimmed, in lower case). */
export const TARGET_NAMES = ['target', 'label', 'class', 'y', 'outcome', 'response', 'species', 'diagnosis', 'category'];

/**
 * The target guess: a column named like a target (TARGET_NAMES, in that order), else the first
 * categorical column with at least two values, else the last column that is not empty (trailing
 * delimiters make an empty last column).
 */
export function defaultTarget(columns: ColumnSchema[]): string | undefined {
  const named = TARGET_NAMES.map((name) => columns.find((c) => c.name.trim().toLowerCase() === name && c.kind !== 'empty')).find(Boolean);
  if (named) return named.name;
  const categorical = columns.find((c) => c.kind === 'categorical' && c.distinct >= 2);
  if (categorical) return categorical.name;
  return [...columns].reverse().find((c) => c.kind !== 'empty')?.name ?? columns[columns.length - 1]?.name;
}

/** Choices with every field set: the target defaults to defaultTarget's guess, exclusions to defaultExcluded. */
export function fillChoices(columns: ColumnSchema[], partial: Partial<DataChoices> = {}): DataResult<DataChoices> {
  const target = partial.target ?? defaultTarget(columns);
  if (target === undefined) return fail('no-columns', 'the file has no columns');
  const names = new Set(columns.map((c) => c.name));
  if (!names.has(target)) return fail('unknown-target', `there is no column "${target}"; the columns are ${listNames(columns)}`, target);
  const excluded = partial.excluded ?? defaultExcluded(columns, target);
  const unknown = excluded.find((name) => !names.has(name));
  if (unknown !== undefined) return fail('unknown-column', `cannot exclude "${unknown}": there is no such column`, unknown);
  const choices: DataChoices = { ...DEFAULT_CHOICES, ...definedOnly(partial), target, excluded: [...excluded] };
  return checkFractions(choices);
}

function checkFractions(choices: DataChoices): DataResult<DataChoices> {
  const { validationFraction: val, testFraction: test } = choices;
  const valRange = setting('data', 'validationFraction'), testRange = setting('data', 'testFraction');
  if (!isValidValue(valRange, val) || !isValidValue(testRange, test) || val + test >= 1) {
    return fail('bad-split', `validation (${val}) and test (${test}) fractions must be ${describeRange(valRange)} and ${describeRange(testRange)} and leave rows to train on`);
  }
  const problem = settingProblems('data', choices).find((p) => p.key !== 'validationFraction' && p.key !== 'testFraction');
  if (problem) return fail(`bad-${problem.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, `data choices: ${problem.message}`);
  return { ok: true, value: choices };
}

function definedOnly<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "a", "b", "c" (the first 20). */
export function listNames(columns: ColumnSchema[]): string {
  const shown = columns.slice(0, 20).map((c) => `"${c.name}"`).join(', ');
  return columns.length > 20 ? `${shown}, … (${columns.length} in all)` : shown;
}
