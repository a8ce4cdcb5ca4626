import { describe, expect, test } from 'vitest';
import { MODEL_FETCH_DELAY_MS, Studio } from '../../src/renderer/studio/state/studio.svelte';
import { FakeHost, epochEvent, metricsEvent, startedStudio } from './fixtures';

describe('Studio session', () => {
  test('it says hello and opens iris at start', async () => {
    const { host } = await startedStudio();
    expect(host.connection.types().slice(0, 2)).toEqual(['hello', 'loadDataset']);
  });

  test('with iris loaded it is ready to train', async () => {
    const { studio } = await startedStudio();
    expect(studio.phase).toBe('ready');
    expect(studio.canTrain).toBe(true);
    expect(studio.canPause).toBe(false);
  });

  test('train configures then starts, and records a run', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    expect(host.connection.types().slice(-2)).toEqual(['configure', 'start']);
    expect(studio.runs.runs).toHaveLength(1);
  });

  test('shows the run\'s thread count beside the kernel tier while a run exists, the tier alone before', async () => {
    const { studio, host } = await startedStudio();
    expect(studio.kernelsLabel).toBe('typed-array');
    studio.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0, threads: 2 });
    expect(studio.kernelsLabel).toBe('typed-array · 2 threads');
    host.connection.emit({ type: 'status', state: 'done', epoch: 1, step: 9, threads: 1 });
    expect(studio.kernelsLabel).toBe('typed-array · 1 thread');
    host.connection.emit({ type: 'status', state: 'ready', epoch: 0, step: 0 }); // reset: no run
    expect(studio.kernelsLabel).toBe('typed-array');
  });

  test('pause answers at once, before the engine confirms', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    studio.pause();
    expect(studio.phase).toBe('paused');
    expect(studio.canResume).toBe(true);
    // a late "training" status from before the pause does not flip the buttons back
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 3 });
    expect(studio.phase).toBe('paused');
  });

  test('a learning rate changed while paused is sent on resume, and only what changed', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    studio.pause();
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 3 });
    expect(studio.canEditLive).toBe(true);
    expect(studio.canEditDesign).toBe(false);
    studio.model.setLearningRate(0.001);
    studio.resume();
    const sent = host.connection.sent.slice(-2);
    expect(sent).toEqual([{ type: 'updateSettings', changes: { learningRate: 0.001 } }, { type: 'resume' }]);
  });

  test('the engine’s settingsChanged lands as a mark on the curves', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    host.connection.emit(metricsEvent(1, 4));
    host.connection.emit({ type: 'settingsChanged', step: 4, epoch: 0, changes: { learningRate: 0.001 } });
    expect(studio.curves.marks).toHaveLength(1);
  });

  test('done shows the evaluation, finishes the run and asks for its model', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    host.connection.emit(epochEvent(1));
    host.connection.emit({ type: 'done', reason: 'epochs', evaluation: { task: 'classification', split: 'test', loss: 0.1, accuracy: 0.95,
      classes: ['a', 'b', 'c'], confusion: [[10, 0, 0], [0, 9, 1], [0, 0, 10]], perClass: [] } });
    host.connection.emit({ type: 'status', state: 'done', epoch: 1, step: 3 });
    expect(studio.evaluation?.task).toBe('classification');
    expect(studio.runs.latest?.result?.score).toBe(0.95);
    await new Promise((resolve) => setTimeout(resolve, MODEL_FETCH_DELAY_MS + 50));
    const exportRequest = host.connection.sent.at(-1);
    expect(exportRequest).toMatchObject({ type: 'exportModel', format: 'json' });
    const bytes = new TextEncoder().encode('{}');
    host.connection.emit({ type: 'model', requestId: (exportRequest as { requestId: string }).requestId, format: 'json', fileName: 'iris.model.json', bytes });
    await Promise.resolve();
    expect(studio.runs.latest?.model).toEqual({ fileName: 'iris.model.json', json: bytes });
    expect(studio.runs.latest?.model?.json).toBe(bytes); // kept as it arrived
    expect(studio.canPredict).toBe(true);
  });

  test('a run\'s model saves as the bytes the engine sent, under the engine\'s file name', async () => {
    const { studio, host } = await startedStudio();
    const runId = studio.runs.begin({ startedAt: 1, dataset: 'iris.csv', task: 'classification', parameterCount: 1, layerSizes: [4, 3],
      network: { hidden: [{ units: 3, activation: 'relu', dropout: 0 }], init: 'auto' }, train: studio.model.toConfigure().train, data: {} });
    const json = new TextEncoder().encode('{"spec":{}}');
    studio.runs.attachModel(runId, { fileName: 'iris.model.json', json });
    await studio.saveRunModel(studio.runs.find(runId)!);
    expect(host.saved).toEqual([{ name: 'iris.model.json', data: json }]);
    expect(host.saved[0].data).toBe(json);
  });

  test('every export arrives from the engine as bytes and is saved as it comes', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    host.connection.emit(epochEvent(1));
    host.connection.emit({ type: 'done', reason: 'epochs', evaluation: null });
    host.connection.emit({ type: 'status', state: 'done', epoch: 1, step: 3 });
    studio.exportModel('python');
    const request = host.connection.sent.at(-1) as { requestId: string };
    expect(request).toMatchObject({ type: 'exportModel', format: 'python' });
    const bytes = new TextEncoder().encode('import numpy\n');
    host.connection.emit({ type: 'model', requestId: request.requestId, format: 'python', fileName: 'iris.py', bytes });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host.saved).toEqual([{ name: 'iris.py', data: bytes }]);
  });

  test('the page\'s saved runs leave models out (localStorage is too small); the runs stay', async () => {
    const { studio, host } = await startedStudio();
    const runId = studio.runs.begin({ startedAt: 1, dataset: 'iris.csv', task: 'classification', parameterCount: 1, layerSizes: [4, 3],
      network: { hidden: [{ units: 3, activation: 'relu', dropout: 0 }], init: 'auto' }, train: studio.model.toConfigure().train, data: {} });
    studio.runs.attachModel(runId, { fileName: 'iris.model.json', json: new TextEncoder().encode('{}') });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const saved = host.userData.get('runs') as { id: number; model: unknown }[];
    expect(saved.map((r) => r.id)).toEqual([runId]);
    expect(saved[0].model).toBeNull();
  });

  test('the menu\'s Open Model… imports the file the host\'s dialog returns, the same request as the header\'s button', async () => {
    const { studio, host } = await startedStudio();
    const text = '{"format":"backprop-studio-model"}';
    host.modelFile = { name: 'iris.model.json', text };
    studio.runCommand('open-model');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host.connection.sent.at(-1)).toEqual({ type: 'importModel', text });
    await studio.importModelFile(new File([text], 'iris.model.json'));
    expect(host.connection.sent.at(-1)).toEqual(host.connection.sent.at(-2));
  });

  test('a cancelled Open Model… dialog sends nothing; a failing one is a readable error', async () => {
    const { studio, host } = await startedStudio();
    const before = host.connection.sent.length;
    await studio.openModelDialog();
    expect(host.connection.sent).toHaveLength(before);
    host.openModel = async () => { throw new Error('model.json is 600000000 bytes; a model file can be at most 536870912 bytes'); };
    await studio.openModelDialog();
    expect(host.connection.sent).toHaveLength(before);
    expect(studio.errors.at(-1)?.message).toBe('model.json is 600000000 bytes; a model file can be at most 536870912 bytes');
  });

  test('Open Model… does nothing while a run is active', async () => {
    const { studio, host } = await startedStudio();
    host.modelFile = { name: 'iris.model.json', text: '{}' };
    studio.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 1 });
    const before = host.connection.sent.length;
    await studio.openModelDialog();
    expect(host.connection.sent).toHaveLength(before);
  });

  test('a run\'s model fetch that finds no model (a dataset loaded right after the run) shows no error; a user\'s export still does', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    host.connection.emit(epochEvent(1));
    host.connection.emit({ type: 'done', reason: 'epochs', evaluation: null });
    await new Promise((resolve) => setTimeout(resolve, MODEL_FETCH_DELAY_MS + 50));
    const runModel = host.connection.sent.at(-1) as { type: string; requestId: string };
    expect(runModel.type).toBe('exportModel');
    host.connection.emit({ type: 'error', code: 'no-model', message: 'train or import a model first', line: null, column: null, requestId: runModel.requestId });
    expect(studio.errors).toEqual([]);
    studio.exportModel();
    const download = host.connection.sent.at(-1) as { requestId: string };
    expect(download.requestId).not.toBe(runModel.requestId);
    host.connection.emit({ type: 'error', code: 'no-model', message: 'train or import a model first', line: null, column: null, requestId: download.requestId });
    expect(studio.errors.at(-1)?.message).toBe('Export failed: train or import a model first'); // negative control
  });

  test('a malformed CSV shows its line and the previous dataset stays', async () => {
    const { studio, host } = await startedStudio();
    await studio.openFile(new File(['a,b\n1,2,3\n'], 'broken.csv'));
    host.connection.emit({ type: 'error', code: 'ragged-row', message: 'line 2 has 3 fields, the header has 2', line: 2, column: null });
    expect(studio.errors.at(-1)?.message).toMatch(/^Could not load broken\.csv: line 2 has 3 fields.*iris\.csv stays loaded\./);
    expect(studio.errors.at(-1)?.line).toBe(2);
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(studio.dataset.isLoading).toBe(false);
  });

  test('an engine that does not start is a readable error, not a throw', async () => {
    const host = new FakeHost();
    host.connect = async () => { throw new Error('worker blocked'); };
    const studio = new Studio(host);
    await studio.start();
    expect(studio.errors[0].message).toBe('The engine did not start: worker blocked');
    expect(studio.canTrain).toBe(false);
  });

  test('the predict form starts from the first data row’s inputs', async () => {
    const { studio } = await startedStudio();
    expect(studio.predictor.values).toEqual({ sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2' });
  });

  test('Space toggles pause and resume', async () => {
    const { studio, host } = await startedStudio();
    studio.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    studio.togglePause();
    expect(host.connection.types().at(-1)).toBe('pause');
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 0 });
    studio.togglePause();
    expect(host.connection.types().at(-1)).toBe('resume');
  });
});

describe('Predictor', () => {
  test('a prediction names each probability by its class and picks the most likely', async () => {
    const { studio, host } = await startedStudio();
    studio.predictor.predictRow();
    const request = host.connection.sent.at(-1) as { type: string; requestId: string; rows: Record<string, string>[] };
    expect(request.type).toBe('predict');
    expect(request.rows).toEqual([{ sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2' }]);
    host.connection.emit({ type: 'prediction', requestId: request.requestId, outputs: [[0.1, 0.7, 0.2]], labels: ['versicolor'] });
    expect(studio.predictor.outputs?.map((o) => o.label)).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(studio.predictor.topOutput).toEqual({ label: 'versicolor', value: 0.7 });
  });

  test('an answer to another request is not taken for ours', async () => {
    const { studio, host } = await startedStudio();
    studio.predictor.predictRow();
    host.connection.emit({ type: 'prediction', requestId: 'someone-else', outputs: [[1, 0, 0]], labels: ['setosa'] });
    expect(studio.predictor.outputs).toBeNull();
    expect(studio.predictor.isPredicting).toBe(true);
  });
});

test('a CSV that failed on a bad row loads again with bad rows skipped in one click', async () => {
  const { studio, host } = await startedStudio();
  await studio.openFile(new File(['a,b\n1,2,3\n4,5\n'], 'ragged.csv'));
  host.connection.emit({ type: 'error', code: 'ragged-row', message: 'line 2 has 3 fields', line: 2, column: null });
  const error = studio.errors.at(-1)!;
  expect(error.canRetrySkippingBadRows).toBe(true);
  await studio.retrySkippingBadRows(error.id);
  expect(host.connection.sent.at(-1)).toMatchObject({ type: 'loadDataset', choices: { badRows: 'skip' } });
  expect(studio.errors).toEqual([]);
});

test('Step with no run active starts one, configured, and steps a single batch', async () => {
  const { studio, host } = await startedStudio();
  studio.step();
  expect(host.connection.types().slice(-2)).toEqual(['configure', 'step']);
  expect(studio.runs.runs).toHaveLength(1);
});

test('the last saved design and settings come back at start; malformed ones are ignored', async () => {
  const host = new FakeHost();
  host.userData.set('settings', { network: { hidden: [{ units: 7, activation: 'tanh', dropout: 0.1 }], init: 'he' },
    train: { ...new Studio(new FakeHost()).model.toConfigure().train, learningRate: 0.123 } });
  const studio = new Studio(host);
  await studio.start();
  expect(studio.model.hidden).toEqual([{ units: 7, activation: 'tanh', dropout: 0.1 }]);
  expect(studio.model.train.learningRate).toBe(0.123);

  const other = new FakeHost();
  other.userData.set('settings', { network: { hidden: [] }, train: 'nonsense' });
  const fresh = new Studio(other);
  await fresh.start();
  expect(fresh.model.hidden).toHaveLength(3);
});
