import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, irisText, smallNetwork, trainSettings } from './engine-port-harness';

const harnesses: EngineHarness[] = [];
afterEach(() => { for (const h of harnesses.splice(0)) h.close(); });

function harness(): EngineHarness {
  const h = new EngineHarness({ pacing: { sliceMs: 0, metricsIntervalMs: 0 } });
  harnesses.push(h);
  return h;
}

async function loadIris(h: EngineHarness): Promise<void> {
  h.send({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  await h.next('datasetInfo');
}

const row = { sepal_length: '6.7', sepal_width: '3.0', petal_length: '5.2', petal_width: '2.3' };

/** Trains iris with the small network and returns the exported model JSON, the done event and a prediction. */
async function trainedIris() {
  const h = harness();
  await loadIris(h);
  h.send({ type: 'configure', network: smallNetwork, train: trainSettings });
  h.send({ type: 'start' });
  const done = await h.next('done');
  h.send({ type: 'predict', rows: [row] });
  const prediction = await h.next('prediction');
  h.send({ type: 'exportModel', format: 'json' });
  const text = new TextDecoder().decode((await h.next('model')).bytes);
  return { text, done, prediction };
}

describe('model import in the engine host', () => {
  it('an exported model carries its metrics; imported with no dataset it predicts the same and re-exports its sections', async () => {
    const { text, done, prediction } = await trainedIris();
    const file = JSON.parse(text);
    expect(file.metrics).toMatchObject({ split: 'test', accuracy: done.evaluation?.task === 'classification' ? done.evaluation.accuracy : NaN });
    expect(file.training.epochs).toBe(trainSettings.epochs);

    const fresh = harness();
    const { model: summary } = await fresh.request({ type: 'importModel', text });
    expect(summary).toMatchObject({ parameterCount: 4 * 16 + 16 + 16 * 3 + 3, layerSizes: [4, 16, 3], activations: ['relu', 'softmax'], task: 'classification',
      columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], target: 'species', classes: ['setosa', 'versicolor', 'virginica'],
      design: smallNetwork, train: trainSettings, data: { name: 'iris.csv', rows: 150, columns: 5 } });
    expect(summary.metrics).toContainEqual({ label: 'accuracy', value: file.metrics.accuracy });
    expect(fresh.ofType('status').at(-1)?.state).toBe('done'); // broadcast before the answer
    fresh.send({ type: 'predict', rows: [row] });
    const again = await fresh.next('prediction');
    expect(again.outputs).toEqual(prediction.outputs);
    expect(again.labels).toEqual(prediction.labels);
    fresh.send({ type: 'exportModel', format: 'json' });
    const reexported = JSON.parse(new TextDecoder().decode((await fresh.next('model')).bytes));
    expect(reexported.metrics).toEqual(file.metrics);
    expect(reexported.training).toEqual(file.training);
    expect(reexported.layers).toEqual(file.layers);
  });

  it('a model file with only its weights and spec is summarized with no settings, metrics or data (nothing for the page to guess)', async () => {
    const { text } = await trainedIris();
    const bare = JSON.parse(text);
    for (const section of ['training', 'metrics', 'data', 'createdAt', 'preprocessing', 'contentHash']) delete bare[section]; // a hand-edited file drops its hash too
    const { model: summary } = await harness().request({ type: 'importModel', text: JSON.stringify(bare) });
    expect(summary).toMatchObject({ layerSizes: [4, 16, 3], parameterCount: 4 * 16 + 16 + 16 * 3 + 3, train: null, metrics: [], data: null,
      createdAt: null, columns: [], target: null, classes: null, design: smallNetwork });
  });

  it('a rejected model names the bad field, and the previous model keeps predicting', async () => {
    const { text, prediction } = await trainedIris();
    const h = harness();
    h.send({ type: 'importModel', text });
    await h.next('imported');
    const broken = JSON.parse(text);
    broken.layers[0].bias[2] = 'x';
    h.send({ type: 'importModel', text: JSON.stringify(broken) });
    const error = await h.next('error');
    expect(error.code).toBe('bad-model');
    expect(error.message).toContain('layers.0.bias.2');
    h.send({ type: 'predict', rows: [row] });
    expect((await h.next('prediction')).outputs).toEqual(prediction.outputs);
  });

  it('continues training the imported weights when the design and the preprocessing match', async () => {
    const { text, done, prediction } = await trainedIris();
    const h = harness();
    await loadIris(h);
    h.send({ type: 'importModel', text });
    await h.next('imported');
    // a learning rate too small to move anything: the continued run evaluates as the imported model did
    h.send({ type: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 1, learningRate: 1e-12 }, continueTraining: true });
    h.send({ type: 'start' });
    const continued = await h.next('done');
    expect(continued.evaluation?.loss).toBeCloseTo(done.evaluation!.loss, 6);
    h.send({ type: 'predict', rows: [row] });
    const outputs = (await h.next('prediction')).outputs[0];
    outputs.forEach((p, i) => expect(p).toBeCloseTo(prediction.outputs[0][i], 5));

    // the same request without continueTraining starts from fresh weights: the first epoch is far worse
    const fresh = harness();
    await loadIris(fresh);
    fresh.send({ type: 'configure', network: smallNetwork, train: { ...trainSettings, epochs: 1, learningRate: 1e-12 } });
    fresh.send({ type: 'start' });
    expect((await fresh.next('done')).evaluation!.loss).toBeGreaterThan(continued.evaluation!.loss * 2);
  });

  it('refuses to continue with another design or other preprocessing, saying what differs', async () => {
    const { text } = await trainedIris();
    const h = harness();
    await loadIris(h);
    h.send({ type: 'importModel', text });
    await h.next('imported');
    h.send({ type: 'configure', network: { ...smallNetwork, hidden: [{ units: 8, activation: 'relu', dropout: 0 }] }, train: trainSettings, continueTraining: true });
    const wrongDesign = await h.next('error');
    expect(wrongDesign.code).toBe('cannot-continue');
    expect(wrongDesign.message).toContain('(4-8-3) differs from the imported model\'s (4-16-3)');

    const other = harness();
    other.send({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText }, choices: { scaling: 'minmax' } });
    await other.next('datasetInfo');
    other.send({ type: 'importModel', text });
    await other.next('imported');
    other.send({ type: 'configure', network: smallNetwork, train: trainSettings, continueTraining: true });
    const wrongData = await other.next('error');
    expect(wrongData.code).toBe('cannot-continue');
    expect(wrongData.message).toContain('not preprocessed the way the imported model expects');
  });
});
