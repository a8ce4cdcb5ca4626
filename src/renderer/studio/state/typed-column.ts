/**
 * Choosing one column among many. Up to COLUMN_SELECT_MAX columns the studio offers a select; above it (MNIST's
 * 785) a text field with the columns as a list to pick from: a select of every column is slow to scroll, and
 * Chromium restyles each of its options whenever the select is shown or its `disabled` flips (the Boundary tab's
 * two axis selects made opening it a ~60 ms task; the target's, the frame after each run's end ~20 ms).
 */
export const COLUMN_SELECT_MAX = 40;

/** A typed column name checked against `columns`: the column (exact, or the one matching in other letter case), or what is wrong. */
export function typedColumn(typed: string, columns: readonly string[], what: string): { column: string } | { problem: string } {
  const name = typed.trim();
  if (!name) return { problem: `Type a ${what} (the list shows them).` };
  const lower = name.toLowerCase();
  const matches = columns.includes(name) ? [name] : columns.filter((c) => c.toLowerCase() === lower);
  if (matches.length !== 1) return { problem: `"${name}" is not a ${what}; pick one from the list.` };
  return { column: matches[0] };
}
