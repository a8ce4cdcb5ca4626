import { mkdir, readFile, rename } from 'node:fs/promises';
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

/** What readJson found: the value, nothing (no file), or a damaged file moved aside to `keptAs`. */
export type JsonRead = { value: unknown } | { missing: true } | { damaged: string; keptAs: string | null };

/**
 * JSON from a file. A file that is not valid JSON is renamed to `<name>.damaged-<time>` (never read as
 * empty and overwritten later) and reported, so a corrupt run history can still be recovered by hand.
 */
export async function readJson(file: string, reviver?: (key: string, value: unknown) => unknown): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { damaged: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, keptAs: null };
  }
  try {
    return { value: JSON.parse(text, reviver) };
  } catch (error) {
    const keptAs = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const moved = await rename(file, keptAs).then(() => true, () => false);
    return { damaged: `is not valid JSON (${(error as Error).message})`, keptAs: moved ? keptAs : null };
  }
}
