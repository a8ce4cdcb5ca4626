import { describe, expect, test, vi } from 'vitest';
import type { DataChoicesMessage } from '../../src/shared/protocol';
import { DatasetState } from '../../src/renderer/studio/state/dataset.svelte';
import { DesignHistory, type RunStanding } from '../../src/renderer/studio/state/history.svelte';
import { ModelConfig } from '../../src/renderer/studio/state/model-config.svelte';
import { setting } from '../../src/engine/settings';
import { irisInfo } from './fixtures';

/** the learning rate a fresh design starts with (the settings table's default) */
const DEFAULT_LR = setting('train', 'learningRate').default as number;

/** A user's next action comes in a later event-loop task than the last one. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A model and an iris dataset whose changes go through one history; `run` is the run's standing, set by the test. */
function studio(limit?: number) {
  const sent: DataChoicesMessage[] = [];
  const run: RunStanding = { isTraining: false, pausedRunId: null, activeRunId: null };
  const nativeEdit = vi.fn();
  const parts = {} as { model: ModelConfig; dataset: DatasetState };
  const history = new DesignHistory({ design: parts, run: () => run, limit, nativeEdit });
  parts.dataset = new DatasetState((choices) => sent.push(choices), history.record);
  parts.model = new ModelConfig(() => ({ inputSize: 4, outputSize: 3, task: 'classification' }), history.record);
  parts.dataset.receive(irisInfo());
  return { ...parts, history, sent, run, nativeEdit };
}

const units = (model: ModelConfig): number[] => model.hidden.map((h) => h.units);

describe('the design history', () => {
  test('each change is one entry named by its action, and undo and redo walk them back and forth', async () => {
    const { model, history } = studio();
    model.removeLayer(1);
    await nextTask();
    model.setActivation(0, 'tanh');
    await nextTask();
    model.setL2(0.001);
    expect(history.undoEntries.map((e) => e.label)).toEqual(['remove layer 2', 'layer 1 activation', 'L2']);
    expect(history.undoLabel).toBe('L2');
    history.undo();
    history.undo();
    expect(model.train.l2).toBe(0);
    expect(model.hidden[0].activation).toBe('relu');
    expect(history.undoLabel).toBe('remove layer 2');
    history.undo();
    expect(units(model)).toEqual([128, 64, 32]);
    expect(history.canUndo).toBe(false);
    expect(history.redoLabel).toBe('remove layer 2');
    history.redo();
    history.redo();
    history.redo();
    expect(units(model)).toEqual([128, 32]);
    expect(model.hidden[0].activation).toBe('tanh');
    expect(model.train.l2).toBe(0.001);
    expect(history.canRedo).toBe(false);
  });

  test('a change that changes nothing is no entry', () => {
    const { model, history } = studio();
    model.setL2(0);
    expect(history.undoEntries).toEqual([]);
  });

  test('typing in one field is one entry until the field is committed; undo puts back even a value that was wrong', async () => {
    const { model, history } = studio();
    for (const typed of [1, 12, 12.5]) {
      model.setUnits(0, typed);
      await nextTask();
    }
    expect(history.undoEntries.map((e) => e.label)).toEqual(['layer 1 units']);
    history.seal();
    model.setUnits(0, 7);
    await nextTask();
    expect(history.undoEntries).toHaveLength(2);
    history.undo();
    expect(units(model)[0]).toBe(12.5);
    history.undo();
    expect(units(model)[0]).toBe(128);
  });

  test('typing in another field starts a new entry', async () => {
    const { model, history } = studio();
    model.setUnits(0, 10);
    await nextTask();
    model.setUnits(1, 20);
    await nextTask();
    model.setUnits(0, 11);
    expect(history.undoEntries.map((e) => e.label)).toEqual(['layer 1 units', 'layer 2 units', 'layer 1 units']);
  });

  test('typing a field back to its value leaves no entry', async () => {
    const { model, history } = studio();
    model.setLearningRate(0.1);
    await nextTask();
    model.setLearningRate(DEFAULT_LR);
    expect(history.undoEntries).toEqual([]);
  });

  test('the changes of one action (a fix that sets two settings) are one entry', async () => {
    const { model, history } = studio();
    model.set('clipping.mode', 'norm');
    model.set('clipping.threshold', 5);
    model.set('learningRate', 0.02);
    expect(history.undoEntries.map((e) => e.label)).toEqual(['gradient clipping, clip threshold and 1 more']);
    await nextTask();
    history.undo();
    expect(model.train.clipping).toEqual({ mode: 'none', threshold: 1 });
    expect(model.train.learningRate).toBe(DEFAULT_LR);
  });

  test('one action’s per-layer changes are named together: a run of layers as a range, others as a list', async () => {
    const { model, history } = studio();
    for (const layerIndex of [0, 1, 2]) model.setActivation(layerIndex, 'tanh');
    await nextTask();
    model.setDropout(0, 0.25);
    model.setDropout(2, 0.25);
    expect(history.undoEntries.map((e) => e.label)).toEqual(['layers 1–3 activation', 'layers 1, 3 dropout']);
  });

  test('a new change after an undo drops what could be redone', async () => {
    const { model, history } = studio();
    model.setL1(0.1);
    await nextTask();
    history.undo();
    expect(history.canRedo).toBe(true);
    model.setL2(0.2);
    expect(history.canRedo).toBe(false);
    expect(history.undoEntries.map((e) => e.label)).toEqual(['L2']);
  });

  test('only the latest entries up to the limit are kept', async () => {
    const { model, history } = studio(3);
    for (const seed of [2, 3, 4, 5]) {
      model.setSeed(seed);
      history.seal();
      await nextTask();
    }
    expect(history.undoEntries.map((e) => e.after.train.seed)).toEqual([3, 4, 5]);
    while (history.undo()) { /* as far as it goes */ }
    expect(model.train.seed).toBe(2);
  });

  test('undo puts back only what its action changed', async () => {
    const { model, history } = studio();
    model.setL2(0.5);
    await nextTask();
    model.restore(model.toConfigure().network, { ...model.toConfigure().train, learningRate: 0.2 }); // not a user action
    history.undo();
    expect(model.train.l2).toBe(0);
    expect(model.train.learningRate).toBe(0.2);
  });

  test('undoing a data choice sends the earlier choice to the engine', async () => {
    const { dataset, history, sent } = studio();
    dataset.setScaling('minmax');
    await nextTask();
    dataset.setTarget('petal_width');
    await nextTask();
    expect(history.undoEntries.map((e) => e.label)).toEqual(['scaling', 'target petal_width']);
    history.undo();
    history.undo();
    expect(sent.slice(2)).toEqual([{ target: 'species' }, { scaling: 'none' }]);
    expect(dataset.choices).toMatchObject({ target: 'species', scaling: 'none' });
  });

  test('while a run trains nothing is undone', async () => {
    const { model, history, run } = studio();
    model.setL2(0.5);
    await nextTask();
    Object.assign(run, { isTraining: true, activeRunId: 1 });
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(false);
    expect(model.train.l2).toBe(0.5);
  });

  test('while paused only the pause’s changes are undone; Resume settles them; after the run the rest is undoable again', async () => {
    const { model, history, run } = studio();
    model.setUnits(0, 10);
    await nextTask();
    Object.assign(run, { pausedRunId: 4, activeRunId: 4 });
    expect(history.canUndo).toBe(false);
    model.setLearningRate(0.05);
    await nextTask();
    expect(history.undoLabel).toBe('learning rate');
    history.undo();
    expect(model.train.learningRate).toBe(DEFAULT_LR);
    history.redo();
    expect(model.train.learningRate).toBe(0.05);
    history.settle(4); // Resume sent it
    expect(history.canUndo).toBe(false);
    expect(history.undoEntries.map((e) => e.label)).toEqual(['layer 1 units']);
    Object.assign(run, { pausedRunId: null, activeRunId: null });
    history.undo();
    expect(units(model)[0]).toBe(128);
    expect(model.train.learningRate).toBe(0.05);
  });

  test('another dataset starts a new history', async () => {
    const { model, dataset, history } = studio();
    model.setL1(0.1);
    await nextTask();
    dataset.receive(irisInfo({ name: 'other.csv' }));
    expect(history.canUndo).toBe(false);
    model.setL2(0.1);
    expect(history.undoEntries.map((e) => e.label)).toEqual(['L2']);
  });
});

describe('the undo keys', () => {
  const key = (k: string, extra: Partial<KeyboardEvent> = {}) =>
    ({ key: k, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false, target: null, ...extra }) as KeyboardEvent;
  const field = { tagName: 'INPUT', type: 'number' } as unknown as EventTarget;

  test('Ctrl+Z undoes, Shift+Ctrl+Z and Ctrl+Y redo, Cmd works as Ctrl, and other keys pass', async () => {
    const { model, history } = studio();
    model.setL2(0.5);
    await nextTask();
    expect(history.handleKey(key('z'))).toBe(true);
    expect(model.train.l2).toBe(0);
    expect(history.handleKey(key('Z', { shiftKey: true }))).toBe(true);
    expect(model.train.l2).toBe(0.5);
    history.handleKey(key('z', { ctrlKey: false, metaKey: true }));
    expect(model.train.l2).toBe(0);
    history.handleKey(key('y'));
    expect(model.train.l2).toBe(0.5);
    expect(history.handleKey(key('x'))).toBe(false);
    expect(history.handleKey({ ...key('z'), isComposing: true } as KeyboardEvent)).toBe(false); // an input method's keys
    expect(model.train.l2).toBe(0.5);
    expect(history.handleKey(key('z', { ctrlKey: false }))).toBe(false);
  });

  test('in a field with uncommitted typing the keys are the field’s own; once committed they are the history’s', async () => {
    const { model, history } = studio();
    history.textEditing.noteFocus(field);
    history.textEditing.noteInput(field);
    model.setUnits(0, 12);
    await nextTask();
    expect(history.handleKey(key('z', { target: field }))).toBe(false);
    expect(units(model)[0]).toBe(12);
    history.textEditing.noteCommit();
    history.seal();
    expect(history.handleKey(key('z', { target: field }))).toBe(true);
    expect(units(model)[0]).toBe(128);
  });

  test('Edit → Undo from the menu undoes the field’s typing while there is some, else the design', async () => {
    const { model, history, nativeEdit } = studio();
    model.setL2(0.5);
    await nextTask();
    history.textEditing.noteInput(field);
    history.command('undo');
    expect(nativeEdit).toHaveBeenCalledWith('undo');
    expect(model.train.l2).toBe(0.5);
    history.textEditing.noteFocus({ tagName: 'BUTTON' } as unknown as EventTarget);
    history.command('undo');
    expect(model.train.l2).toBe(0);
    expect(nativeEdit).toHaveBeenCalledTimes(1);
  });
});
