import type { AnswerTo, EngineEvent, EngineRequest, RequestBody } from '../../shared/protocol';
import type { EngineConnection } from './types';

/** A message target both a Worker and a DOM MessagePort satisfy. */
export interface RendererPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/** A request the engine refused or could not answer: its code, message and where (CSV line, column) when known. */
export class EngineRequestError extends Error {
  constructor(readonly code: string, message: string, readonly line: number | null = null, readonly column: string | null = null) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

interface Pending {
  resolve: (answer: EngineEvent) => void;
  reject: (error: EngineRequestError) => void;
}

/**
 * An EngineConnection over a port that can be swapped (Electron hands a new one after an engine
 * restart); listeners survive the swap. Each request gets an id and a promise: the message that
 * carries the id back (its answer, or its error) settles that promise and no other; messages
 * without an id go to the listeners. Dataset bytes are transferred, not copied.
 */
export class PortConnection implements EngineConnection {
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private port: RendererPort | null = null;
  /** requests made before a port was attached, posted on attach */
  private readonly queued: EngineRequest[] = [];
  /** requests posted and not answered yet, by id */
  private readonly inFlight = new Map<string, Pending>();
  private counter = 0;
  /** set when the engine is gone for good: later requests fail at once */
  private lost: EngineRequestError | null = null;
  private readonly onMessage = (event: MessageEvent): void => this.receive(event.data as EngineEvent);

  /** Takes a (new) port to the engine; requests made before it are posted now. */
  attach(port: RendererPort): void {
    this.port?.removeEventListener('message', this.onMessage);
    this.port = port;
    port.addEventListener('message', this.onMessage);
    port.start?.();
    for (const request of this.queued.splice(0)) this.post(request);
  }

  request<T extends RequestBody>(body: T): Promise<AnswerTo<T['type']>> {
    if (this.lost) return Promise.reject(this.lost);
    const request = { ...body, requestId: `r${++this.counter}` } as EngineRequest;
    return new Promise<AnswerTo<T['type']>>((resolve, reject) => {
      this.inFlight.set(request.requestId, { resolve: resolve as (answer: EngineEvent) => void, reject });
      if (this.port) this.post(request);
      else this.queued.push(request);
    });
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an event to every listener (also used for host notices such as an engine restart). */
  dispatch(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * The engine behind the current port died (crashed, restarted, or is gone for good): every request
   * it was still answering fails with this error. Requests not yet posted wait for the next port,
   * unless `forGood`, when they and every later request fail too.
   */
  failInFlight(error: EngineRequestError, forGood = false): void {
    if (forGood) {
      this.lost = error;
      this.queued.splice(0);
    }
    const waiting = new Set(this.queued.map((request) => request.requestId));
    for (const [requestId, { reject }] of this.inFlight) {
      if (waiting.has(requestId)) continue; // never posted: the next engine answers it
      this.inFlight.delete(requestId);
      reject(error);
    }
  }

  private post(request: EngineRequest): void {
    const transfer: Transferable[] = [];
    if ('source' in request && request.source.kind === 'bytes') transfer.push(request.source.bytes.buffer as ArrayBuffer);
    try {
      this.port!.postMessage(request, transfer);
    } catch (error) {
      this.settle({ type: 'error', code: 'send-failed', message: `could not reach the engine: ${(error as Error).message}`, line: null, column: null,
        requestId: request.requestId });
    }
  }

  /**
   * A message with a requestId is an answer: it settles that request's promise, or nothing when the
   * request was already given up (its engine died). Messages without one go to the listeners.
   */
  private receive(event: EngineEvent): void {
    if ((event as { requestId?: unknown }).requestId === undefined) this.dispatch(event);
    else this.settle(event);
  }

  private settle(event: EngineEvent): void {
    const requestId = String((event as { requestId?: unknown }).requestId);
    const pending = this.inFlight.get(requestId);
    if (!pending) return;
    this.inFlight.delete(requestId);
    if (event.type === 'error') pending.reject(new EngineRequestError(event.code, event.message, event.line, event.column));
    else pending.resolve(event);
  }
}
