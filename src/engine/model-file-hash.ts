/**
 * A model file's content hash: FNV-1a 64 over its spec, its weights (as written, sign-exact) and its
 * preprocessing (canonical JSON, keys sorted), stored as "contentHash" and checked on load, so a changed
 * weight or a renamed class label is found before the model predicts anything.
 */
import { fnv1a64 } from './model-file-sections';

/** JSON text with object keys sorted at every level, of the value as JSON sees it (undefined dropped). */
export function canonicalJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
  };
  const json = JSON.stringify(value);
  return json === undefined ? 'null' : JSON.stringify(sorted(JSON.parse(json)));
}

/** "fnv1a64:<16 hex>" of spec ⏎ layers text ⏎ preprocessing. */
export function modelContentHash(spec: unknown, layersText: string, preprocessing: unknown): string {
  return `fnv1a64:${fnv1a64(`${canonicalJson(spec)}\n${layersText}\n${canonicalJson(preprocessing ?? null)}`)}`;
}

/** The warning for a file saved before content hashes existed. */
export const NO_CONTENT_HASH = 'this model file has no content hash (an older version saved it), so damage to its weights or preprocessing cannot be detected; save it again to add one';
