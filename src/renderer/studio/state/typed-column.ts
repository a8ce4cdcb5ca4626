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

/**
 * Settles a typed field on its checked value: a column is written back as the list spells it and chosen when it
 * differs from `current`; a problem puts `current` back in the field. Returns the problem to show, or null.
 */
export function settleTypedField(field: { value: string }, choice: { column: string } | { problem: string }, current: string | null,
  choose: (column: string) => void): string | null {
  if ('problem' in choice) {
    field.value = current ?? '';
    return choice.problem;
  }
  field.value = choice.column;
  if (choice.column !== current) choose(choice.column);
  return null;
}
