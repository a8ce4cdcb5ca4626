import { describe, expect, it } from 'vitest';
import { axisColumnOf } from '../../src/renderer/studio/state/network-views.svelte';

const columns = ['px12', 'px13', 'Px14', 'px14b'];

describe('a typed boundary axis', () => {
  it('takes a numeric input column by its name, spaces around it dropped', () => {
    expect(axisColumnOf(' px13 ', columns, 'px12')).toEqual({ column: 'px13' });
  });

  it('takes a name in other letter case when exactly one column matches it', () => {
    expect(axisColumnOf('px14', columns, 'px12')).toEqual({ column: 'Px14' });
  });

  it('refuses a name that is no numeric input column, saying so (control: the same list takes px13)', () => {
    const choice = axisColumnOf('label', columns, 'px12');
    expect(choice).toEqual({ problem: '"label" is not a numeric input column; pick one from the list.' });
    expect(axisColumnOf('px13', columns, 'px12')).toEqual({ column: 'px13' });
  });

  it('refuses the other axis\'s column and an empty field', () => {
    expect(axisColumnOf('px12', columns, 'px12')).toEqual({ problem: '"px12" is already the other axis; the boundary needs two different columns.' });
    expect('problem' in axisColumnOf('  ', columns, 'px12')).toBe(true);
  });
});
