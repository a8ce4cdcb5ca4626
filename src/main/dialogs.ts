import type { BrowserWindow, Dialog } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ModelFileText } from '../shared/bridge';

export type DialogApi = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

/** The native open dialog for a CSV; the chosen path or null. */
export async function chooseCsv(dialog: DialogApi, window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Open a CSV file',
    properties: ['openFile'],
    filters: [{ name: 'CSV files', extensions: ['csv', 'tsv', 'txt', 'gz'] }, { name: 'All files', extensions: ['*'] }],
  });
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

/** The native open dialog for a model JSON file; the chosen path or null. */
export async function chooseModel(dialog: DialogApi, window: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(window, {
    title: 'Open a model file',
    properties: ['openFile'],
    filters: [{ name: 'Model JSON', extensions: ['json'] }, { name: 'All files', extensions: ['*'] }],
  });
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

/** A chosen model file's name and text for the page (the engine validates it); a file over `maxBytes` is refused by name and size. */
export async function readModelFile(path: string, maxBytes: number): Promise<ModelFileText> {
  const name = basename(path);
  const { size } = await stat(path);
  if (size > maxBytes) throw new Error(`${name} is ${size} bytes; a model file can be at most ${maxBytes} bytes`);
  return { name, text: await readFile(path, 'utf8') };
}

/** The native save dialog; the chosen path or null. */
export async function chooseSavePath(dialog: DialogApi, window: BrowserWindow, suggestedName: string): Promise<string | null> {
  const extension = suggestedName.includes('.') ? suggestedName.slice(suggestedName.lastIndexOf('.') + 1) : '';
  const result = await dialog.showSaveDialog(window, {
    title: 'Save',
    defaultPath: suggestedName,
    filters: extension ? [{ name: `.${extension} file`, extensions: [extension] }, { name: 'All files', extensions: ['*'] }] : [],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Asks whether to restart the engine after repeated crashes; true for "Restart". */
export async function askRestartEngine(dialog: DialogApi, message: string): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    message,
    detail: 'Restart it? Your settings are kept; the current run is lost.',
    buttons: ['Restart engine', 'Leave it stopped'],
    defaultId: 0,
    cancelId: 1,
  });
  return response === 0;
}
