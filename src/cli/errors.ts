/** CLI failures: bad input or usage (exit 2, one line on stderr) vs internal errors (exit 1). */
import type { DataError } from '../engine';

/** Bad input or usage: the message is shown as is, exit code 2. */
export class UserError extends Error {
  /** the process exit code: 2 for bad input or usage (a subclass may say otherwise) */
  readonly exitCode: number = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A data-module error value as a UserError. */
export function dataFailure(error: DataError, file?: string): UserError {
  return new UserError(file ? `${file}: ${error.message}` : error.message);
}

/** The value of a DataResult, or a UserError naming the file. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: DataError }, file?: string): T {
  if (!result.ok) throw dataFailure(result.error, file);
  return result.value;
}
