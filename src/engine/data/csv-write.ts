/** Writing CSV cells safely (the one writer the CLI and the engine host share): quoting, and formula-like cells escaped. */
import { parseNumber } from './cells';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * A cell of a CSV the user may open in a spreadsheet: quoted where needed ("a,b" → "\"a,b\"", `"` → `""`),
 * and a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe,
 * except plain numbers such as "-1.5".
 */
export function csvCell(cell: string): string {
  const safe = FORMULA_START.test(cell) && Number.isNaN(parseNumber(cell)) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line: the cells escaped by csvCell, joined by commas, ending in "\n". */
export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
