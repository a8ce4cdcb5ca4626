/** Waiting on a forked engine process's messages, for the tests that run a real child (supervisor, crash and resume). */
import type { ChildProcess } from 'node:child_process';
import type { EngineEvent } from '../../src/shared/protocol';

/** The child's next `type` event that `match` accepts; rejects after timeoutMs naming the child and the type. */
export function nextEvent<T extends EngineEvent['type']>(child: ChildProcess, type: T,
  match: (event: Extract<EngineEvent, { type: T }>) => boolean = () => true, timeoutMs = 60_000): Promise<Extract<EngineEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${child.pid}: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
    const listener = (event: EngineEvent): void => {
      if (event.type !== type || !match(event as Extract<EngineEvent, { type: T }>)) return;
      clearTimeout(timer);
      child.off('message', listener);
      resolve(event as Extract<EngineEvent, { type: T }>);
    };
    child.on('message', listener);
  });
}

/** Polls `check` every 20 ms until it gives a value; rejects after timeoutMs. */
export function waitFor<T>(check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const value = check();
      if (value !== undefined) resolve(value);
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}
