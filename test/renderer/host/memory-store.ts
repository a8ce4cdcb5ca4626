import type { KeyValueStore } from '../../../src/renderer/host/kept-dataset';

/** IndexedDB's key → value store as a Map (structured clone on the way in and out, as IndexedDB does). */
export function memoryStore(entries = new Map<string, unknown>()): KeyValueStore & { entries: Map<string, unknown> } {
  return {
    entries,
    get: async (key) => structuredClone(entries.get(key) ?? null),
    put: async (key, value) => { entries.set(key, structuredClone(value)); },
    delete: async (key) => { entries.delete(key); },
  };
}
