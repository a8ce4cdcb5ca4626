import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EngineLink } from '../../src/main/engine-link';
import { writeFileAtomic } from '../../src/main/atomic-file';
import { RecentFiles, UserDataStore, userDataJson } from '../../src/main/user-data';
import { createBridge } from '../../src/preload/bridge';
import { CHANNELS } from '../../src/shared/bridge';
import { serveConnections } from '../../src/utility/serve-connections';
import type { EngineEvent } from '../../src/shared/protocol';
import { irisText } from './engine-port-harness';

/** An Electron MessagePortMain double: 'message' events carry { data }, postMessage records what it sent. */
class FakeMainPort extends EventEmitter {
  sent: unknown[] = [];
  peer: FakeMainPort | null = null;
  closed = false;
  postMessage(message: unknown, transfer?: unknown[]): void {
    if (transfer && transfer.length > 0) throw new Error('MessagePortMain can only transfer MessagePortMain');
    this.sent.push(message);
    this.peer?.emit('message', { data: message });
  }
  start(): void {}
  close(): void { this.closed = true; }
}

function portPair(): [FakeMainPort, FakeMainPort] {
  const a = new FakeMainPort(), b = new FakeMainPort();
  a.peer = b; b.peer = a;
  return [a, b];
}

describe('the utility process entry', () => {
  it('serves the engine on each port main sends, reading datasets by path, without transferring buffers', async () => {
    const parentPort = new FakeMainPort();
    const readFileAt = vi.fn(async () => new TextEncoder().encode(irisText));
    serveConnections(parentPort, readFileAt);
    const [rendererSide, utilitySide] = portPair();
    const events: EngineEvent[] = [];
    rendererSide.on('message', (event: { data: EngineEvent }) => events.push(event.data));
    parentPort.emit('message', { data: { type: 'connect' }, ports: [utilitySide] });
    rendererSide.postMessage({ type: 'loadDataset', requestId: 'load', source: { kind: 'path', path: '/home/user/iris.csv' } });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'datasetInfo')).toBe(true));
    expect(readFileAt).toHaveBeenCalledWith('/home/user/iris.csv');
    rendererSide.postMessage({ type: 'start', requestId: 'start' });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'metrics')).toBe(true)); // typed arrays copied, not transferred
    rendererSide.postMessage({ type: 'stop', requestId: 'stop' });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'done')).toBe(true));
  });

  it('ignores messages from main that are not a connect with a port', () => {
    const parentPort = new FakeMainPort();
    const connections = serveConnections(parentPort, vi.fn());
    parentPort.emit('message', { data: { type: 'connect' }, ports: [] });
    parentPort.emit('message', { data: { type: 'shutdown' }, ports: [new FakeMainPort()] });
    expect(connections.sessions()).toBe(0);
  });

  it('closes the old session when the window reconnects', () => {
    const parentPort = new FakeMainPort();
    serveConnections(parentPort, vi.fn());
    const first = new FakeMainPort();
    parentPort.emit('message', { data: { type: 'connect' }, ports: [first] });
    parentPort.emit('message', { data: { type: 'connect' }, ports: [new FakeMainPort()] });
    expect(first.closed).toBe(true);
  });
});

describe('the engine port hand-off in main', () => {
  function fakeWindow() {
    const emitter = new EventEmitter();
    return Object.assign(emitter, { sent: [] as [string, unknown, unknown[] | undefined][], destroyed: false,
      postMessage(channel: string, message: unknown, transfer?: unknown[]) { this.sent.push([channel, message, transfer]); },
      isDestroyed() { return this.destroyed; } });
  }
  const channel = () => ({ port1: new FakeMainPort(), port2: new FakeMainPort() });

  it('gives the utility one end and the window the other, and a fresh pair to every window after a restart', () => {
    const link = new EngineLink(channel);
    const utility = { postMessage: vi.fn() };
    const window = fakeWindow();
    link.connect(window); // before the engine is up: remembered
    expect(window.sent).toHaveLength(0);
    link.attach(utility, 'start', 0);
    expect(utility.postMessage).toHaveBeenCalledWith({ type: 'connect' }, [expect.any(FakeMainPort)]);
    expect(window.sent[0]).toEqual([CHANNELS.enginePort, { reason: 'connect', restarts: 0 }, [expect.any(FakeMainPort)]]);
    link.attach(utility, 'restart', 1);
    expect(window.sent[1][1]).toEqual({ reason: 'restarted', restarts: 1 });
    window.emit('destroyed');
    link.attach(utility, 'restart', 2);
    expect(window.sent).toHaveLength(2);
  });
});

describe('the preload bridge', () => {
  function fakeIpcRenderer() {
    const listeners = new Map<string, (event: { ports: MessagePort[] }, ...args: unknown[]) => void>();
    return {
      listeners,
      invoke: vi.fn(async (channel: string) => (channel === CHANNELS.openCsv ? '/data/iris.csv' : channel === CHANNELS.recentFiles ? ['/a.csv', 42]
        : channel === CHANNELS.openModel ? { name: 'iris.model.json', text: '{}', path: '/secret' } : null)),
      on: vi.fn((channel: string, listener: (event: { ports: MessagePort[] }, ...args: unknown[]) => void) => { listeners.set(channel, listener); }),
      removeListener: vi.fn((channel: string) => { listeners.delete(channel); }),
    };
  }
  const page = () => ({ postMessage: vi.fn(), location: { origin: 'app://bundle' } });

  it('exposes only purpose-built functions', () => {
    const bridge = createBridge(fakeIpcRenderer(), { getPathForFile: () => '' }, page());
    expect(Object.keys(bridge).sort()).toEqual(['connectEngine', 'forgetLastDataset', 'loadUserData', 'onMenuCommand', 'onOpenDataset', 'openCsv', 'openModel',
      'pathForFile', 'recentFiles', 'rememberDataset', 'reopenLastDataset', 'samplePath', 'saveFile', 'saveUserData']);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });

  it('forwards the engine port to the page with plain data, never the Electron event', () => {
    const ipc = fakeIpcRenderer();
    const target = page();
    createBridge(ipc, { getPathForFile: () => '' }, target);
    const port = {} as MessagePort;
    ipc.listeners.get(CHANNELS.enginePort)!({ ports: [port], sender: 'secret' } as never, { reason: 'restarted', restarts: 2, extra: 'x' });
    expect(target.postMessage).toHaveBeenCalledWith({ type: 'backprop:engine-port', reason: 'restarted', restarts: 2 }, 'app://bundle', [port]);
  });

  it('passes menu commands as strings and drops unknown ones', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, { getPathForFile: () => '' }, page());
    const listener = vi.fn();
    const unsubscribe = bridge.onMenuCommand(listener);
    ipc.listeners.get(CHANNELS.menuCommand)!({ ports: [] }, 'train');
    ipc.listeners.get(CHANNELS.menuCommand)!({ ports: [] }, 'rm -rf');
    expect(listener.mock.calls).toEqual([['train']]);
    unsubscribe();
    expect(ipc.listeners.has(CHANNELS.menuCommand)).toBe(false);
  });

  it('returns only strings from the dialogs and recent files', async () => {
    const bridge = createBridge(fakeIpcRenderer(), { getPathForFile: () => '' }, page());
    await expect(bridge.openCsv()).resolves.toBe('/data/iris.csv');
    await expect(bridge.recentFiles()).resolves.toEqual(['/a.csv']);
  });

  it('passes on only the name and text of an opened model, and null for anything else', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc, { getPathForFile: () => '' }, page());
    await expect(bridge.openModel()).resolves.toEqual({ name: 'iris.model.json', text: '{}' });
    expect(ipc.invoke).toHaveBeenCalledWith(CHANNELS.openModel);
    for (const answer of [null, { name: 'x.json' }, { name: 1, text: '{}' }, 'x.json']) {
      ipc.invoke.mockResolvedValueOnce(answer as never);
      await expect(bridge.openModel()).resolves.toBeNull();
    }
  });

  it('relays the open-model menu command to the page', () => {
    const ipc = fakeIpcRenderer();
    const listener = vi.fn();
    createBridge(ipc, { getPathForFile: () => '' }, page()).onMenuCommand(listener);
    ipc.listeners.get(CHANNELS.menuCommand)!({ ports: [] }, 'open-model');
    expect(listener).toHaveBeenCalledWith('open-model');
  });
});

describe('user data in userData', () => {
  it('writes atomically: the old content or the new, and no temporary files left', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backprop-user-data-'));
    const file = join(directory, 'settings.json');
    await writeFile(file, '{"old":true}');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, JSON.stringify({ version: i, padding: 'x'.repeat(10_000) }))));
    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(content.version).toBeGreaterThanOrEqual(0);
    expect(await readdir(directory)).toEqual(['settings.json']);
  });

  it('keeps settings and at most 10 recent files, newest first, without duplicates', async () => {
    const store = new UserDataStore(await mkdtemp(join(tmpdir(), 'backprop-user-data-')));
    await store.save('settings', { theme: 'dark' });
    expect(await store.load('settings')).toEqual({ theme: 'dark' });
    const recent = new RecentFiles(store);
    for (let i = 0; i < 12; i++) await recent.add(`/data/${i}.csv`);
    await recent.add('/data/5.csv');
    const list = await recent.list();
    expect(list).toHaveLength(10);
    expect(list[0]).toBe('/data/5.csv');
    expect(new Set(list).size).toBe(10);
  });

  it('keeps byte arrays (a run\'s model) as base64 in the file and gives them back as Uint8Arrays', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backprop-user-data-'));
    const store = new UserDataStore(directory);
    const json = new TextEncoder().encode('{"spec":"ü"}');
    await store.save('runs', [{ id: 1, model: { fileName: 'iris.model.json', json } }, { id: 2, model: null }]);
    const text = await readFile(join(directory, 'runs.json'), 'utf8');
    expect(text).toContain(`"$bytes": "${Buffer.from(json).toString('base64')}"`);
    const loaded = await store.load('runs') as { id: number; model: { json: Uint8Array } | null }[];
    expect(loaded[0].model?.json).toBeInstanceOf(Uint8Array);
    expect(loaded[0].model?.json).toEqual(json);
    expect(loaded[1].model).toBeNull();
  });

  it('counts saved byte arrays at their stored size when checking the user-data limit', () => {
    expect(userDataJson({ json: new Uint8Array(3) })).toBe('{"json":{"$bytes":"AAAA"}}');
    expect(userDataJson({ json: Buffer.from([255]) })).toBe('{"json":{"$bytes":"/w=="}}'); // a Buffer too, not its toJSON
    expect(userDataJson({ bytes: '$not-bytes' })).toBe('{"bytes":"$not-bytes"}');
  });

  it('reads a corrupt file as no data instead of failing', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backprop-user-data-'));
    await writeFile(join(directory, 'runs.json'), '{"truncated');
    expect(await new UserDataStore(directory).load('runs')).toBeNull();
  });
});
