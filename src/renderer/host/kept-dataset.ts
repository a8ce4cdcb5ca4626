/**
 * The web build's last dataset: its bytes in the page's storage (IndexedDB) up to a cap, with its name,
 * size and SHA-256, so a reload can load it again. Above the cap only its identity is known (the studio
 * then remembers its choices, not its content, and says so).
 */
import type { DatasetSource } from '../../shared/protocol';
import type { DatasetIdentity, KeptDataset, ReopenedDataset } from './types';

/**
 * 50 MiB: what the browser keeps of the last dataset. Keeping it costs a second copy in memory while it
 * loads (the first is transferred to the engine worker) and a read of that size before the studio shows
 * anything at the next start; the run history's models share the same storage. 50 MiB covers the day-to-day
 * CSVs (half a million rows of ten numbers) and keeps both costs under a second.
 */
export const WEB_KEPT_DATASET_CAP = 50 * 1024 * 1024;

/** Where the kept copy lives: IndexedDB's key → value store in the page, a Map in tests. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown, what: string): Promise<void>;
  delete(key: string): Promise<void>;
}

const KEY = 'last-dataset';

/** What is stored under "last-dataset". */
interface StoredDataset extends DatasetIdentity {
  bytes: Uint8Array<ArrayBuffer>;
}

/** SHA-256 of bytes as 64 hex digits (crypto.subtle copies the bytes before it returns: they may be transferred right after). */
export function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digesting = crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return digesting.then((digest) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''));
}

/** A page source's bytes (text as UTF-8); null for a path, which only the desktop's main can read. */
export function sourceBytes(source: DatasetSource): Uint8Array | null {
  if (source.kind === 'bytes') return source.bytes;
  if (source.kind === 'text') return new TextEncoder().encode(source.text);
  return null;
}

/** "12.5 MB" */
export function megabytes(size: number): string {
  return `${(size / 1024 / 1024).toFixed(size < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The last dataset's bytes, name, size and SHA-256 under one key of the page's storage, up to `cap` bytes. */
export class WebDatasetKeeper {
  constructor(private readonly store: KeyValueStore, readonly cap = WEB_KEPT_DATASET_CAP) {}

  /**
   * Keeps a page source (its copy and hash are taken before this returns); a source over the cap is not
   * kept and an older kept copy is dropped (it would be stale). Null for a path source.
   */
  keep(source: DatasetSource): Promise<KeptDataset | null> {
    const bytes = sourceBytes(source);
    if (bytes === null || source.kind === 'path') return Promise.resolve(null);
    const isKept = bytes.byteLength <= this.cap;
    const copy = isKept ? new Uint8Array(bytes) : null; // a copy of its own: the source's buffer is about to be transferred
    const hashing = sha256Hex(bytes);
    return this.#store(source.name, bytes.byteLength, hashing, copy);
  }

  async #store(name: string, size: number, hashing: Promise<string>, copy: Uint8Array<ArrayBuffer> | null): Promise<KeptDataset> {
    const identity: DatasetIdentity = { name, size, sha256: await hashing };
    if (copy === null) {
      await this.store.delete(KEY);
      return { identity, isKept: false, reason: `it is ${megabytes(size)}, over the ${megabytes(this.cap)} this page keeps` };
    }
    await this.store.put(KEY, { ...identity, bytes: copy } satisfies StoredDataset, `the copy of ${name}`);
    return { identity, isKept: true, reason: null };
  }

  /** The kept copy as a source, checked against its recorded size and SHA-256; a damaged or foreign value is refused, never thrown. */
  async reopen(): Promise<ReopenedDataset> {
    const value = await this.store.get(KEY).catch(() => undefined);
    if (value === null) return { status: 'none' };
    const stored = storedDatasetOf(value);
    if (stored === null) return { status: 'refused', name: 'the last dataset', reason: 'the kept copy of the last dataset could not be read' };
    const { bytes, ...identity } = stored;
    if (bytes.byteLength !== identity.size || (await sha256Hex(bytes)) !== identity.sha256) {
      return { status: 'refused', name: identity.name, reason: `the kept copy of ${identity.name} is damaged` };
    }
    return { status: 'reopened', source: { kind: 'bytes', name: identity.name, bytes }, identity };
  }

  forget(): Promise<void> {
    return this.store.delete(KEY);
  }
}

/** The stored value when it has the stored shape; null otherwise. */
function storedDatasetOf(value: unknown): StoredDataset | null {
  const stored = value as Partial<StoredDataset> | null | undefined;
  if (typeof stored !== 'object' || stored === null) return null;
  const { name, size, sha256, bytes } = stored;
  const isValid = typeof name === 'string' && Number.isSafeInteger(size) && typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256)
    && bytes instanceof Uint8Array && bytes.buffer instanceof ArrayBuffer;
  return isValid ? { name, size: size as number, sha256, bytes } : null;
}
