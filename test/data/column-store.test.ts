import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/engine';

// A column with few distinct values is stored as categories (its numbers kept as String(x), with a
// decimal point); reading it back must not take that point for a thousands separator in a file that
// writes decimal commas. Found by the round-trip property (seed 203445766).

function numbersOf(text: string, column: number): number[] {
  const result = readTable([new TextEncoder().encode(text)]);
  if (!result.ok) throw new Error(result.error.message);
  const { stores, inspection } = result.value;
  expect(inspection.format.decimalComma).toBe(true);
  return Array.from({ length: inspection.rows ?? 3 }, (_, row) => stores[column].number(row));
}

describe('numbers stored as categories in a decimal-comma file', () => {
  it('read back as written: -182,625 is -182.625, not -182625', () => {
    const values = numbersOf('y;temp;n_1\n-182,625;;\n;;\n;;\n', 0);
    expect(values[0]).toBe(Math.fround(-182.625));
    expect(values.slice(1).every(Number.isNaN)).toBe(true);
  });

  it('read back as written in a column with a few repeated values (1,5 · 2,125 · 1.234,5 with a thousands dot)', () => {
    const text = 'a;b\n1,5;x\n2,125;y\n1,5;x\n1.234,5;y\n';
    expect(numbersOf(text, 0).slice(0, 4)).toEqual([1.5, 2.125, 1.5, 1234.5].map(Math.fround));
  });
});
