/** The studio's optimizer settings: chosen and checked by the registry, and sent as the protocol expects. */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, defaultOptimizer, optimizerRegistry } from '../../src/engine/optimizers';
import { ModelConfig } from '../../src/renderer/studio/state/model-config.svelte';
import { trainSettingsSchema } from '../../src/shared/protocol';

const config = (): ModelConfig => new ModelConfig(() => ({ inputSize: 4, outputSize: 3, task: 'classification' }));

describe('the studio\'s optimizer settings', () => {
  it('offer every optimizer of the registry, and the protocol accepts each with its defaults', () => {
    for (const name of OPTIMIZERS) {
      const model = config();
      model.setOptimizer(name);
      expect(model.isValid, name).toBe(true);
      expect(trainSettingsSchema.safeParse(model.toConfigure().train).success, name).toBe(true);
    }
  });

  it('send a changed ρ and weight decay to the engine', () => {
    const model = config();
    model.setOptimizer('rmsprop');
    model.setOptimizerValue('rho', 0.7);
    model.setOptimizerValue('weightDecay', 0.2);
    expect(trainSettingsSchema.parse(model.toConfigure().train).optimizer).toMatchObject({ name: 'rmsprop', rho: 0.7, weightDecay: 0.2 });
  });

  it('name a hyperparameter the chosen optimizer uses when it is out of range, and reset one the next optimizer does not use', () => {
    const model = config();
    model.setOptimizer('rmsprop');
    model.setOptimizerValue('rho', 1);
    expect(model.errors['optimizer.rho']).toBe('ρ must be in [0, 1), got 1');
    expect(model.isValid).toBe(false);
    model.setOptimizer('adamw'); // does not read ρ: its hidden field goes back to the default, no invisible error
    expect(model.errors['optimizer.rho']).toBeUndefined();
    expect(model.train.optimizer.rho).toBe(defaultOptimizer.rho);
    expect(model.isValid).toBe(true);
    model.setOptimizerValue('weightDecay', 1.5);
    expect(model.errors['optimizer.weightDecay']).toMatch(/must be in \[0, 1\], got 1.5/);
  });

  it('have a one-sentence hint for every optimizer', () => {
    for (const name of OPTIMIZERS) expect(optimizerRegistry[name].hint).toMatch(/^\S.{5,150}$/);
  });
});
