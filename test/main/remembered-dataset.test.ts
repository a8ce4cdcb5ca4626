import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { DatasetFiles } from '../../src/main/dataset-files';
import { FileGrants } from '../../src/main/file-grants';
import { createIpc, type InvokeEvent } from '../../src/main/ipc';
import { LastDataset, changeOf, fingerprintFile } from '../../src/main/last-dataset';
import { menuTemplate, recentLabel, recentSubmenu } from '../../src/main/menu';
import { RecentFiles, UserDataStore } from '../../src/main/user-data';
import { CHANNELS, type LastDatasetAnswer } from '../../src/shared/bridge';
import { createBridge } from '../../src/preload/bridge';

const PENGUINS = 'species,island,bill_length_mm\nAdelie,Torgersen,39.1\nGentoo,Biscoe,46.1\n';

/** main as index.ts builds it: a user-data folder, grants, the recent list, the last dataset, and ipcMain with the page's channels. */
async function mainProcess() {
  const folder = await mkdtemp(join(tmpdir(), 'backprop-remember-'));
  const store = new UserDataStore(join(folder, 'user-data'));
  const grants = new FileGrants();
  const recentFiles = new RecentFiles(store);
  const sentToPage: string[] = [];
  const menus: string[][] = [];
  const told: string[] = [];
  const files = new DatasetFiles({
    grants, recentFiles, lastDataset: new LastDataset(store, grants),
    sendToPage: (token) => { sentToPage.push(token); return true; },
    onRecentChanged: (paths) => menus.push(paths), tell: (message) => told.push(message),
  });
  const handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>();
  files.register(createIpc({ handle: (channel, listener) => { handlers.set(channel, listener); } }));
  const frame = { url: 'app://bundle/index.html', parent: null };
  const invoke = async (channel: string, ...args: unknown[]): Promise<unknown> => handlers.get(channel)!({ senderFrame: frame, sender: { mainFrame: frame } }, ...args);
  return { folder, store, grants, files, sentToPage, menus, told, invoke };
}

/** A CSV the user chose in the open dialog: granted, as index.ts does. */
async function chosenFile(main: Awaited<ReturnType<typeof mainProcess>>, name = 'penguins.csv', text = PENGUINS) {
  const path = join(main.folder, name);
  await writeFile(path, text);
  return { path, token: main.grants.grant(path) };
}

/** main restarted: a new grants table and a new LastDataset over the same user-data folder. */
function restartedMain(folder: string) {
  const store = new UserDataStore(join(folder, 'user-data'));
  const grants = new FileGrants();
  return { grants, last: new LastDataset(store, grants) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the last dataset, kept by path in main', () => {
  it('a remembered file is reopened at the next start under a fresh token that reads the same path', async () => {
    const main = await mainProcess();
    const { path, token } = await chosenFile(main);
    await expect(main.invoke(CHANNELS.rememberDataset, token)).resolves.toEqual({ name: 'penguins.csv', size: PENGUINS.length, sha256: sha256(PENGUINS) });
    const after = restartedMain(main.folder);
    const answer = await after.last.reopen();
    expect(answer.status).toBe('reopened');
    const { token: fresh, identity } = answer as Extract<LastDatasetAnswer, { status: 'reopened' }>;
    expect(fresh).not.toBe(token);
    expect(after.grants.pathOf(fresh)).toBe(path);
    expect(identity).toEqual({ name: 'penguins.csv', size: PENGUINS.length, sha256: sha256(PENGUINS) });
  });

  it('is not reopened when its size changed, and says so with both sizes', async () => {
    const main = await mainProcess();
    const { path, token } = await chosenFile(main);
    await main.invoke(CHANNELS.rememberDataset, token);
    await writeFile(path, `${PENGUINS}Chinstrap,Dream,49.5\n`);
    const answer = await restartedMain(main.folder).last.reopen();
    expect(answer).toEqual({ status: 'refused', name: 'penguins.csv',
      reason: `penguins.csv was not reopened: its size changed (${PENGUINS.length} bytes then, ${PENGUINS.length + 21} bytes now)` });
  });

  it('is not reopened when its content changed at the same size (the hash tells)', async () => {
    const main = await mainProcess();
    const { path, token } = await chosenFile(main);
    await main.invoke(CHANNELS.rememberDataset, token);
    await writeFile(path, PENGUINS.replace('39.1', '39.2'));
    const after = restartedMain(main.folder);
    await expect(after.last.reopen()).resolves.toEqual({ status: 'refused', name: 'penguins.csv',
      reason: 'penguins.csv was not reopened: its content changed (same size, different SHA-256)' });
  });

  it('is not reopened when the file is gone, and no token is granted for it', async () => {
    const main = await mainProcess();
    const { path, token } = await chosenFile(main);
    await main.invoke(CHANNELS.rememberDataset, token);
    await rm(path);
    const after = restartedMain(main.folder);
    const grant = vi.spyOn(after.grants, 'grant');
    await expect(after.last.reopen()).resolves.toEqual({ status: 'refused', name: 'penguins.csv', reason: `penguins.csv was not reopened: it is no longer in ${main.folder}` });
    expect(grant).not.toHaveBeenCalled();
  });

  it('changeOf finds no change for the same size and hash (negative control of the three refusals)', () => {
    const kept = { path: '/data/penguins.csv', size: 10, sha256: 'a'.repeat(64) };
    expect(changeOf(kept, { size: 10, sha256: 'a'.repeat(64) })).toBeNull();
    expect(changeOf(kept, { size: 10, sha256: 'b'.repeat(64) })).toMatch(/content changed/);
    expect(changeOf(kept, { size: 11, sha256: 'a'.repeat(64) })).toMatch(/size changed/);
    expect(changeOf(kept, null)).toMatch(/no longer in \/data/);
  });

  it('the page cannot remember a raw path or a token main never granted', async () => {
    const main = await mainProcess();
    const { path } = await chosenFile(main);
    await expect(main.invoke(CHANNELS.rememberDataset, path)).rejects.toThrow(/grant token, not a path/);
    await expect(main.invoke(CHANNELS.rememberDataset, `grant-${'0'.repeat(32)}/penguins.csv`)).resolves.toBeNull();
    await expect(restartedMain(main.folder).last.reopen()).resolves.toEqual({ status: 'none' });
  });

  it('a recent list that cannot be written does not lose the last dataset', async () => {
    const main = await mainProcess();
    const { path, token } = await chosenFile(main);
    const brokenRecent = { add: async () => { throw new Error('recent-files.json could not be read and is not overwritten'); } } as unknown as RecentFiles;
    const files = new DatasetFiles({ grants: main.grants, recentFiles: brokenRecent, lastDataset: new LastDataset(main.store, main.grants),
      sendToPage: () => true, onRecentChanged: vi.fn(), tell: vi.fn() });
    const handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>();
    files.register(createIpc({ handle: (channel, listener) => { handlers.set(channel, listener); } }));
    const frame = { url: 'app://bundle/index.html', parent: null };
    await expect(handlers.get(CHANNELS.rememberDataset)!({ senderFrame: frame, sender: { mainFrame: frame } }, token)).resolves.toMatchObject({ name: 'penguins.csv' });
    const after = restartedMain(main.folder);
    const answer = await after.last.reopen() as Extract<LastDatasetAnswer, { status: 'reopened' }>;
    expect(after.grants.pathOf(answer.token)).toBe(path);
  });

  it('after Start fresh nothing is reopened', async () => {
    const main = await mainProcess();
    const { token } = await chosenFile(main);
    await main.invoke(CHANNELS.rememberDataset, token);
    await main.invoke(CHANNELS.forgetDataset);
    await expect(main.invoke(CHANNELS.reopenDataset)).resolves.toEqual({ status: 'none' });
  });

  it('a damaged last-dataset file reads as none, never a crash', async () => {
    const main = await mainProcess();
    await mkdir(join(main.folder, 'user-data'), { recursive: true });
    await writeFile(main.store.fileFor('last-dataset'), '{"path": "/etc/passwd", "size": "not a number"');
    await expect(restartedMain(main.folder).last.reopen()).resolves.toEqual({ status: 'none' });
    await main.store.save('last-dataset', { path: 'relative/penguins.csv', size: 3, sha256: 'a'.repeat(64) });
    await expect(restartedMain(main.folder).last.reopen()).resolves.toEqual({ status: 'none' });
  });

  it('fingerprints a file by its size and SHA-256, streamed', async () => {
    const main = await mainProcess();
    const { path } = await chosenFile(main, 'big.csv', 'x,y\n'.repeat(100_000));
    await expect(fingerprintFile(path)).resolves.toEqual({ size: 400_000, sha256: sha256('x,y\n'.repeat(100_000)) });
  });
});

describe('File › Open Recent', () => {
  /** Every clickable item of a template, depth first. */
  const items = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);

  it('lists the files remembered, newest first, right below Open Model…', async () => {
    const main = await mainProcess();
    const first = await chosenFile(main, 'penguins.csv');
    const second = await chosenFile(main, 'cars.csv');
    await main.invoke(CHANNELS.rememberDataset, first.token);
    await main.invoke(CHANNELS.rememberDataset, second.token);
    expect(main.menus.at(-1)).toEqual([second.path, first.path]);
    const file = menuTemplate(vi.fn(), 'linux', vi.fn(), recentSubmenu(main.menus.at(-1)!, vi.fn()))[0].submenu as MenuItemConstructorOptions[];
    const index = file.findIndex((item) => item.label === 'Open Recent');
    expect(file[index - 1].label).toBe('Open Model…');
    expect((file[index].submenu as MenuItemConstructorOptions[]).map((item) => item.label)).toEqual([`cars.csv — ${main.folder}`, `penguins.csv — ${main.folder}`]);
  });

  it('clicking a recent file sends the page a grant token for it, never its path, and the engine may read it', async () => {
    const main = await mainProcess();
    const { path } = await chosenFile(main);
    const template = menuTemplate(vi.fn(), 'linux', vi.fn(), recentSubmenu([path], (p) => void main.files.openRecent(p)));
    const item = items(template).find((i) => i.label === `penguins.csv — ${main.folder}`)!;
    (item.click as () => void)();
    await vi.waitFor(() => expect(main.sentToPage).toHaveLength(1));
    const [token] = main.sentToPage;
    expect(token).toMatch(/^grant-[0-9a-f]{32}\/penguins\.csv$/);
    expect(token).not.toContain(main.folder);
    // the utility process asks main what the token means, as for any file the user chose
    const answers: unknown[] = [];
    main.grants.answer({ type: 'resolve-grant', id: 7, token }, (answer) => answers.push(answer));
    expect(answers).toEqual([{ type: 'grant', id: 7, path }]);
  });

  it('the token reaches the page through the preload only in a token\'s shape', () => {
    const listeners = new Map<string, (event: { ports: MessagePort[] }, ...args: unknown[]) => void>();
    const ipc = { invoke: vi.fn(), on: (channel: string, listener: (event: { ports: MessagePort[] }, ...args: unknown[]) => void) => listeners.set(channel, listener), removeListener: vi.fn() };
    const bridge = createBridge(ipc, { getPathForFile: () => '' }, { postMessage: vi.fn(), location: { origin: 'app://bundle' } });
    const opened: string[] = [];
    bridge.onOpenDataset!((token) => opened.push(token));
    const token = new FileGrants().grant('/data/penguins.csv');
    listeners.get(CHANNELS.openDataset)!({ ports: [] }, token);
    listeners.get(CHANNELS.openDataset)!({ ports: [] }, '/etc/passwd');
    expect(opened).toEqual([token]);
  });

  it('a recent file that is gone is said so and taken off the list, and nothing is sent to the page', async () => {
    const main = await mainProcess();
    const { path, token } = await chosenFile(main);
    await main.invoke(CHANNELS.rememberDataset, token);
    await rm(path);
    await main.files.openRecent(path);
    expect(main.sentToPage).toEqual([]);
    expect(main.told).toEqual([`penguins.csv is no longer in ${main.folder}; it was taken off the recent files.`]);
    expect(main.menus.at(-1)).toEqual([]);
  });

  it('an empty list shows a disabled "No recent files"', () => {
    expect(recentSubmenu([], vi.fn()).submenu).toEqual([{ label: 'No recent files', enabled: false }]);
  });

  it('labels keep an ampersand in a name as one (not a mnemonic)', () => {
    expect(recentLabel('/data/R&D/sales & costs.csv')).toBe('sales && costs.csv — /data/R&&D');
    expect(recentLabel('C:\\data\\iris.csv')).toBe('iris.csv — C:\\data');
  });
});
