import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { PortConnection, type RendererPort } from '../../src/renderer/host/connection';
import { ElectronHost } from '../../src/renderer/host/electron';
import type { Bridge } from '../../src/shared/bridge';
import type { EngineEvent } from '../../src/shared/protocol';

/** A window double: the host listens for the preload's postMessage carrying the engine port. */
function fakeWindow() {
  const listeners: ((event: { source: unknown; data: unknown; ports: unknown[] }) => void)[] = [];
  const target = { addEventListener: (_type: string, listener: (typeof listeners)[number]) => listeners.push(listener) };
  const deliver = (data: unknown, ports: unknown[] = [], source: unknown = target): void => listeners.forEach((l) => l({ source, data, ports }));
  return { target: target as unknown as Window, deliver };
}

function fakeBridge(overrides: Partial<Bridge> = {}): Bridge {
  return {
    connectEngine: vi.fn(), openCsv: vi.fn(async () => '/data/iris.csv'),
    openModel: vi.fn(async () => ({ name: 'iris.model.json', text: '{"spec":{}}' })), pathForFile: vi.fn(() => '/dropped/file.csv'),
    samplePath: vi.fn(async (file: string) => `/app/resources/samples/${file}`), saveFile: vi.fn(async () => true),
    recentFiles: vi.fn(async () => []), loadUserData: vi.fn(async () => null), saveUserData: vi.fn(async () => undefined),
    onMenuCommand: vi.fn(() => () => undefined), ...overrides,
  };
}

describe('the Electron host', () => {
  it('connects over the port the preload posts, and tells listeners when the engine was restarted', async () => {
    const { target, deliver } = fakeWindow();
    const bridge = fakeBridge();
    const host = new ElectronHost(bridge, target);
    const connecting = host.connect();
    expect(bridge.connectEngine).toHaveBeenCalled();
    const first = new MessageChannel();
    deliver({ type: 'backprop:engine-port', reason: 'connect', restarts: 0 }, [first.port2]);
    const connection = await connecting;
    const events: EngineEvent[] = [];
    connection.onEvent((event) => events.push(event));
    const received = new Promise((resolve) => first.port1.once('message', resolve));
    connection.send({ type: 'start' });
    expect(await received).toEqual({ type: 'start' });

    const second = new MessageChannel();
    deliver({ type: 'backprop:engine-port', reason: 'restarted', restarts: 1 }, [second.port2]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine-restarted' });
    const afterRestart = new Promise((resolve) => second.port1.once('message', resolve));
    connection.send({ type: 'pause' });
    expect(await afterRestart).toEqual({ type: 'pause' });
    first.port1.close(); second.port1.close();
  });

  it('ignores port messages that do not come from its own window', async () => {
    const { target, deliver } = fakeWindow();
    const host = new ElectronHost(fakeBridge(), target);
    const connecting = host.connect();
    const spoof = new MessageChannel();
    deliver({ type: 'backprop:engine-port', reason: 'connect', restarts: 0 }, [spoof.port2], { other: 'frame' });
    const settled = await Promise.race([connecting.then(() => 'connected'), new Promise((r) => setTimeout(() => r('waiting'), 50))]);
    expect(settled).toBe('waiting');
    spoof.port1.close();
  });

  it('passes datasets by path: chosen in the dialog, dropped from disk, or a bundled sample', async () => {
    const host = new ElectronHost(fakeBridge(), fakeWindow().target);
    await expect(host.openCsv()).resolves.toEqual({ kind: 'path', path: '/data/iris.csv' });
    await expect(host.sourceFromFile({ name: 'file.csv' } as File)).resolves.toEqual({ kind: 'path', path: '/dropped/file.csv' });
    await expect(host.sampleSource('iris')).resolves.toEqual({ kind: 'path', path: '/app/resources/samples/iris.csv' });
  });

  it('opens a model through the bridge\'s dialog: its name and text, or null when cancelled', async () => {
    const bridge = fakeBridge();
    const host = new ElectronHost(bridge, fakeWindow().target);
    await expect(host.openModel()).resolves.toEqual({ name: 'iris.model.json', text: '{"spec":{}}' });
    expect(bridge.openModel).toHaveBeenCalledTimes(1);
    const cancelled = new ElectronHost(fakeBridge({ openModel: async () => null }), fakeWindow().target);
    await expect(cancelled.openModel()).resolves.toBeNull();
  });
});

describe('the port connection both hosts use', () => {
  it('queues requests sent before a port is attached and transfers dataset bytes', () => {
    const posted: [unknown, Transferable[]][] = [];
    const port: RendererPort = { postMessage: (m, t) => posted.push([m, t]), addEventListener: () => undefined, removeEventListener: () => undefined };
    const connection = new PortConnection();
    const bytes = new Uint8Array([1, 2, 3]);
    connection.send({ type: 'loadDataset', source: { kind: 'bytes', name: 'x.csv', bytes } });
    expect(posted).toHaveLength(0);
    connection.attach(port);
    expect(posted[0][1]).toEqual([bytes.buffer]);
  });
});
