/** Column names from a header row: cleaned, never empty, unique. */
import type { DataWarning } from './types';

/** C0/C1 controls and the Unicode line and paragraph separators (which end a line in JavaScript and in many editors). */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
export const MAX_NAME_LENGTH = 200;

/** "column 3" for the 0-based index 2. */
export const generatedName = (index: number): string => `column ${index + 1}`;

/** Header cells trimmed, control characters removed, blanks named "column N", repeats suffixed " (2)". */
export function uniqueColumnNames(cells: string[]): { names: string[]; warnings: DataWarning[] } {
  const warnings: DataWarning[] = [];
  const taken = new Set<string>();
  const names = cells.map((cell, index) => {
    let name = cell.replace(CONTROL_CHARS, '').trim().slice(0, MAX_NAME_LENGTH);
    if (name === '') name = generatedName(index);
    if (taken.has(name)) {
      let k = 2;
      while (taken.has(`${name} (${k})`)) k++;
      warnings.push({ code: 'duplicate-column-name', message: `column ${index + 1} repeats the name "${name}"; it is called "${name} (${k})" here`, column: `${name} (${k})` });
      name = `${name} (${k})`;
    }
    taken.add(name);
    return name;
  });
  return { names, warnings };
}
