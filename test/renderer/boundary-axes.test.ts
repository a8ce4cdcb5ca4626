import { expect, test } from 'vitest';
import { axisColumnOf } from '../../src/renderer/studio/state/network-views.svelte';

test('a typed boundary axis takes a numeric input, but not the other axis\'s column nor a column that is no numeric input', () => {
  const numeric = ['px12', 'px13', 'Px14'];
  expect(axisColumnOf('px14', numeric, 'px12')).toEqual({ column: 'Px14' }); // the control: taken, case aside
  expect(axisColumnOf('px12', numeric, 'px12')).toEqual({ problem: '"px12" is already the other axis; the boundary needs two different columns.' });
  expect(axisColumnOf('label', numeric, 'px12')).toEqual({ problem: '"label" is not a numeric input column; pick one from the list.' });
});
