import { open, rename, rm, mkdir, readFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that readers see the old content or the new, never a half: write a temporary
 * file beside it, flush it to disk, then rename over the target (atomic on one file system).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** JSON from a file, or `fallback` when it is missing or unreadable (a corrupt file does not stop the app). */
export async function readJson(file: string, fallback: unknown = null, reviver?: (key: string, value: unknown) => unknown): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'), reviver);
  } catch {
    return fallback;
  }
}
