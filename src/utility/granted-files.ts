/**
 * The utility process reads only files the user chose: what the page sends is a token that main
 * granted, turned into a path by asking main over parentPort. A raw path from the page is refused.
 */
import type { ElectronPortLike } from './electron-port';

/** Asks main for the path behind a token; null when main never granted it. */
export function grantResolver(parentPort: ElectronPortLike): (token: string) => Promise<string | null> {
  const pending = new Map<number, (path: string | null) => void>();
  let nextId = 1;
  parentPort.on('message', (event) => {
    const data = event.data as { type?: unknown; id?: unknown; path?: unknown } | null;
    if (data?.type !== 'grant' || typeof data.id !== 'number') return;
    pending.get(data.id)?.(typeof data.path === 'string' ? data.path : null);
    pending.delete(data.id);
  });
  return (token) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    parentPort.postMessage({ type: 'resolve-grant', id, token });
  });
}

/** A ReadFile over granted tokens: `read(path)` runs only for a path main granted. */
export function grantedReader(resolve: (token: string) => Promise<string | null>, read: (path: string) => Promise<Uint8Array>): (token: string) => Promise<Uint8Array> {
  return async (token) => {
    const path = await resolve(token);
    if (path === null) throw new Error('this file was not chosen in the app; open it with File › Open, drop it on the window, or pick a recent file');
    return read(path);
  };
}
