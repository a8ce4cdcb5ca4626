/**
 * What the preload puts on `window.bridge`: a handful of purpose-built functions, nothing raw.
 * Types and channel names only (no imports), so the sandboxed preload bundle stays tiny.
 */

export type UserDataKey = 'settings' | 'runs';

/** Why the engine port was (re)sent: first connection, or a restart after the engine crashed or exited. */
export type EnginePortReason = 'connect' | 'restarted';

/** Posted by the preload to the page (window.postMessage) with the engine's MessagePort in `ports`. */
export interface EnginePortMessage {
  type: 'backprop:engine-port';
  reason: EnginePortReason;
  /** how many times the engine has been restarted so far */
  restarts: number;
}

/** Posted by the preload when the engine is down for good (restart budget spent and the user declined). */
export interface EngineLostMessage {
  type: 'backprop:engine-lost';
  message: string;
}

export type MenuCommand = 'open-csv' | 'open-model' | 'open-sample-iris' | 'open-sample-digits' | 'open-sample-mnist' | 'export-model' | 'train' | 'pause' | 'stop'
  | 'undo' | 'redo';

/** A model file as main read it for the page: its name and its JSON text, still to be validated by the engine. */
export interface ModelFileText {
  name: string;
  text: string;
}

export interface Bridge {
  /** Asks main for an engine port; it arrives as an EnginePortMessage posted to the window. */
  connectEngine(): void;
  /** Native open dialog; the chosen path (remembered in recent files) or null. */
  openCsv(): Promise<string | null>;
  /** Native open dialog for a model JSON file; its name and text (main reads it), or null when cancelled. */
  openModel(): Promise<ModelFileText | null>;
  /** The path of a file the user dropped on the window. */
  pathForFile(file: File): string;
  /** Absolute path of a bundled sample dataset. */
  samplePath(file: string): Promise<string>;
  /** Native save dialog, then an atomic write; false when cancelled. */
  saveFile(suggestedName: string, data: string | Uint8Array): Promise<boolean>;
  recentFiles(): Promise<string[]>;
  loadUserData(key: UserDataKey): Promise<unknown>;
  saveUserData(key: UserDataKey, value: unknown): Promise<void>;
  /** Menu commands arrive as plain strings; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** The ipcMain channels the bridge uses (one name each, shared by preload and main). */
export const CHANNELS = {
  connectEngine: 'engine:connect',
  enginePort: 'engine:port',
  engineLost: 'engine:lost',
  openCsv: 'dialog:open-csv',
  openModel: 'dialog:open-model',
  samplePath: 'samples:path',
  saveFile: 'dialog:save-file',
  recentFiles: 'recent-files:list',
  loadUserData: 'user-data:load',
  saveUserData: 'user-data:save',
  menuCommand: 'menu:command',
  grantFile: 'files:grant',
} as const;

export const MENU_COMMANDS: readonly MenuCommand[] = ['open-csv', 'open-model', 'open-sample-iris', 'open-sample-digits', 'open-sample-mnist', 'export-model', 'train', 'pause', 'stop',
  'undo', 'redo'];
