import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../src/main/menu';
import { createBridge } from '../../src/preload/bridge';
import { CHANNELS, MENU_COMMANDS } from '../../src/shared/bridge';

/** The Edit submenu of the template for a platform, with the commands its items send. */
function editMenu(platform: NodeJS.Platform): { items: MenuItemConstructorOptions[]; send: ReturnType<typeof vi.fn> } {
  const send = vi.fn();
  const edit = menuTemplate(send, platform, vi.fn()).find((menu) => menu.label === 'Edit');
  return { items: (edit?.submenu ?? []) as MenuItemConstructorOptions[], send };
}

describe('the Edit menu', () => {
  it('starts with Undo and Redo, which send undo and redo to the page (whose history decides)', () => {
    const { items, send } = editMenu('linux');
    expect(items.slice(0, 2).map((item) => item.label)).toEqual(['Undo', 'Redo']);
    for (const item of items.slice(0, 2)) (item.click as () => void)();
    expect(send.mock.calls).toEqual([['undo'], ['redo']]);
    expect(MENU_COMMANDS).toEqual(expect.arrayContaining(['undo', 'redo']));
  });

  it('shows Ctrl/Cmd+Z and the platform’s redo key, without registering them, so the key reaches the page first', () => {
    for (const [platform, redo] of [['linux', 'Ctrl+Y'], ['win32', 'Ctrl+Y'], ['darwin', 'Shift+CmdOrCtrl+Z']] as const) {
      const [undoItem, redoItem] = editMenu(platform).items;
      expect(undoItem).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
      expect(redoItem).toMatchObject({ accelerator: redo, registerAccelerator: false });
    }
  });

  it('keeps the native roles for the clipboard and for no other item (a role undo would bypass the studio)', () => {
    const roles = editMenu('darwin').items.map((item) => item.role).filter(Boolean);
    expect(roles).toEqual(['cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll']);
    expect(editMenu('linux').items.map((item) => item.role)).not.toContain('pasteAndMatchStyle');
    expect(roles).not.toContain('undo');
  });

  it('delivers Edit → Undo and Redo through the preload bridge to the page as undo and redo', () => {
    const listeners = new Map<string, (event: { ports: MessagePort[] }, ...args: unknown[]) => void>();
    const ipc = {
      invoke: vi.fn(async () => null),
      on: vi.fn((channel: string, listener: (event: { ports: MessagePort[] }, ...args: unknown[]) => void) => { listeners.set(channel, listener); }),
      removeListener: vi.fn(),
    };
    const page = { postMessage: vi.fn(), location: { origin: 'app://bundle' } };
    const received = vi.fn();
    createBridge(ipc, { getPathForFile: () => '' }, page).onMenuCommand(received);
    // main's send: webContents.send(CHANNELS.menuCommand, command) to the focused window
    const send = (command: string): void => listeners.get(CHANNELS.menuCommand)?.({ ports: [] }, command);
    const [undoItem, redoItem] = (menuTemplate(send, 'win32', vi.fn()).find((menu) => menu.label === 'Edit')?.submenu ?? []) as MenuItemConstructorOptions[];
    (undoItem.click as () => void)();
    (redoItem.click as () => void)();
    expect(received.mock.calls).toEqual([['undo'], ['redo']]);
  });
});
