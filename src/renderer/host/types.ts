/**
 * What the renderer needs from where it runs. `electron.ts` implements it over window.bridge,
 * `web.ts` over a file input and a Web Worker running the same serveEngine. The studio talks only
 * to this interface; it never touches Electron, Node or the Worker directly.
 */
import type { DatasetIdentity, MenuCommand, ModelFileText, UserDataKey } from '../../shared/bridge';
import type { AnswerTo, DatasetSource, EngineEvent, RequestBody } from '../../shared/protocol';

/** A live link to the engine host. */
export interface EngineConnection {
  /**
   * Sends a request under a fresh id; resolves with its answer, rejects with its error (an
   * EngineRequestError), or rejects when the engine answering it dies.
   */
  request<T extends RequestBody>(body: T): Promise<AnswerTo<T['type']>>;
  /** Subscribes to the messages no request waits for (status, metrics, epochs, done, errors without an id); returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** Sends one request and waits for its own answer (EngineConnection.request, as the studio's parts take it). */
export type SendRequest = EngineConnection['request'];

export type SampleName = 'iris' | 'digits' | 'mnist';

export interface SampleInfo {
  name: SampleName;
  title: string; // "Iris flowers"
  file: string; // "iris.csv"
  description: string; // "150 rows × 5 columns, 3 classes"
}

export type { DatasetIdentity };

/** A loaded dataset as the host kept it for the next start: whether its content (web) or its path (desktop) is kept, and why not. */
export interface KeptDataset {
  identity: DatasetIdentity;
  isKept: boolean;
  /** why it is not kept ("it is 80 MB, over the 50 MB this page keeps"); null when it is */
  reason: string | null;
}

/** The last kept dataset at start: a source to load again, why it cannot be, or nothing kept. */
export type ReopenedDataset =
  | { status: 'reopened'; source: DatasetSource; identity: DatasetIdentity }
  | { status: 'refused'; name: string; reason: string }
  | { status: 'none' };

export interface Host {
  readonly kind: 'electron' | 'web';
  /** Starts (or reconnects to) the engine. */
  connect(): Promise<EngineConnection>;
  /** Asks the user for a CSV (native dialog, or the page's file picker); null when cancelled. */
  openCsv(): Promise<DatasetSource | null>;
  /** Asks the user for a model JSON file (native dialog, or the page's file picker); its name and text, or null when cancelled. */
  openModel(): Promise<ModelFileText | null>;
  /** A dataset source for a dropped File (web) or path (Electron). */
  sourceFromFile(file: File): Promise<DatasetSource>;
  samples(): SampleInfo[];
  sampleSource(name: SampleName): Promise<DatasetSource>;
  /** Saves bytes or text under a suggested name (save dialog, or a download); false when cancelled. */
  saveFile(suggestedName: string, data: string | Uint8Array): Promise<boolean>;
  recentFiles(): Promise<string[]>;
  /** Persisted user data (settings, runs, remembered work): the desktop's userData folder, the web build's IndexedDB. */
  loadUserData(key: UserDataKey): Promise<unknown>;
  saveUserData(key: UserDataKey, value: unknown): Promise<void>;
  /** Native menu commands (Electron only); returns the unsubscribe function. */
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void;
  /**
   * Keeps a dataset about to be loaded for the next start (web: its bytes in IndexedDB up to a cap;
   * desktop: main keeps its path, size and SHA-256). It reads the source's bytes before it returns, so
   * the caller may transfer them to the engine right after the call. Null when the source is not a file.
   */
  keepDataset?(source: DatasetSource): Promise<KeptDataset | null>;
  /** The last kept dataset, to load again at start. */
  reopenDataset?(): Promise<ReopenedDataset>;
  /** Start fresh: nothing is reopened at the next start. */
  forgetDataset?(): Promise<void>;
  /** A file to open that the host chose (desktop: File › Open Recent); returns the unsubscribe function. */
  onOpenDataset?(listener: (source: DatasetSource) => void): () => void;
}
