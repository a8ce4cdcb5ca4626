import { join } from 'node:path';
import type { UserDataKey } from '../shared/bridge';
import { readJson, writeFileAtomic } from './atomic-file';

/**
 * User data as JSON text. Byte arrays (a run's model file, sent by the page as a Uint8Array so it never
 * decodes it) are kept as `{"$bytes": "<base64>"}` and come back as Uint8Arrays.
 */
export function userDataJson(value: unknown, space?: number): string | undefined {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    const original = this[key]; // before toJSON: a Buffer would otherwise arrive as {type, data}
    return original instanceof Uint8Array ? { $bytes: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64') } : item;
  }, space);
}

/** The reviver matching userDataJson: `{"$bytes": "<base64>"}` back into a Uint8Array. */
export function reviveUserData(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const encoded = (value as { $bytes?: unknown }).$bytes;
  return keys.length === 1 && typeof encoded === 'string' ? new Uint8Array(Buffer.from(encoded, 'base64')) : value;
}

/** Files main keeps for itself (the page cannot name them): recent files, the last dataset's path and fingerprint. */
export type MainDataKey = 'recent-files' | 'last-dataset';

/** Settings, runs, remembered work and recent files as JSON files in app.getPath('userData'), written atomically. */
export class UserDataStore {
  /** `onDamaged` hears of a file that could not be read (and where it was kept), once per load. */
  constructor(private readonly directory: string, private readonly onDamaged: (message: string) => void = () => {}) {}

  /** Keys whose damaged file could not be moved aside: never overwritten. */
  private readonly blocked = new Set<string>();

  fileFor(key: UserDataKey | MainDataKey): string {
    return join(this.directory, `${key}.json`);
  }

  /** The saved value, or null when there is none or the file is damaged (then moved aside and reported). */
  async load(key: UserDataKey | MainDataKey): Promise<unknown> {
    const file = this.fileFor(key);
    const read = await readJson(file, reviveUserData);
    if ('value' in read) return read.value;
    if ('damaged' in read) {
      this.onDamaged(`${file} ${read.damaged}; ${read.keptAs ? `it was kept as ${read.keptAs} and a new one is started` : 'it was left in place'}`);
      if (!read.keptAs) {
        this.blocked.add(key);
        throw new Error(`${file} ${read.damaged}; it is not overwritten`);
      }
    }
    return null;
  }

  save(key: UserDataKey | MainDataKey, value: unknown): Promise<void> {
    if (this.blocked.has(key)) return Promise.reject(new Error(`${this.fileFor(key)} could not be read and is not overwritten; move it away and restart`));
    const text = userDataJson(value, 1);
    if (text === undefined) return Promise.reject(new Error(`user data "${key}" is not JSON data`));
    return writeFileAtomic(this.fileFor(key), text);
  }
}

/** The most recently opened files, newest first, without duplicates, at most `limit`. */
export class RecentFiles {
  constructor(private readonly store: UserDataStore, private readonly limit = 10) {}

  async list(): Promise<string[]> {
    const value = await this.store.load('recent-files');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, this.limit) : [];
  }

  async add(path: string): Promise<string[]> {
    const next = [path, ...(await this.list()).filter((item) => item !== path)].slice(0, this.limit);
    await this.store.save('recent-files', next);
    return next;
  }

  /** Drops a path (a recent file that is gone); the rest keep their order. */
  async remove(path: string): Promise<string[]> {
    const next = (await this.list()).filter((item) => item !== path);
    await this.store.save('recent-files', next);
    return next;
  }
}
