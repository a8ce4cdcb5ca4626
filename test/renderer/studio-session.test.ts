import { describe, expect, test } from 'vitest';
import type { EngineRequest } from '../../src/shared/protocol';
import { Studio } from '../../src/renderer/studio/state/studio.svelte';
import { FakeHost, epochEvent, irisInfo, metricsEvent, settle, startedStudio } from './fixtures';

/** Requests as sent, without the ids the connection gave them. */
const withoutIds = (requests: EngineRequest[]): Omit<EngineRequest, 'requestId'>[] => requests.map(({ requestId: _id, ...rest }) => rest);

const evaluation = { task: 'classification' as const, split: 'test' as const, loss: 0.1, accuracy: 0.95,
  classes: ['a', 'b', 'c'], confusion: [[10, 0, 0], [0, 9, 1], [0, 0, 10]], perClass: [] };

describe('Studio session', () => {
  test('it says hello and opens iris at start', async () => {
    const { host } = await startedStudio();
    expect(host.connection.types().slice(0, 2)).toEqual(['hello', 'loadDataset']);
  });

  test('every request it sends carries an id of its own', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    const ids = host.connection.sent.map((r) => r.requestId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('with iris loaded it is ready to train', async () => {
    const { studio } = await startedStudio();
    expect(studio.run.phase).toBe('ready');
    expect(studio.run.canTrain).toBe(true);
    expect(studio.run.canPause).toBe(false);
  });

  test('train configures, waits for the engine to accept the design, then starts, and records a run', async () => {
    const { studio, host } = await startedStudio();
    host.connection.manual.add('configure');
    const training = studio.run.train();
    await settle();
    expect(host.connection.types().at(-1)).toBe('configure');
    expect(studio.run.canTrain).toBe(false); // not offered twice while the engine is asked
    host.connection.answer('configure', { type: 'configured', parameterCount: 11_000, layerSizes: [4, 128, 64, 32, 3] });
    await training;
    expect(host.connection.types().slice(-2)).toEqual(['configure', 'start']);
    expect(studio.runs.runs).toHaveLength(1);
  });

  test('a design the engine refuses is not started, and its run is forgotten', async () => {
    const { studio, host } = await startedStudio();
    host.connection.manual.add('configure');
    const training = studio.run.train();
    await settle();
    host.connection.fail('configure', { code: 'busy', message: 'pause or stop training before changing the network' });
    await training;
    expect(host.connection.types()).not.toContain('start');
    expect(studio.runs.runs).toHaveLength(0);
    expect(studio.errors.list.at(-1)?.message).toBe('pause or stop training before changing the network');
  });

  test('shows the run\'s thread count beside the kernel tier while a run exists (one while its kernels measure one faster), the tier alone before', async () => {
    const { studio, host } = await startedStudio();
    expect(studio.kernelsLabel).toBe('typed-array');
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0, threads: 2 });
    expect(studio.kernelsLabel).toBe('typed-array · 2 threads');
    host.connection.emit({ ...metricsEvent(1, 4), threadsInUse: 2 });
    expect(studio.kernelsLabel).toBe('typed-array · 2 threads');
    host.connection.emit({ ...metricsEvent(5, 4), threadsInUse: 1 }); // a small classifier's kernels measured one thread faster
    expect(studio.kernelsLabel).toBe('typed-array · 1 thread (faster than 2 here)');
    host.connection.emit({ ...metricsEvent(9, 4), threadsInUse: 2 }); // and two again
    expect(studio.kernelsLabel).toBe('typed-array · 2 threads');
    host.connection.emit({ type: 'status', state: 'done', epoch: 1, step: 9, threads: 1 });
    expect(studio.kernelsLabel).toBe('typed-array · 1 thread');
    host.connection.emit({ type: 'status', state: 'ready', epoch: 0, step: 0 }); // reset: no run
    expect(studio.kernelsLabel).toBe('typed-array');
  });

  test('pause answers at once, before the engine confirms', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    studio.run.pause();
    expect(studio.run.phase).toBe('paused');
    expect(studio.run.canResume).toBe(true);
    // a late "training" status from before the pause does not flip the buttons back
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 3 });
    expect(studio.run.phase).toBe('paused');
  });

  test('a pause the engine refuses gives the buttons back', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    host.connection.manual.add('pause');
    studio.run.pause();
    host.connection.fail('pause', { code: 'request-failed', message: 'no run to pause' });
    await settle();
    expect(studio.run.phase).toBe('training');
    expect(studio.errors.list.at(-1)?.message).toBe('no run to pause');
  });

  test('a learning rate changed while paused is sent on resume, and only what changed', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    studio.run.pause();
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 3 });
    expect(studio.run.canEditLive).toBe(true);
    expect(studio.run.canEditDesign).toBe(false);
    studio.model.setLearningRate(0.001);
    studio.run.resume();
    expect(withoutIds(host.connection.sent.slice(-2))).toEqual([{ type: 'updateSettings', changes: { learningRate: 0.001 } }, { type: 'resume' }]);
  });

  test('the engine’s answer to a settings change lands as a mark on the curves', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    host.connection.emit(metricsEvent(1, 4));
    studio.run.pause();
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 4 });
    host.connection.manual.add('updateSettings');
    studio.model.setLearningRate(0.001);
    studio.run.resume();
    expect(studio.curves.marks).toHaveLength(0);
    host.connection.answer('updateSettings', { type: 'settingsChanged', step: 4, epoch: 0, changes: { learningRate: 0.001 } });
    await settle();
    expect(studio.curves.marks).toHaveLength(1);
  });

  test('done shows the evaluation, finishes the run and asks for its model at once (no timer)', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit(epochEvent(1));
    host.connection.emit({ type: 'done', reason: 'epochs', evaluation });
    // asked for in the same task as `done`: nothing waits on a clock
    expect(host.connection.sent.at(-1)).toMatchObject({ type: 'exportModel', format: 'json' });
    host.connection.emit({ type: 'status', state: 'done', epoch: 1, step: 3 });
    expect(studio.run.evaluation?.task).toBe('classification');
    expect(studio.runs.latest?.result?.score).toBe(0.95);
    const bytes = new TextEncoder().encode('{}');
    host.connection.answer('exportModel', { type: 'model', format: 'json', fileName: 'iris.model.json', bytes });
    await settle();
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
    await studio.exports.saveRunModel(studio.runs.find(runId)!);
    expect(host.saved).toEqual([{ name: 'iris.model.json', data: json }]);
    expect(host.saved[0].data).toBe(json);
  });

  test('every export arrives from the engine as bytes and is saved as it comes', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit(epochEvent(1));
    host.connection.emit({ type: 'done', reason: 'epochs', evaluation: null });
    host.connection.emit({ type: 'status', state: 'done', epoch: 1, step: 3 });
    const exporting = studio.exports.exportModel('python');
    expect(host.connection.sent.at(-1)).toMatchObject({ type: 'exportModel', format: 'python' });
    const bytes = new TextEncoder().encode('import numpy\n');
    host.connection.answer('exportModel', { type: 'model', format: 'python', fileName: 'iris.py', bytes });
    await exporting;
    expect(host.saved).toEqual([{ name: 'iris.py', data: bytes }]);
  });

  test('the page\'s saved runs keep their models as bytes (IndexedDB in the web build), with the runs', async () => {
    const { studio, host } = await startedStudio();
    const runId = studio.runs.begin({ startedAt: 1, dataset: 'iris.csv', task: 'classification', parameterCount: 1, layerSizes: [4, 3],
      network: { hidden: [{ units: 3, activation: 'relu', dropout: 0 }], init: 'auto' }, train: studio.model.toConfigure().train, data: {} });
    studio.runs.attachModel(runId, { fileName: 'iris.model.json', json: new TextEncoder().encode('{}') });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const saved = host.userData.get('runs') as { id: number; model: unknown }[];
    expect(saved.map((r) => r.id)).toEqual([runId]);
    expect((saved[0].model as { json: Uint8Array }).json).toEqual(new TextEncoder().encode('{}'));
  });

  test('the menu\'s Open Model… imports the file the host\'s dialog returns, the same request as the header\'s button', async () => {
    const { studio, host } = await startedStudio();
    const text = '{"format":"backprop-studio-model"}';
    host.modelFile = { name: 'iris.model.json', text };
    studio.runCommand('open-model');
    await settle();
    expect(host.connection.sent.at(-1)).toMatchObject({ type: 'importModel', text });
    void studio.imports.importModelFile(new File([text], 'iris.model.json'));
    await settle();
    expect(withoutIds(host.connection.sent.slice(-1))).toEqual(withoutIds(host.connection.sent.slice(-2, -1)));
  });

  test('a cancelled Open Model… dialog sends nothing; a failing one is a readable error', async () => {
    const { studio, host } = await startedStudio();
    const before = host.connection.sent.length;
    await studio.imports.openModelDialog();
    expect(host.connection.sent).toHaveLength(before);
    host.openModel = async () => { throw new Error('model.json is 600000000 bytes; a model file can be at most 536870912 bytes'); };
    await studio.imports.openModelDialog();
    expect(host.connection.sent).toHaveLength(before);
    expect(studio.errors.list.at(-1)?.message).toBe('model.json is 600000000 bytes; a model file can be at most 536870912 bytes');
  });

  test('Open Model… does nothing while a run is active', async () => {
    const { studio, host } = await startedStudio();
    host.modelFile = { name: 'iris.model.json', text: '{}' };
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 1 });
    const before = host.connection.sent.length;
    await studio.imports.openModelDialog();
    expect(host.connection.sent).toHaveLength(before);
  });

  test('a run\'s model fetch that finds no model (a dataset loaded right after the run) shows no error; a user\'s export still does', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit(epochEvent(1));
    host.connection.emit({ type: 'done', reason: 'epochs', evaluation: null });
    const runModel = host.connection.last('exportModel');
    host.connection.fail('exportModel', { code: 'no-model', message: 'train or import a model first' });
    await settle();
    expect(studio.errors.list).toEqual([]);
    const exporting = studio.exports.exportModel();
    const download = host.connection.last('exportModel');
    expect(download.requestId).not.toBe(runModel.requestId);
    host.connection.fail('exportModel', { code: 'no-model', message: 'train or import a model first' });
    await exporting;
    expect(studio.errors.list.at(-1)?.message).toBe('Export failed: train or import a model first'); // negative control
  });

  test('a malformed CSV shows its line and the previous dataset stays', async () => {
    const { studio, host } = await startedStudio();
    const loading = studio.loader.openFile(new File(['a,b\n1,2,3\n'], 'broken.csv'));
    await settle();
    host.connection.fail('loadDataset', { code: 'ragged-row', message: 'line 2 has 3 fields, the header has 2', line: 2 });
    await loading;
    expect(studio.errors.list.at(-1)?.message).toMatch(/^Could not load broken\.csv: line 2 has 3 fields.*iris\.csv stays loaded\./);
    expect(studio.errors.list.at(-1)?.line).toBe(2);
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(studio.dataset.isLoading).toBe(false);
  });

  test('an error the engine broadcasts (no request waits for it) is shown as it is', async () => {
    const { studio, host } = await startedStudio();
    host.connection.emit({ type: 'error', code: 'training-failed', message: 'the loss is not a number', line: null, column: null });
    expect(studio.errors.list.at(-1)).toMatchObject({ code: 'training-failed', message: 'the loss is not a number' });
  });

  test('a file dropped while the start-up sample is still being fetched is the one loaded', async () => {
    const host = new FakeHost();
    let releaseSample = (): void => {};
    const sampleFetched = new Promise<void>((resolve) => { releaseSample = resolve; });
    const fetchSample = host.sampleSource.bind(host);
    host.sampleSource = async (name) => { await sampleFetched; return fetchSample(name); };
    const studio = new Studio(host);
    const starting = studio.start();
    await settle();
    const dropping = studio.loader.openFile(new File(['x,y\n1,2\n'], 'dropped.csv'));
    await settle();
    releaseSample(); // the sample arrives after the drop
    await settle();
    const loads = host.connection.sent.filter((r) => r.type === 'loadDataset');
    expect(loads.map((r) => (r.type === 'loadDataset' && r.source.kind === 'text' ? r.source.name : null))).toEqual(['dropped.csv']);
    host.connection.answer('loadDataset', { type: 'datasetInfo', info: { ...irisInfo(), name: 'dropped.csv' } });
    await Promise.all([starting, dropping]);
    expect(studio.dataset.info?.name).toBe('dropped.csv');
  });

  test('a start-up sample fetched before the drop loads first, then the dropped file (negative control: both sent, in order)', async () => {
    const { studio, host } = await startedStudio();
    const dropping = studio.loader.openFile(new File(['x,y\n1,2\n'], 'dropped.csv'));
    await settle();
    const loads = host.connection.sent.filter((r) => r.type === 'loadDataset');
    expect(loads.map((r) => (r.type === 'loadDataset' && r.source.kind === 'text' ? r.source.name : null))).toEqual(['iris.csv', 'dropped.csv']);
    host.connection.answer('loadDataset', { type: 'datasetInfo', info: { ...irisInfo(), name: 'dropped.csv' } });
    await dropping;
    expect(studio.dataset.info?.name).toBe('dropped.csv');
  });

  test('an engine that does not start is a readable error, not a throw', async () => {
    const host = new FakeHost();
    host.connect = async () => { throw new Error('worker blocked'); };
    const studio = new Studio(host);
    await studio.start();
    expect(studio.errors.list[0].message).toBe('The engine did not start: worker blocked');
    expect(studio.run.canTrain).toBe(false);
  });

  test('the predict form starts from the first data row’s inputs', async () => {
    const { studio } = await startedStudio();
    expect(studio.predictor.values).toEqual({ sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2' });
  });

  test('Space toggles pause and resume', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    studio.run.togglePause();
    expect(host.connection.types().at(-1)).toBe('pause');
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 0 });
    studio.run.togglePause();
    expect(host.connection.types().at(-1)).toBe('resume');
  });
});

describe('Predictor', () => {
  test('a prediction names each probability by its class and picks the most likely', async () => {
    const { studio, host } = await startedStudio();
    const predicting = studio.predictor.predictRow();
    const request = host.connection.last('predict');
    expect(request.rows).toEqual([{ sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2' }]);
    host.connection.answer('predict', { type: 'prediction', outputs: [[0.1, 0.7, 0.2]], labels: ['versicolor'] });
    await predicting;
    expect(studio.predictor.outputs?.map((o) => o.label)).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(studio.predictor.topOutput).toEqual({ label: 'versicolor', value: 0.7 });
  });

  test('an answer to another request is not taken for ours', async () => {
    const { studio, host } = await startedStudio();
    void studio.predictor.predictRow();
    host.connection.deliver({ type: 'prediction', requestId: 'someone-else', outputs: [[1, 0, 0]], labels: ['setosa'] });
    await settle();
    expect(studio.predictor.outputs).toBeNull();
    expect(studio.predictor.isPredicting).toBe(true);
  });

  test('of two predictions in flight, the later one\'s answer is what the form shows, whatever order they come back in', async () => {
    const { studio, host } = await startedStudio();
    const first = studio.predictor.predictRow();
    const firstId = host.connection.last('predict').requestId;
    const second = studio.predictor.predictRow();
    const secondId = host.connection.last('predict').requestId;
    host.connection.deliver({ type: 'prediction', requestId: secondId, outputs: [[0, 0, 1]], labels: ['virginica'] });
    host.connection.deliver({ type: 'prediction', requestId: firstId, outputs: [[1, 0, 0]], labels: ['setosa'] });
    await Promise.all([first, second]);
    expect(studio.predictor.topOutput?.label).toBe('virginica');
    expect(studio.predictor.isPredicting).toBe(false);
  });
});

test('a CSV that failed on a bad row loads again with bad rows skipped in one click', async () => {
  const { studio, host } = await startedStudio();
  const loading = studio.loader.openFile(new File(['a,b\n1,2,3\n4,5\n'], 'ragged.csv'));
  await settle();
  host.connection.fail('loadDataset', { code: 'ragged-row', message: 'line 2 has 3 fields', line: 2 });
  await loading;
  const error = studio.errors.list.at(-1)!;
  expect(error.canRetrySkippingBadRows).toBe(true);
  void studio.errors.retry(error.id);
  await settle();
  expect(host.connection.sent.at(-1)).toMatchObject({ type: 'loadDataset', choices: { badRows: 'skip' } });
  expect(studio.errors.list).toEqual([]);
});

test('Step with no run active configures one, then steps a single batch', async () => {
  const { studio, host } = await startedStudio();
  await studio.run.step();
  expect(host.connection.types().slice(-2)).toEqual(['configure', 'step']);
  expect(studio.runs.runs).toHaveLength(1);
});

test('the last saved design and settings come back at start once the engine accepts them; malformed ones are ignored', async () => {
  const host = new FakeHost();
  host.userData.set('settings', { network: { hidden: [{ units: 7, activation: 'tanh', dropout: 0.1 }], init: 'he' },
    train: { ...new Studio(new FakeHost()).model.toConfigure().train, learningRate: 0.123 } });
  const studio = new Studio(host);
  void studio.start();
  await settle();
  expect(host.connection.types().slice(0, 3)).toEqual(['hello', 'configure', 'loadDataset']);
  expect(studio.model.hidden).toEqual([{ units: 7, activation: 'tanh', dropout: 0.1 }]);
  expect(studio.model.train.learningRate).toBe(0.123);

  const other = new FakeHost();
  other.userData.set('settings', { network: { hidden: [] }, train: 'nonsense' });
  const fresh = new Studio(other);
  void fresh.start();
  await settle();
  expect(fresh.model.hidden).toHaveLength(3);
});
