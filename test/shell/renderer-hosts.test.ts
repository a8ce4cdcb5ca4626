import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol-constants';
import { EngineRequestError, PortConnection, type RendererPort } from '../../src/renderer/host/connection';
import { ElectronHost } from '../../src/renderer/host/electron';
import type { Bridge } from '../../src/shared/bridge';
import type { EngineEvent, EngineRequest } from '../../src/shared/protocol';

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
    const start = connection.request({ type: 'start' });
    expect(await received).toEqual({ type: 'start', requestId: expect.any(String) });

    const second = new MessageChannel();
    deliver({ type: 'backprop:engine-port', reason: 'restarted', restarts: 1 }, [second.port2]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'engine-restarted' });
    // the start the old engine never answered fails with the reason, not silently
    await expect(start).rejects.toMatchObject({ code: 'engine-restarted', message: expect.stringMatching(/restarted \(1 of 3\)/) });
    const afterRestart = new Promise((resolve) => second.port1.once('message', resolve));
    void connection.request({ type: 'pause' });
    expect(await afterRestart).toEqual({ type: 'pause', requestId: expect.any(String) });
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

/** A port double: records what is posted; `answer` plays the engine's reply. */
function fakePort() {
  const posted: [EngineRequest, Transferable[]][] = [];
  let listener: ((event: MessageEvent) => void) | null = null;
  const port: RendererPort = {
    postMessage: (m, t) => posted.push([m as EngineRequest, t]),
    addEventListener: (_type, l) => { listener = l; },
    removeEventListener: () => { listener = null; },
  };
  const answer = (event: EngineEvent): void => listener?.({ data: event } as MessageEvent);
  return { port, posted, answer };
}

describe('the port connection both hosts use', () => {
  it('queues requests sent before a port is attached and transfers dataset bytes', () => {
    const { port, posted } = fakePort();
    const connection = new PortConnection();
    const bytes = new Uint8Array([1, 2, 3]);
    void connection.request({ type: 'loadDataset', source: { kind: 'bytes', name: 'x.csv', bytes } });
    expect(posted).toHaveLength(0);
    connection.attach(port);
    expect(posted[0][1]).toEqual([bytes.buffer]);
  });

  it('settles each request by the id its answer or error carries, whatever the order; broadcasts go to the listeners', async () => {
    const { port, posted, answer } = fakePort();
    const connection = new PortConnection();
    connection.attach(port);
    const events: EngineEvent[] = [];
    connection.onEvent((event) => events.push(event));
    const first = connection.request({ type: 'exportModel', format: 'json' });
    const second = connection.request({ type: 'exportModel', format: 'onnx' });
    const [firstId, secondId] = posted.map(([request]) => request.requestId);
    expect(firstId).not.toBe(secondId);
    answer({ type: 'error', code: 'no-model', message: 'train first', line: null, column: null, requestId: secondId });
    answer({ type: 'status', state: 'done', epoch: 1, step: 2 });
    answer({ type: 'model', format: 'json', fileName: 'a.model.json', bytes: new Uint8Array([1]), requestId: firstId });
    await expect(first).resolves.toMatchObject({ format: 'json', fileName: 'a.model.json' });
    await expect(second).rejects.toBeInstanceOf(EngineRequestError);
    await expect(second).rejects.toMatchObject({ code: 'no-model', message: 'train first' });
    expect(events.map((e) => e.type)).toEqual(['status']); // answers never reach the listeners
  });

  it('drops an answer whose request is not waiting (given up, or never asked): it is no broadcast', () => {
    const { port, answer } = fakePort();
    const connection = new PortConnection();
    connection.attach(port);
    const events: EngineEvent[] = [];
    connection.onEvent((event) => events.push(event));
    answer({ type: 'prediction', outputs: [[1]], labels: null, requestId: 'r999' });
    answer({ type: 'error', code: 'no-model', message: 'x', line: null, column: null, requestId: 'r998' });
    expect(events).toEqual([]);
  });

  it('an engine that dies fails the requests it was answering; those not yet posted wait for the next engine', async () => {
    const connection = new PortConnection();
    const notPosted = connection.request({ type: 'hello', protocol: PROTOCOL_VERSION }); // no port yet: queued
    connection.failInFlight(new EngineRequestError('engine-crashed', 'the engine worker failed: out of memory'));
    const next = fakePort();
    connection.attach(next.port);
    expect(next.posted.map(([r]) => r.type)).toEqual(['hello']);
    next.answer({ type: 'ready', protocol: PROTOCOL_VERSION, kernels: 'typed-array', requestId: next.posted[0][0].requestId });
    await expect(notPosted).resolves.toMatchObject({ type: 'ready' });

    const inFlight = connection.request({ type: 'predict', rows: [] });
    connection.failInFlight(new EngineRequestError('engine-crashed', 'the engine worker failed: out of memory'));
    await expect(inFlight).rejects.toMatchObject({ code: 'engine-crashed', message: 'the engine worker failed: out of memory' });
  });

  it('an engine lost for good fails what is pending and every later request at once', async () => {
    const connection = new PortConnection();
    const queued = connection.request({ type: 'hello', protocol: PROTOCOL_VERSION });
    connection.failInFlight(new EngineRequestError('engine-lost', 'the engine stopped for good'), true);
    await expect(queued).rejects.toMatchObject({ code: 'engine-lost' });
    await expect(connection.request({ type: 'start' })).rejects.toMatchObject({ code: 'engine-lost' });
  });
});
