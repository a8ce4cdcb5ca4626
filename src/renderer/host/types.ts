/**
 * What the renderer needs from where it runs. `electron.ts` implements it over window.bridge,
 * `web.ts` over a file input and a Web Worker running the same serveEngine. The studio talks only
 * to this interface; it never touches Electron, Node or the Worker directly.
 */
import type { MenuCommand, ModelFileText } from '../../shared/bridge';
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
  /** Persisted user data (settings, runs) where the host has storage; the web host keeps it in memory or localStorage. */
  loadUserData(key: 'settings' | 'runs'): Promise<unknown>;
  saveUserData(key: 'settings' | 'runs', value: unknown): Promise<void>;
  /** Native menu commands (Electron only); returns the unsubscribe function. */
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void;
}
