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

// Numbers are coded by value (7 and 7.0 are one category, spelled String(x)), in first-seen order; past the
// distinct cap a numeric column is re-stored as float32 numbers with nothing lost.
describe('integers stored as categories', () => {
  const column = (text: string) => {
    const result = readTable(text);
    if (!result.ok) throw new Error(result.error.message);
    const { stores, rows } = result.value;
    return { store: stores[0], rows };
  };

  it('get codes in first-seen order with the spelling String(x): 7 and 7.0 one category, -0 the same as 0', () => {
    const { store, rows } = column('n,m\n3,a\n7,a\n3,a\n7.0,a\n-0,a\n0,a\n1023,a\n1024,a\n1023.5,a\nx,a\n,a\n3,a\n');
    expect(store.mode).toBe('codes');
    expect(store.categories).toEqual(['', '3', '7', '0', '1023', '1024', '1023.5', 'x']);
    expect(Array.from({ length: rows }, (_, row) => store.code(row))).toEqual([1, 2, 1, 2, 3, 3, 4, 5, 6, 7, 0, 1]);
  });

  it('keep every value when the column passes the distinct cap and is stored as numbers', () => {
    const values = [...Array.from({ length: 1024 }, (_, i) => 1023 - i), 5, 5, ...Array.from({ length: 2000 }, (_, i) => 1024 + i * 0.5), 7];
    const { store, rows } = column(`n\n${values.join('\n')}\n`);
    expect(store.mode).toBe('numbers');
    expect(Array.from({ length: rows }, (_, row) => store.number(row))).toEqual(values.map(Math.fround));
  });
});
