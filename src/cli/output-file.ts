/**
 * Every file the CLI writes goes through here: the destination is checked before any work starts
 * (a file in an existing, writable folder, not one of the command's inputs), the bytes go to a
 * recognisable temporary file beside it, are flushed to disk (fsync) and renamed over the target, so a
 * reader sees the old file or the new one, never a part. Temporary files of killed runs are removed by
 * the next run that writes into the same folder. Every failure is one UserError line (exit 2).
 */
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { removeStaleTemporaries, syncFolder, temporaryFor } from '../node-host/durable-file';
import { UserError } from './errors';

/** A system error code in words: ENOSPC → "no space left on device (ENOSPC)". */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EROFS: 'the folder is on a read-only file system',
    EACCES: 'permission denied', EPERM: 'permission denied', ENOENT: 'no such folder', ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder', EIO: 'input/output error', EFBIG: 'the file is too large', ENAMETOOLONG: 'the name is too long',
  };
  return code ? `${words[code] ?? 'cannot write'} (${code})` : (error as Error)?.message ?? String(error);
}

async function statOrNull(path: string): Promise<import('node:fs').Stats | null> {
  try { return await stat(path); } catch { return null; }
}

/**
 * Checks `--out PATH` before any work: not a folder, not a special file, not one of `inputs` (same path
 * or same file through a link), in an existing folder where a file can be created. Cleans stale temps there.
 */
export async function checkOutputPath(path: string, inputs: string[]): Promise<void> {
  if (path === '' || /[\\/]$/.test(path)) throw new UserError(`--out "${path}" is a folder name; give a file name`);
  const target = await statOrNull(path);
  if (target?.isDirectory()) throw new UserError(`--out ${path} is a folder; give a file name`);
  if (target && !target.isFile()) throw new UserError(`--out ${path} is not a regular file`);
  for (const input of inputs) {
    const source = await statOrNull(input);
    const same = resolve(input) === resolve(path) || (target && source && target.dev === source.dev && target.ino === source.ino);
    if (same) throw new UserError(`--out ${path} is the input ${input}; choose another file so the input is kept`);
  }
  const folder = dirname(resolve(path));
  const info = await statOrNull(folder);
  if (!info) throw new UserError(`--out ${path}: the folder ${dirname(path)} does not exist`);
  if (!info.isDirectory()) throw new UserError(`--out ${path}: ${dirname(path)} is not a folder`);
  await removeStaleTemporaries(folder, [path]);
  const probe = temporaryFor(resolve(path));
  try {
    await (await open(probe, 'wx', 0o644)).close();
  } catch (error) {
    throw new UserError(`--out ${path}: cannot write in ${dirname(path)}: ${describeIoError(error)}`);
  } finally {
    await rm(probe, { force: true });
  }
}

/** A file being written: write() queues text, commit() flushes, fsyncs and renames into place, abort() removes the temp. */
export class OutputFile {
  private failure: unknown = null;
  private chain: Promise<void> = Promise.resolve();
  private done = false;

  private constructor(readonly path: string, private readonly temporary: string, private readonly handle: FileHandle) {}

  /** Opens the temporary file beside `path` (the destination is expected checked by checkOutputPath). */
  static async create(path: string): Promise<OutputFile> {
    const temporary = temporaryFor(path);
    try {
      return new OutputFile(path, temporary, await open(temporary, 'wx', 0o644));
    } catch (error) {
      throw new UserError(`cannot write ${path}: ${describeIoError(error)}`);
    }
  }

  /** Appends text or bytes after what was written before; a failure is kept and thrown by commit(). */
  write(data: string | Uint8Array): void {
    if (this.failure || this.done) return;
    this.chain = this.chain.then(() => this.handle.writeFile(data)).then(() => {}, (error: unknown) => { this.failure ??= error; });
  }

  /** Throws the write failure, if one happened, so the caller stops producing rows for a file that cannot be written. */
  throwIfFailed(): void {
    if (this.failure) throw new UserError(`cannot write ${this.path}: ${describeIoError(this.failure)}; ${this.path} was left as it was`);
  }

  /** Flush, fsync, close, rename over the destination, fsync the folder. On failure the temp is removed and the old file kept. */
  async commit(): Promise<void> {
    this.done = true;
    await this.chain;
    try {
      if (this.failure) throw this.failure;
      await this.handle.sync();
      await this.handle.close();
      await rename(this.temporary, this.path);
    } catch (error) {
      await this.handle.close().catch(() => {});
      await rm(this.temporary, { force: true });
      throw new UserError(`cannot write ${this.path}: ${describeIoError(error)}; ${this.path} was left as it was`);
    }
    await syncFolder(dirname(resolve(this.path)));
  }

  /** Drops the temporary file (after an error elsewhere): the destination is untouched. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.chain;
    await this.handle.close().catch(() => {});
    await rm(this.temporary, { force: true });
  }
}

/** Writes the whole text or bytes to `path` durably (temp, fsync, rename); a failure leaves the old file and no temp. */
export async function writeOutputFile(path: string, data: string | Uint8Array): Promise<void> {
  const file = await OutputFile.create(path);
  file.write(data);
  await file.commit();
}
