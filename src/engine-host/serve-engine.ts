import { PROTOCOL_VERSION, parseRequest, type EngineEvent } from '../shared/protocol';
import { DataProblem } from './dataset';
import { EngineSession, RequestRefused, type SessionOptions } from './engine-session';
import { listen, post, type PortLike } from './port';
import { ModelFileError, availableKernelTiers } from '../engine';

export type EngineHostOptions = SessionOptions & {
  /** continue the unfinished run in `checkpoints` before any request (the engine process was restarted after dying) */
  resumeOnStart?: boolean;
};

export interface EngineService {
  /** Stops listening and ends any run. */
  close(): void;
}

/**
 * Serves the engine over one port: validates every incoming message (a malformed one becomes an
 * `error` event, with the message's requestId when it had one), handles requests one at a time in
 * arrival order, answers each exactly once (its answer or an `error`, carrying its requestId), and
 * paces training so the port stays responsive. Runs unchanged in a Web Worker, a Node worker or an Electron utility process.
 */
export function serveEngine(port: PortLike, options: EngineHostOptions = {}): EngineService {
  const emit = (event: EngineEvent, transfer: ArrayBuffer[] = []): void => post(port, event, transfer);
  const session = new EngineSession(emit, options);
  let queue = Promise.resolve();
  if (options.resumeOnStart) queue = queue.then(async () => { await session.resumeStored(); }).catch((error: unknown) => emit(errorEvent(error)));

  const unsubscribe = listen(port, (data) => {
    const parsed = parseRequest(data);
    if (!parsed.ok) {
      // answered at once, by the id the message carried (if it had a usable one)
      emit({ type: 'error', code: 'malformed-message', message: parsed.error, line: null, column: null, ...(parsed.requestId ? { requestId: parsed.requestId } : {}) });
      return;
    }
    const { request } = parsed;
    const { requestId } = request;
    // one at a time: a request waiting on a file read keeps later requests behind it; each gets one answer or one error
    queue = queue.then(async () => {
      try {
        const { answer, transfer } = await session.handle(request);
        emit({ ...answer, requestId } as EngineEvent, transfer);
      } catch (error) {
        emit(errorEvent(error, requestId));
      }
    });
  });
  emit({ type: 'ready', protocol: PROTOCOL_VERSION, kernels: availableKernelTiers()[0] });

  return {
    close() {
      unsubscribe();
      session.dispose();
    },
  };
}

/** Any thrown problem as an `error` event: data problems keep their line/column, the rest get a code. */
export function errorEvent(error: unknown, requestId?: string): Extract<EngineEvent, { type: 'error' }> {
  const base = requestId ? { requestId } : {};
  if (error instanceof DataProblem) return { type: 'error', ...error.error, ...base };
  if (error instanceof RequestRefused) return { type: 'error', code: error.code, message: error.message, line: null, column: null, ...base };
  if (error instanceof ModelFileError) return { type: 'error', code: 'bad-model', message: error.message, line: null, column: error.path || null, ...base };
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', code: 'request-failed', message, line: null, column: null, ...base };
}
