/**
 * Durable file writes shared by the CLI and the desktop app: a recognisable temporary file beside the
 * target, fsync, rename over the target, fsync of the folder; temporaries of killed runs removed later.
 * A reader sees the old file or the new one, never a part, whatever happens (kill, full disk, power cut).
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary files are named `.<target>.<pid>-<random>.backprop-tmp`, so a later run can recognise them. */
export const TEMP_SUFFIX = '.backprop-tmp';
const TEMP_NAME = /^\.(.+)\.(\d+)-[0-9a-f]+\.backprop-tmp$/;
/** The temporary names older versions used: `<target>.<pid>.tmp` (CLI) and `.<target>.<hex>.tmp` (app). */
const LEGACY_PID_NAME = /^(.+)\.(\d+)\.tmp$/;
const LEGACY_APP_NAME = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

/** A fresh temporary path beside `path` for this process. */
export const temporaryFor = (path: string): string => join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);

/** True when no process with this id runs (a temporary file of a live run is left alone). */
function isDead(pid: number): boolean {
  if (pid === process.pid) return false;
  try { process.kill(pid, 0); return false; } catch (error) { return (error as NodeJS.ErrnoException).code === 'ESRCH'; }
}

/**
 * Removes the temporary files killed runs left in `folder`: ours (by name, when their process is gone)
 * and the older namings of the files in `targets` (whose writers are gone once this run holds them).
 * Returns how many were removed.
 */
export async function removeStaleTemporaries(folder: string, targets: string[] = []): Promise<number> {
  let names: string[];
  try { names = await readdir(folder); } catch { return 0; }
  const known = new Set(targets.map((t) => basename(t)));
  let removed = 0;
  for (const name of names) {
    const ours = TEMP_NAME.exec(name);
    const legacyPid = ours ? null : LEGACY_PID_NAME.exec(name);
    const legacyApp = ours || legacyPid ? null : LEGACY_APP_NAME.exec(name);
    const stale = ours ? isDead(Number(ours[2]))
      : legacyPid ? known.has(legacyPid[1]) && isDead(Number(legacyPid[2]))
        : legacyApp ? known.has(legacyApp[1]) : false;
    if (stale) await rm(join(folder, name), { force: true }).then(() => { removed++; }, () => {});
  }
  return removed;
}

/** fsync on the folder so the rename itself survives a power cut (best effort: some file systems refuse it). */
export async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try { await handle.sync(); } finally { await handle.close(); }
  } catch { /* the rename is still atomic */ }
}

/** Writes `data` to `path` via a temporary file, fsync and rename; on any failure the temp is removed and the error thrown. */
export async function writeFileDurably(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const temporary = temporaryFor(path);
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}
