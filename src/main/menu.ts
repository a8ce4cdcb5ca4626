import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/bridge';

/** File › Open Recent: one item per path, newest first ("penguins.csv — /home/u/data"); clicking one calls `open(path)`. */
export function recentSubmenu(paths: readonly string[], open: (path: string) => void): MenuItemConstructorOptions {
  const items: MenuItemConstructorOptions[] = paths.map((path) => ({ label: recentLabel(path), click: () => open(path) }));
  return { label: 'Open Recent', submenu: items.length > 0 ? items : [{ label: 'No recent files', enabled: false }] };
}

/** "name — folder", with '&' doubled (Windows and Linux read a single '&' as a mnemonic marker). */
export function recentLabel(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const label = cut < 0 ? path : `${path.slice(cut + 1)} — ${path.slice(0, cut) || path.slice(0, 1)}`;
  return label.replaceAll('&', '&&');
}

/**
 * The native menu: File (open CSV or model, recent files, samples, export), Training (train, pause, stop),
 * View, Help; commands go to the page as strings. `recent` is the Open Recent submenu (recentSubmenu).
 */
export function menuTemplate(send: (command: MenuCommand) => void, platform: NodeJS.Platform, openDocs: () => void,
  recent: MenuItemConstructorOptions = recentSubmenu([], () => {})): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({ label, accelerator, click: () => send(command) });
  const isMac = platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('Open CSV…', 'open-csv', 'CmdOrCtrl+O'),
        item('Open Model…', 'open-model', 'CmdOrCtrl+Shift+O'),
        recent,
        {
          label: 'Open Sample',
          submenu: [item('Iris flowers', 'open-sample-iris'), item('Handwritten digits 8×8', 'open-sample-digits'), item('MNIST 10k', 'open-sample-mnist')],
        },
        { type: 'separator' },
        item('Export Model…', 'export-model', 'CmdOrCtrl+E'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: editMenu(send, isMac) },
    {
      label: 'Training',
      submenu: [item('Train', 'train', 'CmdOrCtrl+Enter'), item('Pause', 'pause'), item('Stop', 'stop', 'CmdOrCtrl+.')],
    },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, { role: 'toggleDevTools' }],
    },
    { role: 'help', submenu: [{ label: 'Documentation', click: openDocs }] },
  ];
}

/**
 * Edit: Undo/Redo send a command to the page, whose history decides (a field's own text undo while it
 * holds typing, else the studio's design); the clipboard items keep their native roles. On Windows/Linux
 * the accelerators are shown but not registered, since a registered one would take the key from the page:
 * the page's own key handler gets Ctrl+Z (and Blink's text undo works in a field). On macOS the web page
 * gets Cmd+Z first anyway and the menu's key equivalent fires only for a key the page left unhandled (a
 * field's typing: the command then runs the field's text undo), so no key is undone twice.
 */
function editMenu(send: (command: MenuCommand) => void, isMac: boolean): MenuItemConstructorOptions[] {
  const history = (label: string, command: MenuCommand, accelerator: string): MenuItemConstructorOptions =>
    ({ label, accelerator, registerAccelerator: isMac, click: () => send(command) });
  return [
    history('Undo', 'undo', 'CmdOrCtrl+Z'),
    history('Redo', 'redo', isMac ? 'Shift+CmdOrCtrl+Z' : 'Ctrl+Y'),
    { type: 'separator' },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    ...(isMac ? [{ role: 'pasteAndMatchStyle' as const }] : []),
    { role: 'delete' },
    { type: 'separator' },
    { role: 'selectAll' },
  ];
}
