/**
 * The web build's storage: one IndexedDB database of key → value (structured clone, so model bytes stay
 * Uint8Array), used by the page (run history, models, settings) and by the engine worker (checkpoints).
 */
const DATABASE = 'backprop-studio';
const STORE = 'kv';

/** A storage write the browser refused for lack of space: says what was not saved. */
export class QuotaError extends Error {
  constructor(readonly what: string) {
    super(`${what} was not saved: the browser's storage for this page is full (delete old runs, or free space for this site)`);
    this.name = 'QuotaError';
  }
}

let opened: Promise<IDBDatabase> | null = null;

/** The database, opened once (version 1 creates its one object store). */
function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opened = null; reject(request.error ?? new Error('IndexedDB did not open')); };
  });
  return opened;
}

/** Runs one request in a transaction; resolves when the transaction is committed (so a write is on disk, or failed whole). */
async function transact<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = run(transaction.objectStore(STORE));
    // a write is committed at once, not when the page's task ends: a save made as the page goes away (pagehide) still lands
    if (mode === 'readwrite') transaction.commit?.();
    transaction.oncomplete = () => resolve(request.result);
    transaction.onabort = () => reject(transaction.error ?? request.error ?? new Error('the storage transaction was aborted'));
    transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error('the storage transaction failed'));
  });
}

/** The value under `key`, or null. */
export async function idbGet(key: string): Promise<unknown> {
  return (await transact('readonly', (store) => store.get(key))) ?? null;
}

/** Stores `value` under `key`; a full quota becomes a QuotaError naming `what`. */
export async function idbPut(key: string, value: unknown, what: string): Promise<void> {
  try {
    await transact('readwrite', (store) => store.put(value, key));
  } catch (error) {
    if ((error as DOMException | null)?.name === 'QuotaExceededError') throw new QuotaError(what);
    throw error;
  }
}

export async function idbDelete(key: string): Promise<void> {
  await transact('readwrite', (store) => store.delete(key));
}

/** The engine worker's CheckpointStore in IndexedDB (one checkpoint: the current run's). */
export const idbCheckpointStore = {
  save: (bytes: Uint8Array): Promise<void> => idbPut('checkpoint', bytes, 'the run\'s checkpoint'),
  load: async (): Promise<Uint8Array | null> => {
    const value = await idbGet('checkpoint');
    return value instanceof Uint8Array ? value : null;
  },
  clear: (): Promise<void> => idbDelete('checkpoint'),
};
