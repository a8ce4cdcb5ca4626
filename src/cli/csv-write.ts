/** Writing CSV cells safely: quoting where needed, and formula-like cells escaped for spreadsheets. */
import { parseNumber } from '../engine';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * A cell as CSV text. Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start)
 * get a leading apostrophe, except plain numbers like "-1.5".
 */
export function csvCell(cell: string): string {
  const safe = FORMULA_START.test(cell) && Number.isNaN(parseNumber(cell)) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (with "\n"). */
export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
