import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { removeStaleTemporaries, writeFileDurably } from '../node-host/durable-file';

/**
 * Writes a file so that readers see the old content or the new, never a half: a recognisable temporary
 * file beside it, flushed to disk, renamed over the target (atomic on one file system), the folder
 * fsynced. Temporary files that killed runs left beside it are removed first.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await removeStaleTemporaries(dirname(file), [file]);
  await writeFileDurably(file, data, 0o600);
}

/** JSON from a file, or `fallback` when it is missing or unreadable (a corrupt file does not stop the app). */
export async function readJson(file: string, fallback: unknown = null, reviver?: (key: string, value: unknown) => unknown): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'), reviver);
  } catch {
    return fallback;
  }
}
