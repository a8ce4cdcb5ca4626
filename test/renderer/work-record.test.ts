import { describe, expect, test } from 'vitest';
import { FILES_REMEMBERED, memoryOf, readWork, withFile, type FileMemory } from '../../src/renderer/studio/state/work-record';
import type { DesignSnapshot } from '../../src/renderer/studio/state/design-snapshot';

const design = { version: 1, network: { hidden: [], init: 'auto' }, train: {}, data: null } as unknown as DesignSnapshot;
const hash = (n: number) => n.toString(16).padStart(64, '0');
const memory = (n: number, name = `file-${n}.csv`): FileMemory => ({ identity: { name, size: 100 + n, sha256: hash(n) }, design, usedAt: n });

describe('the remembered work record', () => {
  test('keeps the 20 most recently used files, newest first', () => {
    let files: FileMemory[] = [];
    for (let n = 1; n <= FILES_REMEMBERED + 1; n++) files = withFile(files, memory(n));
    expect(files).toHaveLength(20);
    expect(files[0].identity.name).toBe('file-21.csv');
    expect(memoryOf(files, memory(1).identity)).toBeNull(); // the least recently used went
    expect(memoryOf(files, memory(2).identity)).not.toBeNull();
  });

  test('a file used again moves to the front and is listed once', () => {
    const files = withFile(withFile(withFile([], memory(1)), memory(2)), { ...memory(1), usedAt: 99 });
    expect(files.map((f) => [f.identity.name, f.usedAt])).toEqual([['file-1.csv', 99], ['file-2.csv', 2]]);
  });

  test('a file is recognised by name and content: the same name with another hash, or the same hash under another name, is not it', () => {
    const files = [memory(1, 'penguins.csv')];
    expect(memoryOf(files, { name: 'penguins.csv', size: 101, sha256: hash(1) })).not.toBeNull();
    expect(memoryOf(files, { name: 'penguins.csv', size: 101, sha256: hash(2) })).toBeNull();
    expect(memoryOf(files, { name: 'penguins-copy.csv', size: 101, sha256: hash(1) })).toBeNull();
  });

  test('nothing stored is no work and no problem', () => {
    expect(readWork(null)).toEqual({ work: { version: 1, last: null, files: [] }, problem: null });
  });

  test('a malformed file entry is left out on its own; the others are read', () => {
    const { work, problem } = readWork({ version: 1, last: null, files: [memory(1), { identity: { name: 'x' } }, 'junk', memory(2)] });
    expect(work.files.map((f) => f.identity.name)).toEqual(['file-1.csv', 'file-2.csv']);
    expect(problem).toBeNull();
  });

  test('a sample that is not one of the bundled samples makes the last dataset unreadable', () => {
    const { work, problem } = readWork({ version: 1, last: { dataset: { kind: 'sample', sample: '../../etc', name: 'x' }, design }, files: [] });
    expect(work.last).toBeNull();
    expect(problem).toBe('its last dataset is not readable');
  });

  test('a good last dataset is read as it was (negative control of the refusals)', () => {
    const last = { dataset: { kind: 'sample', sample: 'digits', name: 'digits-8x8.csv' }, design };
    expect(readWork({ version: 1, last, files: [] })).toEqual({ work: { version: 1, last, files: [] }, problem: null });
  });
});
