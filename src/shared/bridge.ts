/**
 * What the preload puts on `window.bridge`: a handful of purpose-built functions, nothing raw.
 * Types and channel names only (no imports), so the sandboxed preload bundle stays tiny.
 */

/** 'work': the studio's remembered work (the last dataset's reference and design, the choices made per file). */
export type UserDataKey = 'settings' | 'runs' | 'work';

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

/** A dataset file as the app recognises it across starts: its name, size in bytes and the SHA-256 of its bytes (64 hex digits). */
export interface DatasetIdentity {
  name: string;
  size: number;
  sha256: string;
}

/**
 * What main found of the last dataset at start: reopened under a fresh grant token (the file is where
 * it was, with the same size and SHA-256), not reopened (and why, in words), or none kept.
 */
export type LastDatasetAnswer =
  | { status: 'reopened'; token: string; identity: DatasetIdentity }
  | { status: 'refused'; name: string; reason: string }
  | { status: 'none' };

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
  // remembered work (the preload always provides these four; optional so a bridge of an older preload still types)
  /** Makes a granted file the last dataset (main keeps its path, size and SHA-256, and lists it in Open Recent); its identity, or null for a token main never granted. */
  rememberDataset?(token: string): Promise<DatasetIdentity | null>;
  /** The last dataset, reopened under a fresh token only when it is unchanged. */
  reopenLastDataset?(): Promise<LastDatasetAnswer>;
  /** Start fresh: main forgets the last dataset. */
  forgetLastDataset?(): Promise<void>;
  /** A file main granted for the page to open (File › Open Recent) arrives as its token; returns the unsubscribe function. */
  onOpenDataset?(listener: (token: string) => void): () => void;
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
  rememberDataset: 'last-dataset:remember',
  reopenDataset: 'last-dataset:reopen',
  forgetDataset: 'last-dataset:forget',
  openDataset: 'dataset:open',
} as const;

export const MENU_COMMANDS: readonly MenuCommand[] = ['open-csv', 'open-model', 'open-sample-iris', 'open-sample-digits', 'open-sample-mnist', 'export-model', 'train', 'pause', 'stop',
  'undo', 'redo'];
