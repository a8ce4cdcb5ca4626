import { EngineRequestError } from '../../host/connection';

/** A message the user should read: what went wrong, and where (CSV line, column) when known. */
export interface StudioError {
  id: number;
  code: string;
  message: string;
  line: number | null;
  column: string | null;
  /** a load that failed on a bad row can be retried skipping such rows */
  canRetrySkippingBadRows?: boolean;
  /** how many times this same message was reported while it stayed on screen (shown as "×2", "×3") */
  count?: number;
}

/** What went wrong, before it gets an id. */
export type Problem = Omit<StudioError, 'id' | 'canRetrySkippingBadRows' | 'count'>;

/** How many messages stay on screen (the oldest drop out). */
export const ERRORS_SHOWN = 5;

/** Two reports are the same message when code, text and place agree. */
function isSameProblem(a: Problem, b: Problem): boolean {
  return a.code === b.code && a.message === b.message && a.line === b.line && a.column === b.column;
}

/**
 * Engine failures every pending request shares: the host reports each once, as a message of its
 * own, so the requests it takes down do not repeat it.
 */
const ENGINE_DOWN = new Set(['engine-crashed', 'engine-restarted', 'engine-lost']);

/** Any thrown value as a problem: an engine refusal keeps its code, line and column; the rest is a host error. */
export function problemOf(error: unknown): Problem {
  if (error instanceof EngineRequestError) return { code: error.code, message: error.message, line: error.line, column: error.column };
  return { code: 'host-error', message: error instanceof Error ? error.message : String(error), line: null, column: null };
}

/** A message and what follows it as separate sentences: a full stop between them unless the message ends one. */
export function sentence(message: string, followUp: string): string {
  return followUp && !/[.!?]$/.test(message) ? `${message}.${followUp}` : `${message}${followUp}`;
}

/**
 * The messages the studio shows, newest last (the error area lists them newest first), at most
 * ERRORS_SHOWN: a message reported again while it is on screen is counted (×2) and moves to the
 * newest place, not repeated. A message may carry a retry (a load that failed on a bad row, to run
 * again skipping such rows); dismissing it drops the retry too.
 */
export class StudioErrors {
  #list = $state.raw<StudioError[]>([]);
  #retries = new Map<number, () => Promise<void>>();
  #counter = 0;

  get list(): StudioError[] { return this.#list; }

  /** Shows a problem (or counts it again when the same one is on screen); returns its id. */
  report(problem: Problem, retry?: () => Promise<void>): number {
    const same = this.#list.find((e) => isSameProblem(e, problem));
    const entry: StudioError = { id: ++this.#counter, code: problem.code, message: problem.message, line: problem.line, column: problem.column,
      ...(retry ? { canRetrySkippingBadRows: true } : {}), ...(same ? { count: (same.count ?? 1) + 1 } : {}) };
    const others = this.#list.filter((e) => e !== same);
    this.#list = [...others.slice(-(ERRORS_SHOWN - 1)), entry];
    if (retry) this.#retries.set(entry.id, retry);
    for (const id of this.#retries.keys()) if (!this.#list.some((e) => e.id === id)) this.#retries.delete(id);
    return entry.id;
  }

  /**
   * A request's failure in the caller's words (`describe` wraps the message), with a retry when
   * `retryFor` offers one for it. An engine that died was reported once already: not again here.
   */
  reportFailure(error: unknown, describe: (message: string) => string = (message) => message,
    retryFor?: (problem: Problem) => (() => Promise<void>) | undefined): void {
    const problem = problemOf(error);
    if (ENGINE_DOWN.has(problem.code)) return;
    this.report({ ...problem, message: describe(problem.message) }, retryFor?.(problem));
  }

  dismiss(id: number): void {
    this.#list = this.#list.filter((e) => e.id !== id);
    this.#retries.delete(id);
  }

  /** Takes every message away (the error area's "Dismiss all"). */
  dismissAll(): void {
    this.#list = [];
    this.#retries.clear();
  }

  /** Runs a message's retry (and takes the message away). */
  async retry(id: number): Promise<void> {
    const retry = this.#retries.get(id);
    this.dismiss(id);
    await retry?.();
  }

  /** A new file is loaded: messages about the previous file's rows and loads go. */
  clearDataErrors(): void {
    this.#list = this.#list.filter((e) => e.line === null && e.code !== 'load-failed');
  }

  /** Runs a host call; a failure becomes a readable message and null. */
  async attempt<T>(action: () => Promise<T>): Promise<T | null> {
    try {
      return await action();
    } catch (error) {
      this.report({ ...problemOf(error), code: 'host-error' });
      return null;
    }
  }
}
