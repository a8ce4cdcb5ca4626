/** A run's checkpoint as one file in a folder (the desktop app's user data), replaced atomically on each save. */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

/** The engine host's CheckpointStore shape (structural: node-host imports nothing above the engine). */
export interface FileCheckpointStore {
  readonly path: string;
  save(bytes: Uint8Array): Promise<void>;
  load(): Promise<Uint8Array | null>;
  clear(): Promise<void>;
}

/** The store of `folder`/run.checkpoint: save = temp + fsync + rename; load = its bytes or null when there is none. */
export function fileCheckpointStore(folder: string): FileCheckpointStore {
  const path = join(folder, 'run.checkpoint');
  return {
    path,
    save: (bytes) => writeFileAtomic(path, bytes),
    async load() {
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    clear: () => rm(path, { force: true }),
  };
}
