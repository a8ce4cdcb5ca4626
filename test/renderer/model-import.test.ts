import { describe, expect, test } from 'vitest';
import { Studio } from '../../src/renderer/studio/state/studio.svelte';
import { summarizeModelFile } from '../../src/renderer/studio/state/imported-model';
import { FakeHost, startedStudio } from './fixtures';

/** A model file as the engine writes it: 3 inputs from 2 raw columns, 4 hidden units, 2 classes. */
const modelText = JSON.stringify({
  format: 'backprop-studio/model', version: 1,
  spec: { inputSize: 3, hidden: [{ units: 4, activation: 'relu', dropout: 0 }], output: { units: 2, activation: 'softmax' }, init: 'he' },
  layers: [{ weights: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], bias: [0, 0, 0, 0] }, { weights: [[0, 0], [0, 0], [0, 0], [0, 0]], bias: [0, 0] }],
  preprocessing: {
    version: 1, scaling: 'standard', format: { delimiter: ',', decimalComma: false },
    columns: [{ name: 'age', kind: 'numeric', impute: 40, center: 40, scale: 10 },
      { name: 'color', kind: 'categorical', impute: 'red', categories: ['red', 'blue'], other: false }],
    target: { name: 'bought', task: 'classification', classes: ['no', 'yes'] },
  },
  training: { epochs: 30, batchSize: 16, learningRate: 0.01, optimizer: { name: 'adam' }, seed: 7 },
  metrics: { split: 'test', loss: 0.25, accuracy: 0.9, confusion: [[1, 0], [0, 1]] },
  data: { name: 'shop.csv', rows: 200, columns: ['age', 'color', 'bought'] },
});

describe('model import', () => {
  test('the page reads spec, settings, metrics and data from the model text', () => {
    const info = summarizeModelFile('shop.model.json', modelText)!;
    expect(info.layerSizes).toEqual([3, 4, 2]);
    expect(info.activations).toEqual(['relu', 'softmax']);
    expect(info.parameterCount).toBe(4 * 4 + 5 * 2);
    expect(info.columns).toEqual(['age', 'color']);
    expect(info.classes).toEqual(['no', 'yes']);
    expect(info.task).toBe('classification');
    expect(info.training).toContainEqual({ label: 'optimizer', value: 'adam' });
    expect(info.metrics).toEqual([{ label: 'split', value: 'test' }, { label: 'loss', value: 0.25 }, { label: 'accuracy', value: 0.9 }]);
    expect(info.data).toEqual({ name: 'shop.csv', rows: 200, columns: 3 });
    expect(summarizeModelFile('x.json', '{"format":')).toBeNull();
  });

  test('importing sends the text; once the engine accepts it the model shows and the predict form takes its columns', async () => {
    const { studio, host } = await startedStudio();
    expect(studio.canPredict).toBe(false);
    await studio.importModelFile(new File([modelText], 'shop.model.json'));
    expect(host.connection.sent.at(-1)).toEqual({ type: 'importModel', text: modelText });
    expect(studio.importedModel).toBeNull();
    host.connection.emit({ type: 'configured', parameterCount: 26, layerSizes: [3, 4, 2] });
    host.connection.emit({ type: 'status', state: 'done', epoch: 0, step: 0 });
    expect(studio.importedModel?.fileName).toBe('shop.model.json');
    expect(studio.importedModel?.parameterCount).toBe(26);
    expect(Object.keys(studio.predictor.values)).toEqual(['age', 'color']);
    expect(studio.canPredict).toBe(true);
    expect(studio.canExport).toBe(true);

    studio.predictor.setValue('age', '52');
    studio.predictor.predictRow();
    const request = host.connection.sent.at(-1);
    expect(request).toMatchObject({ type: 'predict', rows: [{ age: '52', color: '' }] });
    host.connection.emit({ type: 'prediction', requestId: (request as { requestId: string }).requestId, outputs: [[0.3, 0.7]], labels: ['yes'] });
    expect(studio.predictor.topOutput).toEqual({ label: 'yes', value: 0.7 });
  });

  test('a rejected file shows the engine’s error with the field, and the dataset and predict form stay', async () => {
    const { studio, host } = await startedStudio();
    await studio.importModelFile(new File(['{"format":"backprop-studio/model","version":1}'], 'broken.json'));
    host.connection.emit({ type: 'error', code: 'bad-model', message: 'spec: expected object, received undefined', line: null, column: null });
    expect(studio.errors.at(-1)?.message).toBe('Could not import broken.json: spec: expected object, received undefined. iris.csv stays loaded.');
    expect(studio.importedModel).toBeNull();
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(Object.keys(studio.predictor.values)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    // a later configured event (a new design) is not taken for an import
    host.connection.emit({ type: 'configured', parameterCount: 10, layerSizes: [4, 2, 3] });
    expect(studio.importedModel).toBeNull();
  });

  test('training a new run or loading data drops the imported model; the form follows the dataset again', async () => {
    const { studio, host } = await startedStudio();
    await studio.importModelFile(new File([modelText], 'shop.model.json'));
    host.connection.emit({ type: 'configured', parameterCount: 26, layerSizes: [3, 4, 2] });
    host.connection.emit({ type: 'status', state: 'done', epoch: 0, step: 0 });
    studio.train();
    expect(studio.importedModel).toBeNull();
    expect(Object.keys(studio.predictor.values)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  });
});

describe('continue training an imported model', () => {
  async function imported(): Promise<{ studio: Studio; host: FakeHost }> {
    const { studio, host } = await startedStudio();
    await studio.importModelFile(new File([modelText], 'shop.model.json'));
    host.connection.emit({ type: 'configured', parameterCount: 26, layerSizes: [3, 4, 2] });
    host.connection.emit({ type: 'status', state: 'done', epoch: 0, step: 0 });
    return { studio, host };
  }

  test('the model’s design goes into the designer; start waits for the engine to accept continuing', async () => {
    const { studio, host } = await imported();
    expect(studio.canContinueTraining).toBe(true);
    studio.continueTraining();
    expect(host.connection.sent.at(-1)).toMatchObject({ type: 'configure', continueTraining: true,
      network: { hidden: [{ units: 4, activation: 'relu', dropout: 0 }], init: 'he' } });
    expect(studio.model.toConfigure().network.hidden).toEqual([{ units: 4, activation: 'relu', dropout: 0 }]);
    expect(studio.runs.runs).toHaveLength(1);
    host.connection.emit({ type: 'configured', parameterCount: 35, layerSizes: [4, 4, 3] });
    expect(host.connection.sent.at(-1)).toEqual({ type: 'start' });
    expect(studio.importedModel).toBeNull();
  });

  test('a refusal names why, drops the run that never started, and the imported model stays', async () => {
    const { studio, host } = await imported();
    studio.continueTraining();
    host.connection.emit({ type: 'error', code: 'cannot-continue', message: 'the network design (4-4-3) differs from the imported model\'s (3-4-2)', line: null, column: null });
    expect(studio.errors.at(-1)?.message).toBe('Could not continue training shop.model.json: the network design (4-4-3) differs from the imported model\'s (3-4-2)');
    expect(studio.runs.runs).toHaveLength(0);
    expect(studio.importedModel?.fileName).toBe('shop.model.json');
    expect(Object.keys(studio.predictor.values)).toEqual(['age', 'color']);
    expect(host.connection.types()).not.toContain('start');
  });
});
