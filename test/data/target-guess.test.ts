import { describe, expect, it } from 'vitest';
import { defaultTarget } from '../../src/engine/data/choices';
import type { ColumnSchema } from '../../src/engine';

const column = (name: string, kind: ColumnSchema['kind'], distinct = 3, index = 0): ColumnSchema => ({ name, index, kind, missing: 0, distinct });

describe('the target guess', () => {
  it('prefers a column named like a target wherever it is', () => {
    expect(defaultTarget([column('Label', 'numeric'), column('px0', 'numeric'), column('px1', 'numeric')])).toBe('Label');
    expect(defaultTarget([column('a', 'numeric'), column('class', 'categorical'), column('y', 'numeric')])).toBe('class');
  });

  it('else takes the first categorical column (penguins: species, not the last column sex)', () => {
    const penguins = [column('species', 'categorical'), column('island', 'categorical'), column('bill_length_mm', 'numeric'), column('sex', 'categorical', 2)];
    expect(defaultTarget(penguins)).toBe('species');
  });

  it('else the last non-empty column, as before (negative control: numbers only)', () => {
    expect(defaultTarget([column('a', 'numeric'), column('b', 'numeric'), column('', 'empty')])).toBe('b');
  });
});
