import { afterEach, describe, expect, test, vi } from 'vitest';
import { defaultTrainSettings } from '../../src/engine/trainer';
import type { ModelSummary } from '../../src/shared/protocol';
import { savedSettingsRows } from '../../src/renderer/studio/state/imported-model';
import { Studio } from '../../src/renderer/studio/state/studio.svelte';
import { FakeHost, InProcessHost, settle, startedStudio } from './fixtures';

/** The engine's summary of a model file: 3 inputs from 2 raw columns, 4 hidden units, 2 classes. */
const summary: ModelSummary = {
  task: 'classification', layerSizes: [3, 4, 2], activations: ['relu', 'softmax'], parameterCount: 26,
  columns: ['age', 'color'], target: 'bought', classes: ['no', 'yes'],
  design: { hidden: [{ units: 4, activation: 'relu', dropout: 0 }], init: 'he' },
  train: { ...structuredClone(defaultTrainSettings), epochs: 30, batchSize: 16, learningRate: 0.01, seed: 7 },
  metrics: [{ label: 'split', value: 'test' }, { label: 'loss', value: 0.25 }, { label: 'accuracy', value: 0.9 }],
  data: { name: 'shop.csv', rows: 200, columns: 3 }, createdAt: null,
};

/** A studio whose engine has accepted shop.model.json. */
async function imported(): Promise<{ studio: Studio; host: FakeHost }> {
  const { studio, host } = await startedStudio();
  const importing = studio.imports.importModelFile(new File(['{}'], 'shop.model.json'));
  await settle();
  host.connection.answer('importModel', { type: 'imported', model: summary });
  await importing;
  host.connection.emit({ type: 'status', state: 'done', epoch: 0, step: 0 });
  return { studio, host };
}

describe('model import', () => {
  test('the page shows the engine\'s summary of the file: the saved settings as rows', () => {
    expect(savedSettingsRows(summary.train)).toContainEqual({ label: 'optimizer', value: 'adamw' }); // the table's default optimizer since bench/defaults
    expect(savedSettingsRows(summary.train)).toContainEqual({ label: 'learning rate', value: '0.01' });
    expect(savedSettingsRows(null)).toEqual([]);
  });

  test('importing sends the text; once the engine answers the model shows and the predict form takes its columns', async () => {
    const { studio, host } = await startedStudio();
    expect(studio.canPredict).toBe(false);
    const text = '{"format":"backprop-studio/model"}';
    const importing = studio.imports.importModelFile(new File([text], 'shop.model.json'));
    await settle();
    expect(host.connection.sent.at(-1)).toMatchObject({ type: 'importModel', text });
    expect(studio.imports.imported).toBeNull();
    host.connection.answer('importModel', { type: 'imported', model: summary });
    await importing;
    host.connection.emit({ type: 'status', state: 'done', epoch: 0, step: 0 });
    expect(studio.imports.imported).toMatchObject({ fileName: 'shop.model.json', parameterCount: 26, layerSizes: [3, 4, 2] });
    expect(Object.keys(studio.predictor.values)).toEqual(['age', 'color']);
    expect(studio.canPredict).toBe(true);
    expect(studio.canExport).toBe(true);

    studio.predictor.setValue('age', '52');
    const predicting = studio.predictor.predictRow();
    expect(host.connection.last('predict')).toMatchObject({ rows: [{ age: '52', color: '' }] });
    host.connection.answer('predict', { type: 'prediction', outputs: [[0.3, 0.7]], labels: ['yes'] });
    await predicting;
    expect(studio.predictor.topOutput).toEqual({ label: 'yes', value: 0.7 });
  });

  test('a rejected file shows the engine’s error with the field, and the dataset and predict form stay', async () => {
    const { studio, host } = await startedStudio();
    const importing = studio.imports.importModelFile(new File(['{"format":"backprop-studio/model","version":1}'], 'broken.json'));
    await settle();
    host.connection.fail('importModel', { code: 'bad-model', message: 'spec: expected object, received undefined' });
    await importing;
    expect(studio.errors.list.at(-1)?.message).toBe('Could not import broken.json: spec: expected object, received undefined. iris.csv stays loaded.');
    expect(studio.imports.imported).toBeNull();
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(Object.keys(studio.predictor.values)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  });

  test('training a new run or loading data drops the imported model; the form follows the dataset again', async () => {
    const { studio } = await imported();
    await studio.run.train();
    expect(studio.imports.imported).toBeNull();
    expect(Object.keys(studio.predictor.values)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  });
});

describe('continue training an imported model', () => {
  test('the model’s design goes into the designer; start waits for the engine to accept continuing', async () => {
    const { studio, host } = await imported();
    expect(studio.imports.canContinueTraining).toBe(true);
    host.connection.manual.add('configure');
    const continuing = studio.imports.continueTraining();
    expect(host.connection.sent.at(-1)).toMatchObject({ type: 'configure', continueTraining: true,
      network: { hidden: [{ units: 4, activation: 'relu', dropout: 0 }], init: 'he' } });
    expect(studio.model.toConfigure().network.hidden).toEqual([{ units: 4, activation: 'relu', dropout: 0 }]);
    expect(studio.model.train.epochs).toBe(30); // the file's saved settings
    expect(studio.runs.runs).toHaveLength(1);
    expect(host.connection.types()).not.toContain('start');
    host.connection.answer('configure', { type: 'configured', parameterCount: 35, layerSizes: [4, 4, 3] });
    await continuing;
    expect(host.connection.types().at(-1)).toBe('start');
    expect(studio.imports.imported).toBeNull();
  });

  test('a refusal names why, drops the run that never started, and the imported model stays', async () => {
    const { studio, host } = await imported();
    host.connection.manual.add('configure');
    const continuing = studio.imports.continueTraining();
    host.connection.fail('configure', { code: 'cannot-continue', message: 'the network design (4-4-3) differs from the imported model\'s (3-4-2)' });
    await continuing;
    expect(studio.errors.list.at(-1)?.message).toBe('Could not continue training shop.model.json: the network design (4-4-3) differs from the imported model\'s (3-4-2)');
    expect(studio.runs.runs).toHaveLength(0);
    expect(studio.imports.imported?.fileName).toBe('shop.model.json');
    expect(Object.keys(studio.predictor.values)).toEqual(['age', 'color']);
    expect(host.connection.types()).not.toContain('start');
  });
});

describe('the studio over the real engine host', () => {
  let host: InProcessHost | null = null;
  afterEach(() => { host?.engine.close(); host = null; });

  test('a trained run keeps its model; imported again, the engine\'s summary fills the card and a continued run trains on', async () => {
    host = new InProcessHost();
    const studio = new Studio(host);
    await studio.start();
    expect(studio.dataset.info?.name).toBe('iris.csv');
    studio.model.setEpochs(3);
    while (studio.model.hidden.length > 1) studio.model.removeLayer(1);
    studio.model.setUnits(0, 8);
    await studio.run.train();
    await vi.waitFor(() => expect(studio.runs.latest?.model).not.toBeNull(), { timeout: 20_000 });
    expect(studio.run.phase).toBe('done');
    const run = studio.runs.latest!;

    await studio.imports.importModelFile(new File([run.model!.json as BlobPart], run.model!.fileName));
    expect(studio.errors.list).toEqual([]);
    const card = studio.imports.imported!;
    expect(card).toMatchObject({ fileName: 'iris.model.json', layerSizes: [4, 8, 3], parameterCount: run.parameterCount, task: 'classification',
      columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], target: 'species', design: run.network });
    expect(card.train?.epochs).toBe(3);
    expect(card.metrics.map((m) => m.label)).toContain('accuracy');

    await studio.imports.continueTraining();
    await vi.waitFor(() => expect(studio.runs.runs[0].model).not.toBeNull(), { timeout: 20_000 });
    expect(studio.runs.runs).toHaveLength(2);
    expect(studio.errors.list).toEqual([]);
  });

  test('saved settings the engine\'s schema refuses are not restored; the designer keeps its defaults', async () => {
    host = new InProcessHost();
    host.userData.set('settings', { network: { hidden: [{ units: 7, activation: 'tanh', dropout: 0.1 }], init: 'he' }, train: { learningRate: 'fast' } });
    const studio = new Studio(host);
    await studio.start();
    expect(studio.model.hidden).toHaveLength(3);
    expect(studio.errors.list).toEqual([]);
  });
});
