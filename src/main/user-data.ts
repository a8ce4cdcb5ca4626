import { join } from 'node:path';
import type { UserDataKey } from '../shared/bridge';
import { readJson, writeFileAtomic } from './atomic-file';

/** Settings, runs and recent files as JSON files in app.getPath('userData'), written atomically. */
export class UserDataStore {
  constructor(private readonly directory: string) {}

  fileFor(key: UserDataKey | 'recent-files'): string {
    return join(this.directory, `${key}.json`);
  }

  load(key: UserDataKey | 'recent-files'): Promise<unknown> {
    return readJson(this.fileFor(key));
  }

  save(key: UserDataKey | 'recent-files', value: unknown): Promise<void> {
    return writeFileAtomic(this.fileFor(key), JSON.stringify(value, null, 1));
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
}
