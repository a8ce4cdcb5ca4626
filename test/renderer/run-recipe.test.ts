/** A run's record is its recipe: the studio keeps each mid-run change with its step, diffs it, and replays it. */
import { describe, expect, test } from 'vitest';
import { defaultTrainSettings } from '../../src/engine/trainer';
import { diffRuns, RunHistory, type RunRecord } from '../../src/renderer/studio/state/runs.svelte';
import type { EngineRequest } from '../../src/shared/protocol';
import { irisInfo, metricsEvent, settle, startedStudio } from './fixtures';

const storage = { load: async () => null, save: async () => undefined };
const started = () => ({
  startedAt: 1, dataset: 'iris.csv', task: 'classification' as const, parameterCount: 100, layerSizes: [4, 8, 3],
  network: { hidden: [{ units: 8, activation: 'relu' as const, dropout: 0 }], init: 'auto' as const },
  train: structuredClone(defaultTrainSettings), data: { target: 'species' },
});

describe('the run record as a recipe', () => {
  test('a learning-rate change made while paused is recorded with the step the engine answered', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    host.connection.emit(metricsEvent(1, 4));
    studio.run.pause();
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 4 });
    host.connection.manual.add('updateSettings');
    studio.model.setLearningRate(0.002);
    studio.run.resume();
    host.connection.answer('updateSettings', { type: 'settingsChanged', step: 4, epoch: 0, changes: { learningRate: 0.002 } });
    await settle();
    expect(studio.runs.latest?.changes).toEqual([{ step: 4, changes: { learningRate: 0.002 } }]);
    expect(studio.runs.latest?.train.learningRate).toBe(defaultTrainSettings.learningRate); // the first settings stay
  });

  test('the settings diff shows the change list', () => {
    const runs = new RunHistory(storage);
    const a = runs.find(runs.begin(started()))!;
    const b = runs.find(runs.begin(started()))!;
    runs.recordChange(b.id, { step: 120, changes: { learningRate: 0.002 } });
    const diff = diffRuns(a, runs.find(b.id)!);
    expect(diff).toEqual(expect.arrayContaining([
      { setting: 'changes[0].step', label: 'change 1: at step', a: '—', b: '120' },
      { setting: 'changes[0].changes.learningRate', label: 'change 1: learning rate', a: '—', b: '0.002' },
    ]));
    expect(diffRuns(a, runs.find(a.id)!)).toEqual([]); // negative control: a run against itself differs nowhere
  });

  test('replay configures the run\'s design and first settings with its change list, then starts', async () => {
    const { studio, host } = await startedStudio();
    const record: RunRecord = {
      ...started(), id: 7, name: 'Run 7', curves: null, result: null, model: null, dataset: studio.dataset.info!.name,
      data: studio.dataset.info!.choices, changes: [{ step: 4, changes: { learningRate: 0.002 } }],
    };
    await studio.run.replay(record);
    const sent = host.connection.sent.slice(-2) as EngineRequest[];
    expect(sent.map((r) => r.type)).toEqual(['configure', 'start']);
    const configure = sent[0] as Extract<EngineRequest, { type: 'configure' }>;
    expect(configure.replay).toEqual(record.changes);
    expect(configure.train.learningRate).toBe(record.train.learningRate);
    expect(studio.runs.latest?.changes).toEqual(record.changes);
  });

  test('replay refuses a run made on other data, saying which', async () => {
    const { studio, host } = await startedStudio();
    const before = host.connection.sent.length;
    await studio.run.replay({ ...started(), id: 3, name: 'Run 3', curves: null, result: null, model: null, dataset: 'other.csv' });
    expect(host.connection.sent.length).toBe(before);
    expect(studio.errors.list.at(-1)?.message).toMatch(/Run 3 trained on other\.csv/);
  });
});

describe('"Resume run" after a reload', () => {
  test('offers the saved run, and resuming takes its data, design, settings and change list from the engine\'s answer', async () => {
    const { studio, host } = await startedStudio();
    host.connection.manual.add('checkpointInfo');
    const checking = studio.run.checkResumable();
    await settle();
    host.connection.answer('checkpointInfo', { type: 'checkpointInfo', checkpoint: { dataset: 'iris.csv', epoch: 12, epochs: 50 } });
    await checking;
    expect(studio.run.resumable).toEqual({ dataset: 'iris.csv', epoch: 12, epochs: 50 });

    host.connection.manual.add('resumeRun');
    const resuming = studio.run.resumeSavedRun();
    await settle();
    expect(host.connection.types().at(-1)).toBe('resumeRun');
    const train = { ...structuredClone(defaultTrainSettings), epochs: 50 };
    host.connection.answer('resumeRun', {
      type: 'resumed', info: irisInfo(), network: started().network, train, epoch: 12, changes: [{ step: 30, changes: { learningRate: 0.002 } }],
    });
    await resuming;
    expect(studio.run.resumable).toBeNull();
    expect(studio.runs.latest?.changes).toEqual([{ step: 30, changes: { learningRate: 0.002 } }]);
    expect(studio.runs.latest?.train.learningRate).toBe(defaultTrainSettings.learningRate);
    expect(studio.model.toConfigure().train.learningRate).toBe(0.002); // the designer shows the settings the run trains with now
    expect(studio.run.currentRunId).toBe(studio.runs.latest?.id);
  });

  test('offers nothing when the engine holds no unfinished run', async () => {
    const { studio } = await startedStudio();
    await studio.run.checkResumable();
    expect(studio.run.resumable).toBeNull();
  });
});
