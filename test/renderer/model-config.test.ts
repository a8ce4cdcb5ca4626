import { describe, expect, test } from 'vitest';
import { ModelConfig, type DataShape } from '../../src/renderer/studio/state/model-config.svelte';
import { setting } from '../../src/engine/settings';

const iris: DataShape = { inputSize: 4, outputSize: 3, task: 'classification' };

function config(shape: DataShape | null = iris): ModelConfig {
  return new ModelConfig(() => shape);
}

describe('ModelConfig', () => {
  test('the default design is three relu layers of 128, 64 and 32 units between the data’s ends', () => {
    const model = config();
    expect(model.layerSizes).toEqual([4, 128, 64, 32, 3]);
    expect(model.isValid).toBe(true);
  });

  test('the parameter count is Σ (fanIn·fanOut + fanOut)', () => {
    const model = config();
    expect(model.parameterCount).toBe(4 * 128 + 128 + 128 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3);
  });

  test('the count follows a change of units', () => {
    const model = config();
    model.setUnits(0, 10);
    expect(model.parameterCount).toBe(4 * 10 + 10 + 10 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3);
  });

  test('layers can be added up to eight and no further', () => {
    const model = config();
    for (let i = 0; i < 10; i++) model.addLayer();
    expect(model.hidden.length).toBe(8);
    expect(model.canAddLayer).toBe(false);
  });

  test('the last hidden layer cannot be removed', () => {
    const model = config();
    model.removeLayer(0);
    model.removeLayer(0);
    model.removeLayer(0);
    expect(model.hidden.length).toBe(1);
    expect(model.canRemoveLayer).toBe(false);
  });

  test('a layer of 0 units or a fraction of a unit is an error that names the layer', () => {
    const model = config();
    model.setUnits(1, 0);
    expect(model.errors['layer.1.units']).toMatch(/layer 2: units must be a whole number/);
    model.setUnits(1, 2.5);
    expect(model.errors['layer.1.units']).toBeDefined();
    expect(model.isValid).toBe(false);
  });

  test('dropout of 1 or more is an error, just under 1 is not (the table\'s [0, 1), as the engine has it)', () => {
    const model = config();
    model.setDropout(2, 0.99);
    expect(model.errors['layer.2.dropout']).toBeUndefined();
    model.setDropout(2, 1);
    expect(model.errors['layer.2.dropout']).toMatch(/hidden layer 3: dropout must be in \[0, 1\)/);
  });

  test('a learning rate of 0 or below is an error', () => {
    const model = config();
    model.setLearningRate(0);
    expect(model.errors.learningRate).toMatch(/learning rate must be in \(0, 1000\]/);
    model.setLearningRate(0.05);
    expect(model.errors.learningRate).toBeUndefined();
  });

  test('batch size, epochs and seed must be whole numbers', () => {
    const model = config();
    model.setBatchSize(1.5);
    model.setEpochs(2.5);
    model.setSeed(0.5);
    expect(Object.keys(model.errors).sort()).toEqual(['batchSize', 'epochs', 'seed']);
  });

  test('a clipping threshold of 0 or below is an error even while clipping is off (the protocol refuses it either way)', () => {
    const model = config();
    model.setClipping('none', 1);
    expect(model.errors['clipping.threshold']).toBeUndefined();
    model.setClipping('none', -1);
    expect(model.errors['clipping.threshold']).toMatch(/clip threshold must be in \(0, /);
    model.setClipping('norm', 0);
    expect(model.errors['clipping.threshold']).toMatch(/threshold/);
  });

  test('a network beyond 50 million parameters is refused', () => {
    const model = config({ inputSize: 4096, outputSize: 10, task: 'classification' });
    for (let i = 0; i < 3; i++) model.setUnits(i, 4096);
    expect(model.errors.parameters).toMatch(/limit/);
  });

  test('regression ends in one linear unit', () => {
    const model = config({ inputSize: 8, outputSize: 1, task: 'regression' });
    expect(model.spec?.output).toEqual({ units: 1, activation: 'linear' });
  });

  test('without data there is no spec and no parameter count', () => {
    const model = config(null);
    expect(model.spec).toBeNull();
    expect(model.parameterCount).toBe(0);
  });

  test('toConfigure gives plain data the protocol accepts', async () => {
    const { requestSchema } = await import('../../src/shared/protocol');
    const model = config();
    const { network, train } = model.toConfigure();
    expect(requestSchema.safeParse({ type: 'configure', requestId: 'r1', network, train }).success).toBe(true);
  });

  test('a design with an error is rejected by the protocol too (the validations agree)', async () => {
    const { requestSchema } = await import('../../src/shared/protocol');
    const model = config();
    model.setDropout(0, 1);
    const { network, train } = model.toConfigure();
    expect(model.isValid).toBe(false);
    expect(requestSchema.safeParse({ type: 'configure', requestId: 'r1', network, train }).success).toBe(false);
  });
});

describe('ModelConfig.restore', () => {
  test('a run saved before ρ and weight decay existed restores with the table\'s defaults for them', () => {
    const model = config();
    const { network, train } = model.toConfigure();
    const { rho: _rho, weightDecay: _weightDecay, ...older } = train.optimizer;
    model.restore(network, { ...train, optimizer: older as typeof train.optimizer });
    expect(model.isValid).toBe(true);
    expect(model.train.optimizer).toMatchObject({ rho: setting('train', 'optimizer.rho').default, weightDecay: setting('train', 'optimizer.weightDecay').default });
  });

  test('negative control: a run lacking a setting that has no stand-in (the learning rate) stays invalid', () => {
    const model = config();
    const { network, train } = model.toConfigure();
    const { learningRate: _lr, ...older } = train;
    model.restore(network, older as typeof train);
    expect(model.errors.learningRate).toMatch(/learning rate/);
  });
});
