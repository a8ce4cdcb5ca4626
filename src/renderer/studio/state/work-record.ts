/**
 * The stored form of the studio's remembered work (user data "work"): the last dataset (a sample by
 * name, or a file by name, size and SHA-256) with its design, and the design last used with each of the
 * most recent files. Reading it never throws: a damaged or foreign value reads as no work, with a reason.
 */
import type { DatasetIdentity, SampleName } from '../../host/types';
import type { DesignSnapshot } from './design-snapshot';

/** The record's format version; a record of another version is ignored with a note. */
export const WORK_RECORD_VERSION = 1;

/** How many files keep their design (the most recently used ones). */
export const FILES_REMEMBERED = 20;

const SAMPLE_NAMES: readonly SampleName[] = ['iris', 'digits', 'mnist'];

/** A dataset as the record names it: a bundled sample, or a file (kept by the host, or only known by its identity, and why). */
export type DatasetRef =
  | { kind: 'sample'; sample: SampleName; name: string }
  | { kind: 'file'; identity: DatasetIdentity; isKept: boolean; reason: string | null };

/** The design last used with one file. */
export interface FileMemory {
  identity: DatasetIdentity;
  design: DesignSnapshot;
  /** Date.now() when it was last saved */
  usedAt: number;
}

/** Everything remembered: the last dataset with its design, and the design per recent file. */
export interface WorkRecord {
  version: number;
  last: { dataset: DatasetRef; design: DesignSnapshot } | null;
  /** newest first, at most FILES_REMEMBERED */
  files: FileMemory[];
}

/** No work remembered yet. */
export function emptyWork(): WorkRecord {
  return { version: WORK_RECORD_VERSION, last: null, files: [] };
}

/** The name a dataset is shown and loaded under. */
export function refName(ref: DatasetRef): string {
  return ref.kind === 'sample' ? ref.name : ref.identity.name;
}

/** Two identities name the same file when name, size and SHA-256 agree. */
export function sameFile(a: DatasetIdentity, b: DatasetIdentity): boolean {
  return a.name === b.name && a.size === b.size && a.sha256 === b.sha256;
}

/** The design last used with this file (same name and content), or null. */
export function memoryOf(files: readonly FileMemory[], identity: DatasetIdentity): FileMemory | null {
  return files.find((memory) => sameFile(memory.identity, identity)) ?? null;
}

/** `memory` first, its older entry dropped, at most `limit` entries (the least recently used go). */
export function withFile(files: readonly FileMemory[], memory: FileMemory, limit = FILES_REMEMBERED): FileMemory[] {
  return [memory, ...files.filter((other) => !sameFile(other.identity, memory.identity))].slice(0, limit);
}

/**
 * A stored value as a record. null (nothing stored) is no work and no problem; anything else that is not
 * a record of this version is no work, with the reason. Malformed file entries are left out one by one.
 */
export function readWork(value: unknown): { work: WorkRecord; problem: string | null } {
  if (value === null || value === undefined) return { work: emptyWork(), problem: null };
  const record = value as Partial<WorkRecord>;
  if (typeof record !== 'object' || Array.isArray(record)) return { work: emptyWork(), problem: 'it is not a record of this app' };
  if (record.version !== WORK_RECORD_VERSION) return { work: emptyWork(), problem: `it has version ${String(record.version)}, not ${WORK_RECORD_VERSION}` };
  const last = lastOf(record.last);
  const files = Array.isArray(record.files) ? record.files.filter(isFileMemory).slice(0, FILES_REMEMBERED) : [];
  const damagedLast = record.last !== null && record.last !== undefined && last === null;
  return { work: { version: WORK_RECORD_VERSION, last, files }, problem: damagedLast ? 'its last dataset is not readable' : null };
}

function lastOf(value: unknown): WorkRecord['last'] {
  const last = value as Partial<NonNullable<WorkRecord['last']>> | null;
  if (typeof last !== 'object' || last === null) return null;
  return isDatasetRef(last.dataset) && isDesign(last.design) ? { dataset: last.dataset, design: last.design } : null;
}

function isDatasetRef(value: unknown): value is DatasetRef {
  const ref = value as Partial<Record<string, unknown>> | null;
  if (typeof ref !== 'object' || ref === null) return false;
  if (ref.kind === 'sample') return SAMPLE_NAMES.includes(ref.sample as SampleName) && typeof ref.name === 'string';
  return ref.kind === 'file' && isIdentity(ref.identity) && typeof ref.isKept === 'boolean' && (ref.reason === null || typeof ref.reason === 'string');
}

function isIdentity(value: unknown): value is DatasetIdentity {
  const identity = value as Partial<DatasetIdentity> | null;
  return typeof identity === 'object' && identity !== null && typeof identity.name === 'string'
    && Number.isSafeInteger(identity.size) && typeof identity.sha256 === 'string' && /^[0-9a-f]{64}$/.test(identity.sha256);
}

/** The snapshot's outline (applyDesign checks every value against the settings table). */
function isDesign(value: unknown): value is DesignSnapshot {
  const design = value as Partial<DesignSnapshot> | null;
  return typeof design === 'object' && design !== null && typeof design.version === 'number'
    && typeof design.network === 'object' && design.network !== null && typeof design.train === 'object' && design.train !== null;
}

function isFileMemory(value: unknown): value is FileMemory {
  const memory = value as Partial<FileMemory> | null;
  return typeof memory === 'object' && memory !== null && isIdentity(memory.identity) && isDesign(memory.design) && typeof memory.usedAt === 'number';
}
