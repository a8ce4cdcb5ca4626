import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/bridge';

/** The native menu: File (open CSV or model, samples, export), Training (train, pause, stop), View, Help; commands go to the page as strings. */
export function menuTemplate(send: (command: MenuCommand) => void, platform: NodeJS.Platform, openDocs: () => void): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({ label, accelerator, click: () => send(command) });
  const isMac = platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('Open CSV…', 'open-csv', 'CmdOrCtrl+O'),
        item('Open Model…', 'open-model', 'CmdOrCtrl+Shift+O'),
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
    { role: 'editMenu' },
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
