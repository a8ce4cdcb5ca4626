import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createIpc, IpcRefused, type InvokeEvent, type SenderFrame } from '../../src/main/ipc';
import { channelSchemas } from '../../src/main/ipc-channels';
import { CHANNELS } from '../../src/shared/bridge';

/** An ipcMain stand-in: records handlers so the test can invoke them as Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>();
  return {
    ipcMain: { handle: (channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown) => { handlers.set(channel, listener); } },
    invoke: async (channel: string, event: InvokeEvent, ...args: unknown[]) => handlers.get(channel)!(event, ...args),
  };
}

const appFrame = (url = 'app://bundle/index.html'): SenderFrame => ({ url, parent: null });
const topLevel = (frame: SenderFrame): InvokeEvent => ({ senderFrame: frame, sender: { mainFrame: frame } });

function setup<T extends z.ZodTuple>(channel: string, schema: T) {
  const { ipcMain, invoke } = fakeIpcMain();
  const fn = vi.fn(() => 'ok');
  const refused: IpcRefused[] = [];
  createIpc(ipcMain, { onRefused: (error) => refused.push(error) }).handle(channel, schema, fn);
  return { fn, refused, invoke: (event: InvokeEvent, ...args: unknown[]) => invoke(channel, event, ...args) };
}

describe('the ipc handle(channel, schema, fn) wrapper', () => {
  it('calls the handler with validated arguments from the app\'s top-level page', async () => {
    const { fn, invoke } = setup(CHANNELS.loadUserData, channelSchemas[CHANNELS.loadUserData]);
    await expect(invoke(topLevel(appFrame()), 'settings')).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledWith(['settings'], expect.anything());
  });

  it.each([
    'https://evil.example/', 'file:///home/user/page.html', 'http://127.0.0.1:5180/', 'app://evil/index.html', 'about:blank', 'data:text/html,x',
  ])('refuses a foreign sender page %s without calling the handler', async (url) => {
    const { fn, invoke } = setup(CHANNELS.recentFiles, channelSchemas[CHANNELS.recentFiles]);
    await expect(invoke(topLevel(appFrame(url)))).rejects.toThrow(/foreign page/);
    expect(fn).toHaveBeenCalledTimes(0);
  });

  it('refuses a sub-frame, even one showing an app URL', async () => {
    const { fn, invoke } = setup(CHANNELS.recentFiles, channelSchemas[CHANNELS.recentFiles]);
    const main = appFrame();
    const child: SenderFrame = { url: 'app://bundle/index.html', parent: main };
    await expect(invoke({ senderFrame: child, sender: { mainFrame: main } })).rejects.toThrow(/sub-frame/);
    expect(fn).toHaveBeenCalledTimes(0);
  });

  it('refuses a frame that claims no parent but is not the main frame', async () => {
    const { fn, invoke } = setup(CHANNELS.recentFiles, channelSchemas[CHANNELS.recentFiles]);
    await expect(invoke({ senderFrame: appFrame(), sender: { mainFrame: appFrame() } })).rejects.toThrow(/sub-frame/);
    expect(fn).toHaveBeenCalledTimes(0);
  });

  it('refuses a null senderFrame (the frame navigated away or was destroyed)', async () => {
    const { fn, invoke } = setup(CHANNELS.recentFiles, channelSchemas[CHANNELS.recentFiles]);
    await expect(invoke({ senderFrame: null, sender: { mainFrame: appFrame() } })).rejects.toThrow(/null senderFrame/);
    expect(fn).toHaveBeenCalledTimes(0);
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const malformed: [string, string, unknown[]][] = [
    ['no key', CHANNELS.loadUserData, []],
    ['an unknown key', CHANNELS.loadUserData, ['passwords']],
    ['a key of the wrong type', CHANNELS.loadUserData, [42]],
    ['a key as an object', CHANNELS.loadUserData, [{ toString: () => 'settings' }]],
    ['an extra argument', CHANNELS.loadUserData, ['settings', 'extra']],
    ['a prototype-polluting key', CHANNELS.loadUserData, ['__proto__']],
    ['arguments to a channel that takes none', CHANNELS.recentFiles, ['x']],
    ['null to a channel that takes none', CHANNELS.openCsv, [null]],
    ['a path to the open-model dialog (it asks the user, never the page)', CHANNELS.openModel, ['/etc/passwd']],
    ['a sample outside the list', CHANNELS.samplePath, ['../../etc/passwd']],
    ['a sample path with a directory', CHANNELS.samplePath, ['samples/iris.csv']],
    ['no sample name', CHANNELS.samplePath, []],
    ['a save name with a slash', CHANNELS.saveFile, ['../model.json', 'text']],
    ['a save name with a backslash', CHANNELS.saveFile, ['..\\model.json', 'text']],
    ['a save name of ..', CHANNELS.saveFile, ['..', 'text']],
    ['an empty save name', CHANNELS.saveFile, ['', 'text']],
    ['a save name with NUL', CHANNELS.saveFile, ['model\0.json', 'text']],
    ['save data as a number', CHANNELS.saveFile, ['model.json', 12]],
    ['save data as a plain object', CHANNELS.saveFile, ['model.json', { text: 'x' }]],
    ['save data missing', CHANNELS.saveFile, ['model.json']],
    ['a save name far too long', CHANNELS.saveFile, ['x'.repeat(300), 'text']],
    ['user data that is not JSON (a cycle)', CHANNELS.saveUserData, ['settings', cyclic]],
    ['user data that is a BigInt', CHANNELS.saveUserData, ['runs', 10n]],
    ['user data under an unknown key', CHANNELS.saveUserData, ['../../x', {}]],
    ['user data that is undefined', CHANNELS.saveUserData, ['settings', undefined]],
  ];
  it.each(malformed)('refuses %s before the handler runs', async (_name, channel, args) => {
    const { fn, invoke, refused } = setup(channel, channelSchemas[channel as keyof typeof channelSchemas]);
    await expect(invoke(topLevel(appFrame()), ...args)).rejects.toBeInstanceOf(IpcRefused);
    expect(fn).toHaveBeenCalledTimes(0);
    expect(refused[0].message).toMatch(/bad arguments/);
  });

  it('accepts runs holding a model\'s bytes (counted as the base64 they are stored as)', async () => {
    const { fn, invoke } = setup(CHANNELS.saveUserData, channelSchemas[CHANNELS.saveUserData]);
    // 8 MB as an object of indices would be ~90 MB of JSON, over the 64 MB limit; as base64 it is under 11 MB
    const runs = [{ id: 1, model: { fileName: 'mnist-10k.model.json', json: new Uint8Array(8_000_000) } }];
    await expect(invoke(topLevel(appFrame()), 'runs', runs)).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('refuses to handle one channel twice', () => {
    const { ipcMain } = fakeIpcMain();
    const ipc = createIpc(ipcMain);
    ipc.handle('x', z.tuple([]), () => null);
    expect(() => ipc.handle('x', z.tuple([]), () => null)).toThrow(/already handled/);
  });
});
