import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebDatasetKeeper, sha256Hex } from '../../../src/renderer/host/kept-dataset';
import { memoryStore } from './memory-store';

const PENGUINS = 'species,island,bill_length_mm\nAdelie,Torgersen,39.1\n';
const bytesOf = (text: string) => new TextEncoder().encode(text);
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('the web build keeps the last dataset in its storage', () => {
  it('keeps a file under the cap and gives it back with its name, size and SHA-256', async () => {
    const keeper = new WebDatasetKeeper(memoryStore(), 1000);
    const kept = await keeper.keep({ kind: 'bytes', name: 'penguins.csv', bytes: bytesOf(PENGUINS) });
    const identity = { name: 'penguins.csv', size: PENGUINS.length, sha256: sha256(PENGUINS) };
    expect(kept).toEqual({ identity, isKept: true, reason: null });
    const reopened = await keeper.reopen();
    expect(reopened).toMatchObject({ status: 'reopened', identity });
    expect(new TextDecoder().decode((reopened as { source: { bytes: Uint8Array } }).source.bytes)).toBe(PENGUINS);
  });

  it('copies and hashes the bytes before it returns, so the caller may transfer them to the engine at once', async () => {
    const keeper = new WebDatasetKeeper(memoryStore(), 1000);
    const bytes = bytesOf(PENGUINS);
    const keeping = keeper.keep({ kind: 'bytes', name: 'penguins.csv', bytes });
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] }); // what postMessage to the worker does
    expect(bytes.byteLength).toBe(0); // the source is gone: a copy taken later would be empty (negative control)
    expect((await keeping)?.identity.sha256).toBe(sha256(PENGUINS));
    const reopened = await keeper.reopen() as { source: { bytes: Uint8Array } };
    expect(reopened.source.bytes.byteLength).toBe(PENGUINS.length);
  });

  it('does not keep a file over the cap, says why, and drops the older kept copy (it would be stale)', async () => {
    const store = memoryStore();
    const keeper = new WebDatasetKeeper(store, 64);
    await keeper.keep({ kind: 'text', name: 'small.csv', text: 'a,b\n1,2\n' });
    const big = 'x,y\n'.repeat(20);
    const kept = await keeper.keep({ kind: 'text', name: 'big.csv', text: big });
    expect(kept).toEqual({ identity: { name: 'big.csv', size: 80, sha256: sha256(big) }, isKept: false, reason: 'it is 0.0 MB, over the 0.0 MB this page keeps' });
    await expect(keeper.reopen()).resolves.toEqual({ status: 'none' });
  });

  it('keeps a file of exactly the cap (the cap is inclusive)', async () => {
    const keeper = new WebDatasetKeeper(memoryStore(), 8);
    await expect(keeper.keep({ kind: 'text', name: 'edge.csv', text: 'a,b\n1,2\n' })).resolves.toMatchObject({ isKept: true });
  });

  it('the 50 MiB cap is said in megabytes', async () => {
    const keeper = new WebDatasetKeeper(memoryStore());
    expect(keeper.cap).toBe(50 * 1024 * 1024);
    const kept = await keeper.keep({ kind: 'bytes', name: 'huge.csv', bytes: new Uint8Array(keeper.cap + 1) });
    expect(kept?.reason).toBe('it is 50 MB, over the 50 MB this page keeps');
  });

  it('hashes text as its UTF-8 bytes', async () => {
    const keeper = new WebDatasetKeeper(memoryStore(), 1000);
    const kept = await keeper.keep({ kind: 'text', name: 'ü.csv', text: 'naïve,ü\n' });
    expect(kept?.identity).toEqual({ name: 'ü.csv', size: bytesOf('naïve,ü\n').byteLength, sha256: sha256('naïve,ü\n') });
  });

  it('keeps nothing of a path (only the desktop\'s main can read one)', async () => {
    await expect(new WebDatasetKeeper(memoryStore()).keep({ kind: 'path', path: 'grant-0/x.csv' })).resolves.toBeNull();
  });

  it.each([
    ['a string', 'penguins'],
    ['bytes that are not bytes', { name: 'p.csv', size: 3, sha256: 'a'.repeat(64), bytes: 'abc' }],
    ['no hash', { name: 'p.csv', size: 3, bytes: new Uint8Array(3) }],
    ['an array', [1, 2, 3]],
  ])('a stored value that is %s is refused with a reason, never thrown', async (_what, value) => {
    const keeper = new WebDatasetKeeper(memoryStore(new Map([['last-dataset', value]])));
    await expect(keeper.reopen()).resolves.toEqual({ status: 'refused', name: 'the last dataset', reason: 'the kept copy of the last dataset could not be read' });
  });

  it('a kept copy whose bytes no longer match its SHA-256 is refused as damaged', async () => {
    const store = memoryStore();
    const keeper = new WebDatasetKeeper(store, 1000);
    await keeper.keep({ kind: 'text', name: 'penguins.csv', text: PENGUINS });
    const stored = store.entries.get('last-dataset') as { bytes: Uint8Array };
    stored.bytes[0] ^= 1;
    await expect(keeper.reopen()).resolves.toEqual({ status: 'refused', name: 'penguins.csv', reason: 'the kept copy of penguins.csv is damaged' });
  });

  it('a storage that cannot be read is refused, never thrown', async () => {
    const keeper = new WebDatasetKeeper({ ...memoryStore(), get: async () => { throw new Error('IndexedDB is closed'); } });
    await expect(keeper.reopen()).resolves.toMatchObject({ status: 'refused' });
  });

  it('forget leaves nothing to reopen', async () => {
    const keeper = new WebDatasetKeeper(memoryStore(), 1000);
    await keeper.keep({ kind: 'text', name: 'penguins.csv', text: PENGUINS });
    await keeper.forget();
    await expect(keeper.reopen()).resolves.toEqual({ status: 'none' });
  });

  it('sha256Hex agrees with Node\'s SHA-256, and differs for one changed byte (negative control)', async () => {
    const bytes = bytesOf(PENGUINS);
    expect(await sha256Hex(bytes)).toBe(sha256(PENGUINS));
    bytes[3] ^= 1;
    expect(await sha256Hex(bytes)).not.toBe(sha256(PENGUINS));
  });
});
