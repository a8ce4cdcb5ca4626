import { describe, expect, test } from 'vitest';
import { trainBlocker, type TrainReadiness } from '../../src/renderer/studio/state/train-readiness';
import { startedStudio } from './fixtures';

const ready: TrainReadiness = {
  isConnected: true, isDataLoaded: true, loadingName: null, isLoading: false, isRunActive: false, isConfiguring: false, dataProblem: null, configErrors: {},
};

describe('why Train is off', () => {
  test('nothing blocks a loaded dataset with valid settings', () => {
    expect(trainBlocker(ready)).toBeNull();
  });

  test('without a dataset the reason is to load one', () => {
    expect(trainBlocker({ ...ready, isDataLoaded: false })?.reason).toBe('Load a dataset first');
  });

  test('an invalid field is named with "Fix:" and its message', () => {
    expect(trainBlocker({ ...ready, configErrors: { learningRate: 'learning rate must be > 0, got 0' } }))
      .toEqual({ kind: 'settings', reason: 'Fix: learning rate must be > 0, got 0' });
  });

  test('the data\'s own problem is the reason, without its full stop', () => {
    expect(trainBlocker({ ...ready, dataProblem: 'Every input column is excluded: include at least one.' })?.reason)
      .toBe('Every input column is excluded: include at least one');
  });

  test('a running run blocks as a run, not as a problem to fix', () => {
    expect(trainBlocker({ ...ready, isRunActive: true, configErrors: { epochs: 'epochs must be ≥ 1, got 0' } })?.kind).toBe('run');
  });

  test('in the studio, a learning rate of 0 disables Train and says why; a valid one enables it again', async () => {
    const { studio } = await startedStudio();
    expect(studio.run.canTrain).toBe(true);
    studio.model.setLearningRate(0);
    expect(studio.run.canTrain).toBe(false);
    expect(studio.run.trainBlocker?.reason).toMatch(/^Fix: learning rate must be/);
    studio.model.setLearningRate(0.01);
    expect(studio.run.canTrain).toBe(true);
    expect(studio.run.trainBlocker).toBeNull();
  });
});
