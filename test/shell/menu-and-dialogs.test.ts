import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { askRestartEngine, chooseCsv, chooseSavePath, type DialogApi } from '../../src/main/dialogs';
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
    expect(labels('linux')).toEqual(['File', 'editMenu', 'Training', 'View', 'help']);
    expect(labels('darwin')[0]).toBe('appMenu');
  });

  it('opens a CSV with Ctrl/Cmd+O', () => {
    const open = items(menuTemplate(vi.fn(), 'win32', vi.fn())).find((item) => item.label === 'Open CSV…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
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
