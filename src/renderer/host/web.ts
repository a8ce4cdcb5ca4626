import type { ModelFileText } from '../../shared/bridge';
import type { DatasetSource } from '../../shared/protocol';
import { EngineRequestError, PortConnection } from './connection';
import { engineWorkerName } from './engine-threads';
import { SAMPLES, sampleFile } from './samples';
import { idbDelete, idbGet, idbPut } from './web-idb';
import { WebDatasetKeeper } from './kept-dataset';
import type { UserDataKey } from '../../shared/bridge';
import type { EngineConnection, Host, KeptDataset, ReopenedDataset, SampleName } from './types';

const STORAGE_PREFIX = 'backprop-studio:';

/** The browser host: a file input for CSVs, a Web Worker running serveEngine, downloads for saving, IndexedDB for user data (models as bytes). */
export class WebHost implements Host {
  readonly kind = 'web' as const;
  private connection: PortConnection | null = null;
  /** the last dataset's bytes in IndexedDB, up to WEB_KEPT_DATASET_CAP */
  private readonly keeper = new WebDatasetKeeper({ get: idbGet, put: idbPut, delete: idbDelete });

  constructor(private readonly assetsBase = new URL('./', document.baseURI)) {}

  async connect(): Promise<EngineConnection> {
    if (this.connection) return this.connection;
    // the page's ?threads=1|2 reaches the worker in its name (engine-threads.ts)
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: engineWorkerName(location.search) });
    const connection = new PortConnection();
    worker.addEventListener('error', (event) => {
      const message = `the engine worker failed: ${event.message}`;
      // the requests it was answering will not be answered: each fails with this, and the page hears it once
      connection.failInFlight(new EngineRequestError('engine-crashed', message));
      connection.dispatch({ type: 'error', code: 'engine-crashed', message, line: null, column: null });
    });
    connection.attach(worker);
    this.connection = connection;
    return connection;
  }

  async openCsv(): Promise<DatasetSource | null> {
    const file = await pickFile('.csv,.tsv,.txt,.gz,text/csv');
    return file ? this.sourceFromFile(file) : null;
  }

  async openModel(): Promise<ModelFileText | null> {
    const file = await pickFile('.json,application/json');
    return file ? { name: file.name, text: await file.text() } : null;
  }

  async sourceFromFile(file: File): Promise<DatasetSource> {
    return { kind: 'bytes', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  }

  samples() {
    return SAMPLES;
  }

  async sampleSource(name: SampleName): Promise<DatasetSource> {
    const file = sampleFile(name);
    const response = await fetch(new URL(`samples/${file}`, this.assetsBase));
    if (!response.ok) throw new Error(`sample ${file}: HTTP ${response.status}`);
    return { kind: 'bytes', name: file.replace(/\.gz$/, ''), bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  async saveFile(suggestedName: string, data: string | Uint8Array): Promise<boolean> {
    const blob = new Blob([data as BlobPart], { type: typeof data === 'string' ? 'text/plain' : 'application/octet-stream' });
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement('a'), { href: url, download: suggestedName });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  }

  async recentFiles(): Promise<string[]> {
    return []; // a page cannot reopen files by name
  }

  /** From IndexedDB; what an earlier version kept in localStorage (as JSON) is read once when IndexedDB has nothing yet. */
  async loadUserData(key: UserDataKey): Promise<unknown> {
    const stored = await idbGet(STORAGE_PREFIX + key);
    if (stored !== null) return stored;
    const text = localStorage.getItem(STORAGE_PREFIX + key);
    if (text === null) return null;
    try { return JSON.parse(text); } catch { return null; }
  }

  /** Into IndexedDB (structured clone: a model's bytes stay bytes); a full quota rejects with a message naming what was not saved. */
  async saveUserData(key: UserDataKey, value: unknown): Promise<void> {
    await idbPut(STORAGE_PREFIX + key, value, describeSaved(key, value));
    localStorage.removeItem(STORAGE_PREFIX + key);
  }

  /** The bytes are copied and hashed before this returns; kept in IndexedDB when under the cap. */
  keepDataset(source: DatasetSource): Promise<KeptDataset | null> {
    return this.keeper.keep(source);
  }

  reopenDataset(): Promise<ReopenedDataset> {
    return this.keeper.reopen();
  }

  forgetDataset(): Promise<void> {
    return this.keeper.forget();
  }
}

/** The page's file picker for one file of the given types; null when cancelled. */
function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = Object.assign(document.createElement('input'), { type: 'file', accept });
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** What a save holds, for a message when it fails: "the run history (12 runs, 3 models, 1.4 MB)". */
function describeSaved(key: UserDataKey, value: unknown): string {
  if (key === 'work') return 'the remembered work';
  if (key === 'settings' || !Array.isArray(value)) return 'the last settings';
  const models = value.map((run) => (run as { model?: { json?: Uint8Array } | null }).model?.json).filter((json): json is Uint8Array => json instanceof Uint8Array);
  const bytes = models.reduce((sum, json) => sum + json.byteLength, 0);
  return `the run history (${value.length} runs, ${models.length} models, ${(bytes / 1024 / 1024).toFixed(1)} MB)`;
}
