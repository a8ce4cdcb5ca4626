import { describe, expect, it } from 'vitest';
import { typedColumn } from '../../src/renderer/studio/state/typed-column';

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
