import { mkdtemp, writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileGrants } from '../../src/main/file-grants';
import { grantResolver, grantedReader } from '../../src/utility/granted-files';
import { createBridge } from '../../src/preload/bridge';
import { CHANNELS } from '../../src/shared/bridge';
import type { ElectronPortLike } from '../../src/utility/electron-port';

/** The utility's parentPort and main's side of it, joined: main answers through FileGrants as index.ts does. */
function joinedPorts(grants: FileGrants): ElectronPortLike {
  const listeners: ((event: { data: unknown }) => void)[] = [];
  return {
    postMessage: (message) => queueMicrotask(() => grants.answer(message, (answer) => listeners.forEach((l) => l({ data: answer })))),
    on: (_event, listener) => { listeners.push(listener as (event: { data: unknown }) => void); },
  };
}

describe('the engine reads only files the user chose', () => {
  it('a granted token reads its file; a raw path, a guessed token and a token of another session are refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'backprop-grants-'));
    const chosen = join(dir, 'chosen.csv'), secret = join(dir, 'secret.txt');
    await writeFile(chosen, 'a,b\n1,2\n');
    await writeFile(secret, 'private key');
    const grants = new FileGrants();
    const read = grantedReader(grantResolver(joinedPorts(grants)), async (path) => new Uint8Array(await readFile(path)));
    const token = grants.grant(chosen);
    expect(token).toMatch(/^grant-[0-9a-f]{32}\/chosen\.csv$/);
    expect(new TextDecoder().decode(await read(token))).toBe('a,b\n1,2\n');
    await expect(read(secret)).rejects.toThrow(/not chosen in the app/);
    await expect(read(`grant-${'0'.repeat(32)}/secret.txt`)).rejects.toThrow(/not chosen/);
    await expect(read(new FileGrants().grant(secret))).rejects.toThrow(/not chosen/);
  });

  it('reading without the grant check would have read the secret (negative control)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'backprop-grants-'));
    await writeFile(join(dir, 'secret.txt'), 'private key');
    const ungated = async (path: string) => new Uint8Array(await readFile(path));
    expect(new TextDecoder().decode(await ungated(join(dir, 'secret.txt')))).toBe('private key');
  });

  it('only absolute paths are granted, and a path keeps its token', () => {
    const grants = new FileGrants();
    expect(() => grants.grant('relative.csv')).toThrow();
    expect(grants.grant('/data/a.csv')).toBe(grants.grant('/data/a.csv'));
    expect(grants.pathOf('/data/a.csv')).toBeNull();
  });

  it('the preload turns a dropped file into a token from main, never handing the page the path', () => {
    const sendSync = vi.fn((_channel: string, path: string) => `grant-${'a'.repeat(32)}/${path.split('/').pop()}`);
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), sendSync };
    const bridge = createBridge(ipc, { getPathForFile: () => '/home/me/data/iris.csv' }, { postMessage: vi.fn(), location: { origin: 'app://bundle' } });
    expect(bridge.pathForFile({} as File)).toBe(`grant-${'a'.repeat(32)}/iris.csv`);
    expect(sendSync).toHaveBeenCalledWith(CHANNELS.grantFile, '/home/me/data/iris.csv');
    const none = createBridge({ ...ipc, sendSync: vi.fn() }, { getPathForFile: () => '' }, { postMessage: vi.fn(), location: { origin: 'app://bundle' } });
    expect(none.pathForFile({} as File)).toBe('');
  });

  it('main grants the dialog, recent-file, sample and drop paths and answers the utility (wiring in src/main/index.ts)', async () => {
    const source = await readFile('src/main/index.ts', 'utf8');
    expect(source).toContain('return grants.grant(path);');
    expect(source).toContain('grants.grant(join(samplesRoot, file))');
    expect(source).toContain('map((path) => grants.grant(path))');
    expect(source).toMatch(/ipcMain\.on\(CHANNELS\.grantFile[\s\S]*isTrustedPage/);
    expect(source).toContain('grants.answer(data');
    expect(await readFile('src/utility/index.ts', 'utf8')).toContain('grantedReader(grantResolver(parentPort), readDataset)');
  });
});
