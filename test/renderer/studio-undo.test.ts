import { describe, expect, test } from 'vitest';
import type { DatasetInfo, EngineRequest, HealthWarning } from '../../src/shared/protocol';
import { irisInfo, settle, startedStudio } from './fixtures';

const withoutIds = (requests: EngineRequest[]) => requests.map(({ requestId: _, ...rest }) => rest);

describe('the studio’s undo history', () => {
  test('the menu’s Edit → Undo and Redo move the design back and forth', async () => {
    const { studio } = await startedStudio();
    studio.model.removeLayer(0);
    await settle();
    expect(studio.history.undoLabel).toBe('remove layer 1');
    studio.runCommand('undo');
    expect(studio.model.hidden.map((h) => h.units)).toEqual([128, 64, 32]);
    studio.runCommand('redo');
    expect(studio.model.hidden.map((h) => h.units)).toEqual([64, 32]);
  });

  test('a warning’s fix with a training change is one entry, and undoing it sends the old data choice', async () => {
    const { studio, host } = await startedStudio();
    const warning: DatasetInfo['warnings'][number] = { code: 'imbalanced', message: 'rare classes', column: null,
      fix: { label: 'Weigh the classes', changes: { scaling: 'minmax' }, train: { classWeights: 'balanced' } } };
    studio.dataset.applyFix(warning); // as DataPanel's Fix button does: the data change, then the training one
    for (const [key, value] of Object.entries(warning.fix!.train!)) studio.model.set(key, value);
    await settle();
    expect(studio.history.undoEntries.map((e) => e.label)).toEqual(['fix “Weigh the classes”, class weights']);
    studio.history.undo();
    expect(studio.model.train.classWeights).toBe('none');
    expect(withoutIds(host.connection.sent.filter((r) => r.type === 'setDataChoices'))).toEqual([
      { type: 'setDataChoices', choices: { scaling: 'minmax' } }, { type: 'setDataChoices', choices: { scaling: 'none' } },
    ]);
  });

  test('a paused change undone before Resume is never sent; one left in place is sent and leaves the history', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 0 });
    expect(studio.history.canUndo).toBe(false);
    studio.run.pause();
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 3 });
    studio.model.setLearningRate(0.5);
    await settle();
    expect(studio.history.undoLabel).toBe('learning rate');
    studio.history.undo();
    studio.run.resume();
    expect(host.connection.types().slice(-1)).toEqual(['resume']); // no updateSettings
    studio.run.pause();
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 6 });
    studio.model.setLearningRate(0.002);
    await settle();
    studio.run.resume();
    expect(withoutIds(host.connection.sent.slice(-2))).toEqual([{ type: 'updateSettings', changes: { learningRate: 0.002 } }, { type: 'resume' }]);
    studio.run.pause();
    host.connection.emit({ type: 'status', state: 'paused', epoch: 0, step: 9 });
    expect(studio.history.canUndo).toBe(false);
    expect(studio.history.undoEntries).toEqual([]); // the sent change left; the undone one went with the new branch
  });

  test('a past run’s settings put back by “use settings” are one undoable entry', async () => {
    const { studio, host } = await startedStudio();
    studio.model.setL2(0.01);
    await settle();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'done', epoch: 1, step: 9 });
    studio.model.setL2(0.3);
    await settle();
    studio.restoreRun(studio.runs.runs[0]);
    expect(studio.model.train.l2).toBe(0.01);
    await settle();
    expect(studio.history.undoLabel).toBe('settings of Run 1');
    studio.history.undo();
    expect(studio.model.train.l2).toBe(0.3);
  });

  test('another dataset loaded leaves nothing to undo', async () => {
    const { studio, host } = await startedStudio();
    studio.model.setL1(0.1);
    await settle();
    expect(studio.history.canUndo).toBe(true);
    studio.dataset.receive(irisInfo({ name: 'wine.csv' }));
    expect(studio.history.canUndo).toBe(false);
    expect(host.connection.types()).not.toContain('setDataChoices');
  });

  test('a health check’s live fix applied while training reaches the engine at once and is not undoable', async () => {
    const { studio, host } = await startedStudio();
    await studio.run.train();
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 4 });
    const fix: HealthWarning = { code: 'exploding', layer: null, step: 4, active: true, message: 'the gradient norm is 170',
      fix: { label: 'Clip-norm 1, lr 5 → 0.5 (now)', live: { clipping: { mode: 'norm', threshold: 1 }, learningRate: 0.5 }, design: null } };
    await studio.health.applyFix(fix);
    await settle();
    expect(host.connection.last('updateSettings').changes).toMatchObject({ learningRate: 0.5 });
    expect(studio.history.undoEntries).toEqual([]);
  });

  test('a health check’s design fix is one entry, undoable once the new run it started has ended', async () => {
    const { studio, host } = await startedStudio();
    const fix: HealthWarning = { code: 'vanishing', layer: 0, step: 4, active: true, message: 'layer 1 gets gradients over 1000× smaller',
      fix: { label: 'Use relu + He init (new run)', live: null, design: { activation: 'tanh', init: 'he' } } };
    await studio.health.applyFix(fix);
    await settle();
    expect(studio.history.undoEntries.map((e) => e.label)).toEqual(['layer 1 activation, layer 2 activation and 2 more']);
    host.connection.emit({ type: 'status', state: 'training', epoch: 0, step: 1 });
    expect(studio.history.canUndo).toBe(false);
    host.connection.emit({ type: 'status', state: 'done', epoch: 50, step: 150 });
    studio.history.undo();
    expect(studio.model.hidden.map((h) => h.activation)).toEqual(['relu', 'relu', 'relu']);
    expect(studio.model.init).toBe('auto');
  });
});
