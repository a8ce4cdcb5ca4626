/**
 * The last dataset, kept by path in main (the page never sees nor sends a path). At start it is reopened
 * only when the file is still there with the same size and SHA-256; otherwise the answer says why, so
 * the studio's note can tell the user. A reopened file gets a fresh grant: the engine reads it like any
 * file the user chose.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute } from 'node:path';
import type { DatasetIdentity, LastDatasetAnswer } from '../shared/bridge';
import type { FileGrants } from './file-grants';
import type { UserDataStore } from './user-data';

/** A file's size in bytes and the SHA-256 of its bytes (hex). */
export interface FileFingerprint {
  size: number;
  sha256: string;
}

/** What main keeps of the last dataset (user data "last-dataset"). */
export interface KeptPath extends FileFingerprint {
  path: string;
}

/** Size and SHA-256 of a file, read as a stream (a dataset may be up to 2 GiB; it is never held whole). */
export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    size += (chunk as Buffer).byteLength;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/** A stored "last-dataset" value, or null when it is not one (missing, damaged, from a foreign version). */
export function keptPathOf(value: unknown): KeptPath | null {
  const kept = value as Partial<KeptPath> | null;
  if (typeof kept !== 'object' || kept === null) return null;
  const { path, size, sha256 } = kept;
  const isValid = typeof path === 'string' && isAbsolute(path) && Number.isSafeInteger(size) && (size as number) >= 0
    && typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256);
  return isValid ? { path, size: size as number, sha256 } : null;
}

/** Why a kept file is not reopened, in words; null when it is the same file (size first: cheap, then the hash). */
export function changeOf(kept: KeptPath, now: FileFingerprint | null): string | null {
  const name = basename(kept.path);
  if (now === null) return `${name} was not reopened: it is no longer in ${dirname(kept.path)}`;
  if (now.size !== kept.size) return `${name} was not reopened: its size changed (${bytes(kept.size)} then, ${bytes(now.size)} now)`;
  if (now.sha256 !== kept.sha256) return `${name} was not reopened: its content changed (same size, different SHA-256)`;
  return null;
}

function bytes(size: number): string {
  return `${size.toLocaleString('en-US')} bytes`;
}

/** The store's part this needs (UserDataStore, or a test double). */
export type LastDatasetStore = Pick<UserDataStore, 'load' | 'save'>;

/** The last dataset's path and fingerprint in main's user data: remember, reopen (only when unchanged), forget. */
export class LastDataset {
  constructor(
    private readonly store: LastDatasetStore,
    private readonly grants: FileGrants,
    /** `expectedSize`: a file of another size is not hashed (its sha256 is then '') */
    private readonly fingerprint: (path: string, expectedSize?: number) => Promise<FileFingerprint | null> = fingerprintIfPresent,
  ) {}

  /** Keeps a granted file as the last dataset; its identity, or null for a token main never granted. */
  async remember(token: string): Promise<{ path: string; identity: DatasetIdentity } | null> {
    const path = this.grants.pathOf(token);
    if (path === null) return null;
    const fingerprint = await this.fingerprint(path);
    if (fingerprint === null) return null;
    await this.store.save('last-dataset', { path, ...fingerprint } satisfies KeptPath);
    return { path, identity: { name: basename(path), ...fingerprint } };
  }

  /** The last dataset under a fresh grant when unchanged; else why not; 'none' when nothing (readable) is kept. */
  async reopen(): Promise<LastDatasetAnswer> {
    const kept = keptPathOf(await this.store.load('last-dataset').catch(() => null));
    if (kept === null) return { status: 'none' };
    const now = await this.fingerprint(kept.path, kept.size);
    const reason = changeOf(kept, now);
    if (reason !== null || now === null) return { status: 'refused', name: basename(kept.path), reason: reason ?? '' };
    return { status: 'reopened', token: this.grants.grant(kept.path), identity: { name: basename(kept.path), ...now } };
  }

  /** Start fresh: nothing is reopened at the next start. */
  async forget(): Promise<void> {
    await this.store.save('last-dataset', null);
  }
}

/**
 * The fingerprint of a regular file, or null when there is none at that path (gone, a folder, unreadable).
 * A file whose size is not `expectedSize` is not read: its sha256 is '' (it differs already).
 */
export async function fingerprintIfPresent(path: string, expectedSize?: number): Promise<FileFingerprint | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  if (expectedSize !== undefined && info.size !== expectedSize) return { size: info.size, sha256: '' };
  return fingerprintFile(path).catch(() => null);
}
