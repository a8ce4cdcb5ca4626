import { describe, expect, test, vi } from 'vitest';
import type { DatasetInfo, DatasetSource, EngineRequest, RequestBody, AnswerTo } from '../../src/shared/protocol';
import { WebDatasetKeeper } from '../../src/renderer/host/kept-dataset';
import type { KeptDataset, ReopenedDataset } from '../../src/renderer/host/types';
import { captureDesign } from '../../src/renderer/studio/state/design-snapshot';
import { RememberedWork } from '../../src/renderer/studio/state/remembered-work.svelte';
import { Studio } from '../../src/renderer/studio/state/studio.svelte';
import { FakeConnection, FakeHost, irisInfo, settle } from './fixtures';
import { memoryStore } from './host/memory-store';

/** penguins: three categorical columns and one numeric; the engine's default target is the last column (sex). */
function penguinsInfo(name = 'penguins.csv'): DatasetInfo {
  const categorical = (column: string, values: string[]) => ({ name: column, kind: 'categorical', missing: 0, distinct: values.length,
    topValues: values.map((value) => ({ value, count: 10 })) });
  return irisInfo({
    name, rows: 30,
    columns: [categorical('species', ['Adelie', 'Gentoo', 'Chinstrap']), categorical('island', ['Biscoe', 'Dream']),
      { name: 'bill_length_mm', kind: 'numeric', missing: 0, distinct: 30, min: 32, max: 60, histogram: [1, 2, 3] }, categorical('sex', ['male', 'female'])],
    choices: { ...irisInfo().choices, target: 'sex' },
    classes: ['female', 'male'], inputSize: 6, outputSize: 2, warnings: [],
  });
}

const sourceName = (source: DatasetSource): string => (source.kind === 'path' ? source.path.split('/').pop()! : source.name);

/** The fake engine, answering loads (penguins*.csv as penguins, anything else as iris) and data choices at once. */
class DataEngine extends FakeConnection {
  current: DatasetInfo = irisInfo();

  override request<T extends RequestBody>(body: T): Promise<AnswerTo<T['type']>> {
    const answer = super.request(body);
    const request = body as unknown as EngineRequest;
    if (request.type === 'loadDataset') {
      const name = sourceName(request.source);
      this.current = name.startsWith('penguins') || name.startsWith('other') ? penguinsInfo(name) : irisInfo({ name });
      const info = this.current;
      queueMicrotask(() => this.answer('loadDataset', { type: 'datasetInfo', info }));
    } else if (request.type === 'setDataChoices') {
      this.current = { ...this.current, choices: { ...this.current.choices, ...request.choices } };
      const info = this.current;
      queueMicrotask(() => this.answer('setDataChoices', { type: 'datasetInfo', info }));
    }
    return answer;
  }
}

/** The web host's remembered-work side over memory: the real WebDatasetKeeper on a Map; storage shared between "sessions". */
class RememberingHost extends FakeHost {
  override readonly connection = new DataEngine();
  readonly keeper: WebDatasetKeeper;

  constructor(readonly kept = memoryStore(), userData?: Map<string, unknown>, cap = 1000) {
    super();
    this.keeper = new WebDatasetKeeper(kept, cap);
    for (const [key, value] of userData ?? []) this.userData.set(key, value);
  }

  keepDataset(source: DatasetSource): Promise<KeptDataset | null> { return this.keeper.keep(source); }
  reopenDataset(): Promise<ReopenedDataset> { return this.keeper.reopen(); }
  forgetDataset(): Promise<void> { return this.keeper.forget(); }
  override async loadUserData(key: 'settings' | 'runs' | 'work') { return structuredClone(this.userData.get(key) ?? null); }
  override async saveUserData(key: 'settings' | 'runs' | 'work', value: unknown) { this.userData.set(key, structuredClone(value)); }

  /** The page reloaded: the same storage, a new engine. */
  reloaded(): RememberingHost { return new RememberingHost(this.kept, this.userData, this.keeper.cap); }
}

/** Until `check` passes (answers and saves run in microtasks and short timers). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function started(host: RememberingHost): Promise<Studio> {
  const studio = new Studio(host);
  await studio.start();
  await settle();
  return studio;
}

const penguinsFile = (text = 'species,island,bill_length_mm,sex\nAdelie,Biscoe,39.1,male\n', name = 'penguins.csv') => new File([text], name);

/** What the page's effect does on every change: the design goes to the remembered work; waits for it to be saved. */
async function saved(studio: Studio, host: RememberingHost, check: (work: { last?: { design?: { data?: { dataset?: string; choices?: { target?: string } } } } }) => boolean): Promise<void> {
  studio.remembered.designChanged(captureDesign(studio));
  await until(() => check((host.userData.get('work') ?? {}) as never), 'the work to be saved');
}

/** Opens penguins.csv, makes species the target and adds a layer (4 hidden layers); waits until that is saved. */
async function workOnPenguins(studio: Studio, host: RememberingHost, file = penguinsFile()): Promise<void> {
  await studio.loader.openFile(file);
  await until(() => studio.dataset.info?.name === file.name, 'penguins to load');
  studio.dataset.setTarget('species');
  studio.model.addLayer();
  await until(() => studio.dataset.info?.choices.target === 'species', 'the target to be applied');
  // iris's target is species too: the record must be the file's (its hash may come after the changes)
  await saved(studio, host, (work) => work.last?.design?.data?.dataset === file.name && work.last?.design?.data?.choices?.target === 'species');
}

describe('remembered work', () => {
  test('with nothing remembered the studio opens iris and says nothing', async () => {
    const studio = await started(new RememberingHost());
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(studio.remembered.note).toBeNull();
  });

  test('after a reload the same dataset, target and design come back, with a one-line note', async () => {
    const host = new RememberingHost();
    await workOnPenguins(await started(host), host);
    const reloaded = host.reloaded();
    const studio = await started(reloaded);
    await until(() => studio.dataset.info?.choices.target === 'species', 'the restored target');
    expect(studio.dataset.info?.name).toBe('penguins.csv');
    expect(studio.model.hidden).toHaveLength(4);
    expect(studio.remembered.note).toBe('Restored penguins.csv, target species, 4 layers');
    expect(studio.remembered.canStartFresh).toBe(true);
    expect(reloaded.connection.types().filter((t) => t === 'loadDataset')).toHaveLength(1); // iris was not loaded first
  });

  test('a reload without the save would come back to iris with the default design (negative control)', async () => {
    const host = new RememberingHost();
    const studio = await started(host);
    await studio.loader.openFile(penguinsFile());
    await until(() => studio.dataset.info?.name === 'penguins.csv', 'penguins to load');
    host.userData.delete('work');
    const after = await started(host.reloaded());
    expect(after.dataset.info?.name).toBe('iris.csv');
    expect(after.model.hidden).toHaveLength(3);
  });

  test('Start fresh returns to iris with the default design, and the next start too', async () => {
    const host = new RememberingHost();
    await workOnPenguins(await started(host), host);
    const reloaded = host.reloaded();
    const studio = await started(reloaded);
    await until(() => studio.dataset.info?.choices.target === 'species', 'the restored target');
    await studio.remembered.startFresh();
    await until(() => studio.dataset.info?.name === 'iris.csv', 'iris');
    expect(studio.model.hidden).toHaveLength(3);
    expect(studio.remembered.note).toBeNull();
    const next = await started(reloaded.reloaded());
    expect(next.dataset.info?.name).toBe('iris.csv');
    expect(next.remembered.note).toBeNull();
  });

  test('the restored note leaves when the user loads another dataset; a note about a problem stays', async () => {
    const host = new RememberingHost();
    await workOnPenguins(await started(host), host);
    const studio = await started(host.reloaded());
    await until(() => studio.remembered.note !== null, 'the note');
    await studio.loader.openSample('iris');
    await until(() => studio.remembered.note === null, 'the note to leave');
    const ignored = await started(new RememberingHost(memoryStore(), new Map([['work', 'garbage']])));
    await ignored.loader.openFile(penguinsFile());
    await until(() => ignored.dataset.info?.name === 'penguins.csv', 'penguins');
    await settle();
    expect(ignored.remembered.note).toMatch(/ignored/);
  });

  test('Start fresh also forgets the last trained settings, so the next start shows the default design', async () => {
    const host = new RememberingHost();
    const studio = await started(host);
    host.userData.set('settings', { network: { hidden: [{ units: 8, activation: 'tanh', dropout: 0 }], init: 'auto' }, train: {} });
    await studio.remembered.startFresh();
    expect(host.userData.get('settings')).toBeNull();
  });

  test('a file that loaded only with its bad rows skipped is loaded so again at start', async () => {
    const host = new RememberingHost();
    await workOnPenguins(await started(host), host);
    const work = host.userData.get('work') as { last: { design: { data: { choices: { badRows: string } } } } };
    work.last.design.data.choices.badRows = 'skip';
    const reloaded = host.reloaded();
    await started(reloaded);
    expect(reloaded.connection.last('loadDataset').choices).toEqual({ badRows: 'skip' });
    const plain = host.reloaded();
    work.last.design.data.choices.badRows = 'stop';
    await started(plain);
    expect(plain.connection.last('loadDataset').choices).toBeUndefined(); // negative control
  });

  test('a file whose hash comes after the user\'s changes (a slow machine) is remembered with them: after a reload they come back', async () => {
    const digest = crypto.subtle.digest.bind(crypto.subtle);
    const slow = vi.spyOn(crypto.subtle, 'digest').mockImplementation(async (algorithm, data) => {
      const hash = await digest(algorithm, data as BufferSource);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the target and the layer change before the file is known
      return hash;
    });
    try {
      const host = new RememberingHost();
      await workOnPenguins(await started(host), host);
      const studio = await started(host.reloaded());
      await until(() => studio.dataset.info?.choices.target === 'species', 'the restored target');
      expect(studio.dataset.info?.name).toBe('penguins.csv');
      expect(studio.model.hidden).toHaveLength(4);
    } finally {
      slow.mockRestore();
    }
  });

  test('a file over the cap is not kept: iris opens, the note says why, and its choices come back when it is opened again', async () => {
    const host = new RememberingHost(memoryStore(), undefined, 10);
    await workOnPenguins(await started(host), host);
    const studio = await started(host.reloaded());
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(studio.remembered.note).toMatch(/^penguins\.csv was not kept \(it is 0\.0 MB, over the 0\.0 MB this page keeps\); open it again and its target and choices come back\.$/);
    await studio.loader.openFile(penguinsFile());
    await until(() => studio.dataset.info?.choices.target === 'species', 'the remembered target');
    expect(studio.model.hidden).toHaveLength(4);
  });

  test.each([
    ['a string', 'garbage', /it is not a record of this app/],
    ['a foreign version', { version: 99, last: null, files: [] }, /it has version 99, not 1/],
    ['a damaged last dataset', { version: 1, last: { dataset: { kind: 'file' }, design: {} }, files: [] }, /its last dataset is not readable/],
  ])('a stored record that is %s is ignored with a note: iris opens, nothing crashes', async (_what, value, note) => {
    const host = new RememberingHost(memoryStore(), new Map([['work', value]]));
    const studio = await started(host);
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(studio.remembered.note).toMatch(note);
  });

  test('a stored record that cannot be read at all is ignored with a note', async () => {
    const host = new RememberingHost();
    host.loadUserData = async (key) => { if (key === 'work') throw new Error('runs.json is locked'); return null; };
    const studio = await started(host);
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(studio.remembered.note).toBe('The remembered work was ignored: it could not be read (runs.json is locked).');
  });

  test('a kept copy that is damaged is not loaded: iris opens and the note says why', async () => {
    const host = new RememberingHost();
    await workOnPenguins(await started(host), host);
    (host.kept.entries.get('last-dataset') as { bytes: Uint8Array }).bytes[0] ^= 1;
    const studio = await started(host.reloaded());
    expect(studio.dataset.info?.name).toBe('iris.csv');
    expect(studio.remembered.note).toBe('the kept copy of penguins.csv is damaged; open it again and its target and choices come back.');
  });

  test('a remembered sample comes back with its design', async () => {
    const host = new RememberingHost();
    const studio = await started(host);
    studio.model.addLayer();
    studio.model.addLayer();
    await saved(studio, host, (work) => (work as { last?: { design?: { network?: { hidden?: unknown[] } } } }).last?.design?.network?.hidden?.length === 5);
    const after = await started(host.reloaded());
    expect(after.dataset.info?.name).toBe('iris.csv');
    expect(after.model.hidden).toHaveLength(5);
    expect(after.remembered.note).toBe('Restored iris.csv, target species, 5 layers');
  });
});

describe('the start never replaces the user\'s own choice', () => {
  test('a file opened while the start still reads the remembered work stays, and neither the remembered file nor iris replaces it', async () => {
    const earlier = new RememberingHost();
    await workOnPenguins(await started(earlier), earlier);
    const host = earlier.reloaded();
    let release = () => undefined as void;
    const reading = new Promise<void>((resolve) => { release = resolve; });
    const load = host.loadUserData.bind(host);
    host.loadUserData = async (key) => { if (key === 'work') await reading; return load(key); };
    const studio = new Studio(host);
    const starting = studio.start();
    await settle();
    await studio.loader.openFile(penguinsFile('a,b\n1,2\n', 'mine.csv'));
    release();
    await starting;
    await settle();
    expect(studio.dataset.info?.name).toBe('mine.csv');
    expect(host.connection.types().filter((t) => t === 'loadDataset')).toHaveLength(1);
  });

  test('without the user\'s choice the start loads the remembered file (negative control)', async () => {
    const earlier = new RememberingHost();
    await workOnPenguins(await started(earlier), earlier);
    const studio = await started(earlier.reloaded());
    await until(() => studio.dataset.info?.name === 'penguins.csv', 'the remembered file');
  });
});

describe('saving', () => {
  test('a change waits for the delay, and is written at once when the page goes away', async () => {
    const host = new RememberingHost();
    const studio = await started(host);
    await until(() => host.userData.has('work'), 'the first save (iris)');
    let flushOnLeave = () => undefined as void;
    const later: (() => void)[] = [];
    const work = new RememberedWork({ host, studio, loader: studio.loader, schedule: (save) => later.push(save),
      onLeave: (flush) => { flushOnLeave = flush; }, onSaveFailed: () => undefined });
    work.watchLoad({ name: 'iris.csv', source: { kind: 'text', name: 'iris.csv', text: '' }, sample: 'iris' })();
    await settle();
    studio.model.addLayer();
    work.designChanged(captureDesign(studio));
    const hiddenSaved = () => (host.userData.get('work') as { last: { design: { network: { hidden: unknown[] } } } }).last.design.network.hidden.length;
    expect(later).toHaveLength(1);
    expect(hiddenSaved()).toBe(3); // not yet: the delay has not passed
    flushOnLeave();
    await until(() => hiddenSaved() === 4, 'the flushed save');
    later[0](); // the delayed save finds nothing left to do
    expect(hiddenSaved()).toBe(4);
  });
});

describe('the target and choices remembered per file (issue 14, item 13)', () => {
  test('loading the same file again restores its target, even after another file was loaded in between', async () => {
    const host = new RememberingHost();
    const studio = await started(host);
    await workOnPenguins(studio, host);
    await studio.loader.openSample('iris');
    await until(() => studio.dataset.info?.name === 'iris.csv', 'iris');
    await saved(studio, host, (work) => (work as { last?: { dataset?: { kind?: string } } }).last?.dataset?.kind === 'sample');
    await studio.loader.openFile(penguinsFile());
    await until(() => studio.dataset.info?.choices.target === 'species', 'the remembered target');
    expect(studio.remembered.note).toBe('Restored the choices you made for penguins.csv, target species, 4 layers');
  });

  test('a file of the same name with other content keeps the engine\'s default target (negative control)', async () => {
    const host = new RememberingHost();
    const studio = await started(host);
    await workOnPenguins(studio, host);
    await studio.loader.openSample('iris');
    await until(() => studio.dataset.info?.name === 'iris.csv', 'iris');
    await studio.loader.openFile(penguinsFile('species,island,bill_length_mm,sex\nGentoo,Dream,46.1,female\n'));
    await until(() => studio.dataset.info?.name === 'penguins.csv', 'the other penguins');
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(studio.dataset.info?.choices.target).toBe('sex');
  });

  test('a change made while the next file loads is not saved under the new file\'s name', async () => {
    const host = new RememberingHost();
    const studio = await started(host);
    await workOnPenguins(studio, host);
    await studio.loader.openFile(penguinsFile('species,island,bill_length_mm,sex\nGentoo,Dream,46.1,female\n', 'other.csv'));
    await until(() => studio.dataset.info?.name === 'other.csv', 'other.csv');
    await saved(studio, host, (work) => (work as { last?: { dataset?: { identity?: { name?: string } } } }).last?.dataset?.identity?.name === 'other.csv');
    const files = (host.userData.get('work') as { files: { identity: { name: string }; design: { data: { choices: { target: string } } } }[] }).files;
    expect(files.map((f) => [f.identity.name, f.design.data.choices.target])).toEqual([['other.csv', 'sex'], ['penguins.csv', 'species']]);
  });
});
