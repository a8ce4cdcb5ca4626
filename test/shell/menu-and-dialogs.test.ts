import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askRestartEngine, chooseCsv, chooseModel, chooseSavePath, readModelFile, type DialogApi } from '../../src/main/dialogs';
import { menuTemplate } from '../../src/main/menu';
import { MENU_COMMANDS } from '../../src/shared/bridge';

/** Every clickable item of a template, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

describe('the native menu', () => {
  it('sends every menu command the page understands, and only those', () => {
    const send = vi.fn();
    for (const item of items(menuTemplate(send, 'linux', vi.fn()))) if (item.click && item.label !== 'Documentation') (item.click as () => void)();
    expect(send.mock.calls.map(([command]) => command).sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('has File, Edit, Training, View and Help, with the app menu first on macOS only', () => {
    const labels = (platform: NodeJS.Platform) => menuTemplate(vi.fn(), platform, vi.fn()).map((m) => m.label ?? m.role);
    expect(labels('linux')).toEqual(['File', 'Edit', 'Training', 'View', 'help']);
    expect(labels('darwin')[0]).toBe('appMenu');
  });

  it('opens a CSV with Ctrl/Cmd+O', () => {
    const open = items(menuTemplate(vi.fn(), 'win32', vi.fn())).find((item) => item.label === 'Open CSV…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
  });

  it('opens a model from File with Ctrl/Cmd+Shift+O, right below Open CSV…, sending open-model', () => {
    const send = vi.fn();
    const file = menuTemplate(send, 'linux', vi.fn())[0].submenu as MenuItemConstructorOptions[];
    const index = file.findIndex((item) => item.label === 'Open Model…');
    expect(file[index - 1].label).toBe('Open CSV…');
    expect(file[index].accelerator).toBe('CmdOrCtrl+Shift+O');
    (file[index].click as () => void)();
    expect(send).toHaveBeenCalledWith('open-model');
  });

  it('gives no two items the same accelerator, on any platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const accelerators = items(menuTemplate(vi.fn(), platform, vi.fn())).map((item) => item.accelerator).filter(Boolean);
      expect(accelerators.length).toBeGreaterThan(3);
      expect(new Set(accelerators).size, `${platform}: ${accelerators.join(', ')}`).toBe(accelerators.length);
    }
  });
});

describe('the dialogs', () => {
  const window = {} as BrowserWindow;
  const dialogWith = (answers: Partial<Record<keyof DialogApi, unknown>>): DialogApi => ({
    showOpenDialog: vi.fn(async () => answers.showOpenDialog),
    showSaveDialog: vi.fn(async () => answers.showSaveDialog),
    showMessageBox: vi.fn(async () => answers.showMessageBox),
  }) as unknown as DialogApi;

  it('returns the chosen CSV path, or null when cancelled', async () => {
    await expect(chooseCsv(dialogWith({ showOpenDialog: { canceled: false, filePaths: ['/data/a.csv'] } }), window)).resolves.toBe('/data/a.csv');
    await expect(chooseCsv(dialogWith({ showOpenDialog: { canceled: true, filePaths: [] } }), window)).resolves.toBeNull();
  });

  it('returns the chosen model path from a dialog that offers JSON files first, or null when cancelled', async () => {
    const dialog = dialogWith({ showOpenDialog: { canceled: false, filePaths: ['/home/u/iris.model.json'] } });
    await expect(chooseModel(dialog, window)).resolves.toBe('/home/u/iris.model.json');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(window, expect.objectContaining({ filters: [{ name: 'Model JSON', extensions: ['json'] }, { name: 'All files', extensions: ['*'] }] }));
    await expect(chooseModel(dialogWith({ showOpenDialog: { canceled: true, filePaths: [] } }), window)).resolves.toBeNull();
  });

  it('reads a chosen model file as its name and text, and refuses one over the limit by name and size', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backprop-model-'));
    const path = join(directory, 'iris.model.json');
    await writeFile(path, '{"spec":{"ü":1}}');
    await expect(readModelFile(path, 1000)).resolves.toEqual({ name: 'iris.model.json', text: '{"spec":{"ü":1}}' });
    await expect(readModelFile(path, 10)).rejects.toThrow('iris.model.json is 17 bytes; a model file can be at most 10 bytes');
  });

  it('suggests the file name and filters by its extension when saving', async () => {
    const dialog = dialogWith({ showSaveDialog: { canceled: false, filePath: '/home/u/iris.model.json' } });
    await expect(chooseSavePath(dialog, window, 'iris.model.json')).resolves.toBe('/home/u/iris.model.json');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(window, expect.objectContaining({ defaultPath: 'iris.model.json', filters: expect.arrayContaining([{ name: '.json file', extensions: ['json'] }]) }));
    await expect(chooseSavePath(dialogWith({ showSaveDialog: { canceled: true } }), window, 'x.onnx')).resolves.toBeNull();
  });

  it('restarts the engine only when the user picks "Restart engine"', async () => {
    await expect(askRestartEngine(dialogWith({ showMessageBox: { response: 0 } }), 'crashed')).resolves.toBe(true);
    await expect(askRestartEngine(dialogWith({ showMessageBox: { response: 1 } }), 'crashed')).resolves.toBe(false);
  });
});
