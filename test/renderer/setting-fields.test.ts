import { describe, expect, it } from 'vitest';
import { fieldProps } from '../../src/renderer/studio/state/setting-fields';

describe('a studio field\'s words from the settings table', () => {
  it('starts a worded label with a capital letter', () => {
    expect(fieldProps('learningRate').label).toBe('Learning rate');
  });

  it('keeps a Greek symbol as it is (an upper-case ρ or ε would read as P or E)', () => {
    expect(fieldProps('optimizer.rho').label).toMatch(/^ρ/);
    expect(fieldProps('optimizer.epsilon').label).toMatch(/^ε/);
    expect(fieldProps('optimizer.beta1').label).toMatch(/^β/);
    expect(fieldProps('optimizer.rho').label, 'negative control: the capital Rho').not.toBe('Ρ');
  });
});
