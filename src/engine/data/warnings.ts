/** Warnings about columns under the current choices, each with a one-click fix where one exists. */
import { shownCell } from './shown-text';
import type { ColumnSchema, DataChoices, DataWarning } from './types';

type ColumnRule = (column: ColumnSchema, choices: DataChoices, isFeature: boolean) => DataWarning | null;

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;

const excludedRules: ColumnRule[] = [
  (c) => (c.kind === 'constant' ? { code: 'constant-column', message: `column "${c.name}" holds one value only, so it is left out`, column: c.name } : null),
  (c) => (c.kind === 'empty' ? { code: 'empty-column', message: `column "${c.name}" is empty, so it is left out`, column: c.name } : null),
  (c) => (c.kind === 'text' ? { code: 'text-column', message: `column "${c.name}" is free text (more than ${c.distinct} distinct values), so it is left out`, column: c.name } : null),
  (c) => numbersReadAsText(c),
  (c, choices) => (c.kind === 'identifier' ? {
    code: 'identifier-column', message: `column "${c.name}" has a different value in every row (an identifier?), so it is left out`, column: c.name,
    fix: { label: `Use "${c.name}" as a feature`, changes: { excluded: choices.excluded.filter((n) => n !== c.name) } },
  } : null),
];

/** A column of numbers written with thousands separators, "inf" or beyond float32 is read as categories: say so. */
function numbersReadAsText(c: ColumnSchema): DataWarning | null {
  if (!c.numberLike) return null;
  const example = c.numberLike.first.text.trim();
  const why = /^[+-]?inf/i.test(example) ? 'an infinity, which is not a usable number'
    : /e[+-]?\d{2,}$/i.test(example) ? 'beyond the float32 range (about ±3.4e38)'
      : 'written with thousands separators, which are not read (a decimal point or comma could not be told apart)';
  return {
    code: 'numbers-as-text', column: c.name,
    message: `column "${c.name}" looks numeric, but ${c.numberLike.count} cell${c.numberLike.count === 1 ? ' is' : 's are'} like ${shownCell(example)} (line ${c.numberLike.first.line}): ${why}; so the column is read as ${c.kind === 'categorical' ? 'categories' : c.kind} — save the file with plain numbers to use it as a number`,
  };
}

const featureRules: ColumnRule[] = [
  (c) => numbersReadAsText(c),
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
      message: `column "${c.name}" has ${c.distinct} values; the ${choices.oneHotCap} most frequent get an input each, the rest share "other"`,
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
  return [{ code: 'missing-target', column: target.name, message: `the target "${target.name}" is missing in ${target.missing} rows (${percent(target.missing, rows)}); those rows are left out` }];
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
