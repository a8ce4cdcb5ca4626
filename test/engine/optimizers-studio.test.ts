/** The studio's optimizer settings: chosen and checked by the registry, and sent as the protocol expects. */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, optimizerRegistry } from '../../src/engine/optimizers';
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

  it('name a hyperparameter the chosen optimizer uses when it is out of range, and ignore one it does not use', () => {
    const model = config();
    model.setOptimizer('rmsprop');
    model.setOptimizerValue('rho', 1);
    expect(model.errors.optimizer).toBe('rho must be in [0, 1), got 1');
    expect(model.isValid).toBe(false);
    model.setOptimizer('adamw'); // does not read ρ
    expect(model.errors.optimizer).toBeUndefined();
    model.setOptimizerValue('weightDecay', 1.5);
    expect(model.errors.optimizer).toMatch(/^weightDecay must be in \[0, 1\]/);
  });

  it('have a one-sentence hint for every optimizer', () => {
    for (const name of OPTIMIZERS) expect(optimizerRegistry[name].hint).toMatch(/^\S.{5,150}$/);
  });
});
