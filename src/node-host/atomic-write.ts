/** Writing a checkpoint so a crash at any moment leaves the old content or the new, never half of either. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileDurably } from './durable-file';

/** Creates `path`'s folder when missing, then writes durably (temp + fsync + rename + folder fsync: durable-file.ts). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileDurably(path, data, 0o600);
}
