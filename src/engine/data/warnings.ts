/** Warnings about columns under the current choices, each with a one-click fix where one exists. */
import { NUMBER_READINGS } from './cells';
import { shownCell } from './shown-text';
import type { ColumnSchema, DataChoices, DataWarning } from './types';

type ColumnRule = (column: ColumnSchema, choices: DataChoices, isFeature: boolean) => DataWarning | null;

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;

const excludedRules: ColumnRule[] = [
  (c) => (c.kind === 'constant' ? { code: 'constant-column', message: `column "${c.name}" holds one value only, so it is left out`, column: c.name } : null),
  (c) => (c.kind === 'empty' ? { code: 'empty-column', message: `column "${c.name}" is empty, so it is left out`, column: c.name } : null),
  (c) => (c.kind === 'text' ? { code: 'text-column', message: `column "${c.name}" is free text or ids (${distinctCount(c)} distinct values, nearly one per row), so it is left out`, column: c.name } : null),
  (c) => numbersReadAsText(c),
  (c, choices) => (c.kind === 'identifier' ? {
    code: 'identifier-column', message: `column "${c.name}" has a different value in every row (an identifier?), so it is left out`, column: c.name,
    fix: { label: `Use "${c.name}" as a feature`, changes: { excluded: choices.excluded.filter((n) => n !== c.name) } },
  } : null),
];

/** "2,048" or, past the profile's cap, "≥ 2,048" (the count is then a lower bound). */
export function distinctCount(c: Pick<ColumnSchema, 'distinct' | 'distinctCapped'>): string {
  return `${c.distinctCapped ? '≥ ' : ''}${c.distinct.toLocaleString('en')}`;
}

/**
 * A column of numbers written with thousands separators that no one convention reads (ambiguous, mixed,
 * or first seen after the rows the convention is chosen from) is read as categories: say so and why.
 */
function numbersReadAsText(c: ColumnSchema): DataWarning | null {
  const problem = c.readingProblem ?? (c.numberLike ? { why: 'they appear only after the first rows, from which a column\'s number convention is chosen', first: c.numberLike.first } : null);
  if (!problem) return null;
  const count = c.numberLike?.count ?? 0;
  return {
    code: 'numbers-as-text', column: c.name,
    message: `column "${c.name}" looks numeric, but ${count > 1 ? `${count} cells are` : 'a cell is'} like ${shownCell(problem.first.text.trim())} (line ${problem.first.line}): ${problem.why}; so the column is read as ${c.kind === 'categorical' ? 'categories' : c.kind} — save the file with plain numbers to use it as a number`,
  };
}

/** A numeric column read in a convention (thousands separators, a decimal comma): say which. */
function numberReadingNote(c: ColumnSchema): DataWarning | null {
  if (!c.numberReading) return null;
  const { decimal, group } = NUMBER_READINGS[c.numberReading];
  const groupName = group === ' ' ? 'a space' : group === "'" ? 'an apostrophe' : `"${group}"`;
  const how = group ? `${groupName} as the thousands separator and "${decimal}" as the decimal mark` : `"${decimal}" as the decimal mark`;
  return { code: 'number-reading', column: c.name, message: `column "${c.name}" is read as numbers written like ${NUMBER_READINGS[c.numberReading].example}: ${how} (the same at prediction time)` };
}

/** Infinities and numbers beyond float32 in a numeric column are read as missing (then imputed or dropped). */
function unusableNumbers(c: ColumnSchema, choices: DataChoices): DataWarning | null {
  if (!c.unusableNumbers) return null;
  const { count, first } = c.unusableNumbers;
  const filled = choices.imputation === 'drop' ? 'their rows are dropped' : `filled with the ${choices.imputation}`;
  return {
    code: 'unusable-numbers', column: c.name,
    message: `column "${c.name}": ${count} cell${count === 1 ? ' is' : 's are'} infinite or beyond the float32 range (about ±3.4e38), like ${shownCell(first.text.trim())} (line ${first.line}); they are read as missing values (${filled}), here and at prediction time`,
  };
}

const featureRules: ColumnRule[] = [
  (c) => numbersReadAsText(c),
  (c) => numberReadingNote(c),
  (c, choices) => unusableNumbers(c, choices),
  (c, choices) => {
    if (!c.badCells || !c.firstBadCell) return null;
    const what = c.kind === 'date' ? ['is not a date', 'are not dates'] : ['is not a number', 'are not numbers'];
    return {
      code: 'bad-cells', column: c.name,
      message: `column "${c.name}": ${c.badCells} cell${c.badCells === 1 ? ` ${what[0]}` : `s ${what[1]}`} (first on line ${c.firstBadCell.line}: ${shownCell(c.firstBadCell.text)})`,
      fix: choices.badRows === 'stop' ? { label: 'Skip those rows', changes: { badRows: 'skip' } } : { label: `Leave out "${c.name}"`, changes: { excluded: [...choices.excluded, c.name] } },
    };
  },
  (c, choices) => {
    if (c.missing === 0) return null;
    const filled = choices.imputation === 'drop' ? 'their rows are dropped' : `they are filled with the ${c.kind === 'categorical' ? 'most frequent value' : choices.imputation}`;
    return {
      code: 'missing-values', column: c.name, message: `column "${c.name}": ${c.missing} missing value${c.missing === 1 ? '' : 's'}; ${filled}`,
      ...(choices.imputation !== 'drop' ? { fix: { label: 'Drop rows with missing values', changes: { imputation: 'drop' as const } } } : {}),
    };
  },
  (c, choices) => {
    if (c.kind !== 'categorical' || c.distinct <= choices.oneHotCap) return null;
    return {
      code: 'high-cardinality', column: c.name,
      message: `column "${c.name}" has ${distinctCount(c)} values; the ${choices.oneHotCap} most frequent get an input each, the rest share "other"`,
      fix: c.distinct <= 200 ? { label: `One input per value (${c.distinct})`, changes: { oneHotCap: c.distinct } } : { label: `Leave out "${c.name}"`, changes: { excluded: [...choices.excluded, c.name] } },
    };
  },
  (c) => (c.kind === 'date' ? { code: 'date-column', message: `column "${c.name}" is read as dates: year, month, day and weekday become inputs`, column: c.name } : null),
];

/** Warnings for every column under `choices`; rows counts are for percentages. */
export function columnWarnings(columns: ColumnSchema[], choices: DataChoices, rows: number): DataWarning[] {
  const excluded = new Set(choices.excluded);
  const warnings: DataWarning[] = [];
  for (const c of columns) {
    if (c.name === choices.target) continue;
    const isFeature = !excluded.has(c.name);
    const rules = isFeature ? featureRules : excludedRules;
    for (const rule of rules) {
      const warning = rule(c, choices, isFeature);
      if (warning) warnings.push(warning);
    }
  }
  warnings.push(...targetWarnings(columns.find((c) => c.name === choices.target), rows));
  warnings.push(...unscaledWarning(columns, choices, excluded));
  return warnings;
}

function targetWarnings(target: ColumnSchema | undefined, rows: number): DataWarning[] {
  if (!target || target.missing === 0) return [];
  const n = target.missing;
  return [{ code: 'missing-target', column: target.name, message: `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'} without a target value ("${target.name}" is empty or missing, ${percent(n, rows)} of the rows) ${n === 1 ? 'was' : 'were'} left out` }];
}

/** With scaling "none", numeric features whose ranges differ more than 100-fold. */
function unscaledWarning(columns: ColumnSchema[], choices: DataChoices, excluded: Set<string>): DataWarning[] {
  if (choices.scaling !== 'none') return [];
  const ranges = columns.filter((c) => c.kind === 'numeric' && !excluded.has(c.name) && c.name !== choices.target)
    .map((c) => Math.max(Math.abs(c.max ?? 0), Math.abs(c.min ?? 0))).filter((r) => r > 0);
  if (ranges.length < 2 || Math.max(...ranges) < 100 * Math.min(...ranges)) return [];
  return [{ code: 'unscaled-ranges', column: null, message: 'numeric features span very different ranges; without scaling, training is slow or unstable', fix: { label: 'Standardize features', changes: { scaling: 'standard' } } }];
}

/** Warnings about the target's classes: imbalance (largest > 10 × smallest; fix: balanced class weights) and classes under 3 rows. */
export function classWarnings(labels: ArrayLike<number> | null, classes: string[] | null): DataWarning[] {
  if (!labels || !classes) return [];
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const max = Math.max(...counts), min = Math.min(...counts);
  const warnings: DataWarning[] = [];
  if (min * 10 < max) {
    const rare = classes[counts.indexOf(min)];
    warnings.push({
      code: 'class-imbalance', column: null,
      message: `classes are imbalanced: "${rare}" has ${min} rows, the largest class ${max}; accuracy alone can mislead`,
      fix: { label: 'Balance the classes in the loss', changes: {}, train: { classWeights: 'balanced' } },
    });
  }
  if (min < 3) warnings.push({ code: 'tiny-class', column: null, message: `class "${classes[counts.indexOf(min)]}" has only ${min} row${min === 1 ? '' : 's'}; it may be missing from the validation or test split` });
  return warnings;
}
