import { describe, expect, it, test } from 'vitest';
import { defaultTrainSettings } from '../../src/engine/trainer';
import { diffRuns, MODELS_KEPT, RunHistory, settingLabel, type RunRecord } from '../../src/renderer/studio/state/runs.svelte';
import { setting } from '../../src/engine/settings';

function memoryStorage(initial: unknown = null) {
  const store = { saved: initial as unknown, saves: 0 };
  return {
    store,
    storage: {
      load: async () => store.saved,
      save: async (runs: RunRecord[]) => { store.saved = structuredClone(runs); store.saves++; },
    },
  };
}

const started = (learningRate = 0.01) => ({
  startedAt: 1, dataset: 'iris.csv', task: 'classification' as const, parameterCount: 11_000, layerSizes: [4, 128, 64, 32, 3],
  network: { hidden: [{ units: 128, activation: 'relu' as const, dropout: 0 }], init: 'auto' as const },
  train: { ...structuredClone(defaultTrainSettings), learningRate },
  data: { target: 'species' },
});

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const curves = { loss: [{ x: 1, y: 1 }], valLoss: [{ x: 1, y: 1.2 }], accuracy: [{ x: 1, y: 0.6 }], valAccuracy: [{ x: 1, y: 0.5 }], valR2: [] };

describe('RunHistory', () => {
  test('a run is recorded when it starts, newest first, with a name', () => {
    const { storage } = memoryStorage();
    const runs = new RunHistory(storage);
    runs.begin(started());
    runs.begin(started());
    expect(runs.runs.map((r) => r.name)).toEqual(['Run 2', 'Run 1']);
  });

  test('finishing a run keeps its curves and final score, and saves', async () => {
    const { storage, store } = memoryStorage();
    const runs = new RunHistory(storage);
    const id = runs.begin(started());
    runs.finish(id, curves, { reason: 'epochs', epochs: 1, score: 0.93, loss: 0.2, split: 'test' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runs.find(id)?.result?.score).toBe(0.93);
    expect((store.saved as RunRecord[])[0].curves?.loss).toEqual([{ x: 1, y: 1 }]);
  });

  test('saved runs come back after a restart', async () => {
    const first = memoryStorage();
    const runs = new RunHistory(first.storage);
    runs.begin(started());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = new RunHistory(memoryStorage(first.store.saved).storage);
    await again.load();
    expect(again.runs.map((r) => r.name)).toEqual(['Run 1']);
  });

  test('malformed saved data is dropped, not thrown', async () => {
    const runs = new RunHistory(memoryStorage([{ id: 'x' }, 42, null]).storage);
    await runs.load();
    expect(runs.runs).toEqual([]);
  });

  test('only the newest runs keep their model', () => {
    const runs = new RunHistory(memoryStorage().storage);
    const ids = Array.from({ length: MODELS_KEPT + 2 }, () => runs.begin(started()));
    for (const id of ids) runs.attachModel(id, { fileName: 'iris.model.json', json: utf8(`{"model":${id}}`) });
    expect(runs.runs.filter((r) => r.model !== null)).toHaveLength(MODELS_KEPT);
    expect(runs.find(ids[0])?.model).toBeNull();
    expect(new TextDecoder().decode(runs.find(ids.at(-1)!)?.model?.json)).toBe(`{"model":${ids.at(-1)}}`);
  });

  test('a run keeps the very bytes it was given: not copied, not decoded', () => {
    const runs = new RunHistory(memoryStorage().storage);
    const id = runs.begin(started());
    const json = utf8('{"layers":[]}');
    runs.attachModel(id, { fileName: 'iris.model.json', json });
    expect(runs.find(id)?.model?.json).toBe(json);
  });

  test('saved models come back as bytes; a run saved with model JSON text gets it as UTF-8 bytes; a malformed model is dropped', async () => {
    const record = (id: number, extra: object) => ({ ...started(), id, name: `Run ${id}`, curves: null, result: null, ...extra });
    const saved = [
      record(3, { model: { fileName: 'a.model.json', json: utf8('{"a":1}') } }),
      record(2, { modelJson: '{"ü":2}' }),
      record(1, { model: { fileName: 'b.model.json', json: '{"not":"bytes"}' } }),
    ];
    const runs = new RunHistory(memoryStorage(saved).storage);
    await runs.load();
    expect(runs.find(3)?.model?.fileName).toBe('a.model.json');
    expect(runs.find(2)?.model?.fileName).toBe('iris.model.json');
    expect(new TextDecoder().decode(runs.find(2)?.model?.json)).toBe('{"ü":2}');
    expect(runs.find(2)).not.toHaveProperty('modelJson');
    expect(runs.find(1)?.model).toBeNull();
  });

  test('at most two runs are compared; a third pick drops the oldest pick', () => {
    const runs = new RunHistory(memoryStorage().storage);
    const [a, b, c] = [runs.begin(started()), runs.begin(started()), runs.begin(started())];
    runs.toggleCompared(a);
    runs.toggleCompared(b);
    runs.toggleCompared(c);
    expect(runs.compared).toEqual([b, c]);
  });

  test('two compared runs show the settings that differ', () => {
    const runs = new RunHistory(memoryStorage().storage);
    const a = runs.begin(started(0.01));
    const b = runs.begin(started(0.1));
    runs.toggleCompared(a);
    runs.toggleCompared(b);
    expect(runs.differences).toEqual([{ setting: 'train.learningRate', label: 'learning rate', a: '0.01', b: '0.1' }]);
  });

  test('the diff of a run with itself is empty', () => {
    const runs = new RunHistory(memoryStorage().storage);
    const run = runs.find(runs.begin(started()))!;
    expect(diffRuns(run, run)).toEqual([]);
  });

  test('a failing save becomes a readable message', async () => {
    const runs = new RunHistory({ load: async () => null, save: async () => { throw new Error('disk full'); } });
    runs.begin(started());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs.saveError).toBe('Runs could not be saved: disk full');
  });

  test('removing a run also takes it out of the comparison', () => {
    const runs = new RunHistory(memoryStorage().storage);
    const id = runs.begin(started());
    runs.toggleCompared(id);
    runs.remove(id);
    expect(runs.runs).toEqual([]);
    expect(runs.compared).toEqual([]);
  });
});

describe('the settings diff\'s words', () => {
  it('names each differing setting by the settings table\'s label, a layer by its number, a change by its order', () => {
    expect(settingLabel('train.optimizer.name')).toBe('optimizer');
    expect(settingLabel('network.hidden[1].units')).toBe('layer 2 units');
    expect(settingLabel('data.scaling')).toBe(setting('data', 'scaling').label);
    expect(settingLabel('changes[0].changes.learningRate')).toBe('change 1: learning rate');
  });

  it('keeps a path the table does not know as it is (negative control: no invented label)', () => {
    expect(settingLabel('layers')).toBe('layers');
    expect(settingLabel('train.noSuchSetting')).toBe('train.noSuchSetting');
  });
});
