import { describe, expect, it } from 'vitest';
import { settleTypedField, typedColumn } from '../../src/renderer/studio/state/typed-column';

const columns = ['label', 'px0', 'Px1', 'px1b'];

describe('a column typed from a list', () => {
  it('is taken by its exact name, spaces around it dropped', () => {
    expect(typedColumn(' px0 ', columns, 'column of this file')).toEqual({ column: 'px0' });
  });

  it('is taken in other letter case only when exactly one column matches', () => {
    expect(typedColumn('LABEL', columns, 'column of this file')).toEqual({ column: 'label' });
    expect(typedColumn('px1', columns, 'column of this file')).toEqual({ column: 'Px1' });
    expect(typedColumn('x', ['x', 'X'], 'column')).toEqual({ column: 'x' }); // an exact name wins over a second case match
  });

  it('is refused with what to do when no column has the name, or nothing was typed (control: the same list takes px0)', () => {
    expect(typedColumn('px9', columns, 'column of this file')).toEqual({ problem: '"px9" is not a column of this file; pick one from the list.' });
    expect(typedColumn('', columns, 'column of this file')).toEqual({ problem: 'Type a column of this file (the list shows them).' });
    expect(typedColumn('px0', columns, 'column of this file')).toEqual({ column: 'px0' });
  });

  it('is refused when two columns differ only in letter case and neither is typed exactly', () => {
    expect('problem' in typedColumn('AB', ['ab', 'Ab'], 'column')).toBe(true);
  });
});

describe('a typed field settled on its checked value', () => {
  it('takes the column as the list spells it and chooses it; the same column again is not chosen twice', () => {
    const field = { value: 'LABEL' }, chosen: string[] = [];
    expect(settleTypedField(field, typedColumn(field.value, columns, 'column'), 'px0', (c) => chosen.push(c))).toBeNull();
    expect(field.value).toBe('label');
    expect(settleTypedField(field, typedColumn('label', columns, 'column'), 'label', (c) => chosen.push(c))).toBeNull();
    expect(chosen).toEqual(['label']);
  });

  it('puts the current column back and returns the problem, choosing nothing (control: the case above chose)', () => {
    const field = { value: 'nope' }, chosen: string[] = [];
    const problem = settleTypedField(field, typedColumn(field.value, columns, 'column'), 'px0', (c) => chosen.push(c));
    expect(problem).toBe('"nope" is not a column; pick one from the list.');
    expect(field.value).toBe('px0');
    expect(chosen).toEqual([]);
  });
});
