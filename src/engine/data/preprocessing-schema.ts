/** Validation of a Preprocessing read from untrusted JSON (the schema lives with the model file's sections). */
import { preprocessingSchema } from '../model-file-sections';
import type { DataResult, Preprocessing } from './types';

/** A Preprocessing from untrusted JSON, or an error naming the bad field. */
export function parsePreprocessing(raw: unknown): DataResult<Preprocessing> {
  const result = preprocessingSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data as Preprocessing };
  const issue = result.error.issues[0];
  return { ok: false, error: { code: 'bad-preprocessing', message: `preprocessing.${issue.path.join('.')}: ${issue.message}`, line: null, column: null } };
}
