import { parseNumber } from '../engine';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * A cell of a CSV the user will open in a spreadsheet: quoted where needed, and a cell that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe,
 * except plain numbers such as "-1.5". (Same rule as the CLI's writer, which lives on the Node side.)
 */
export function csvCell(cell: string): string {
  const safe = FORMULA_START.test(cell) && Number.isNaN(parseNumber(cell)) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
