import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('fast-check seeding', () => {
  it('uses the fixed seed under CI (reproducible) and a fresh one per run elsewhere', () => {
    expect(fc.readConfigureGlobal().seed).toBe(process.env.CI ? 20_261_130 : undefined);
  });
});
