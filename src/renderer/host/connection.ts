import type { EngineEvent, EngineRequest } from '../../shared/protocol';
import type { EngineConnection } from './types';

/** A message target both a Worker and a DOM MessagePort satisfy. */
export interface RendererPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/**
 * An EngineConnection over a port that can be swapped (Electron hands a new one after an engine
 * restart); listeners survive the swap. Dataset bytes are transferred, not copied.
 */
export class PortConnection implements EngineConnection {
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private port: RendererPort | null = null;
  private readonly pending: EngineRequest[] = [];
  private readonly onMessage = (event: MessageEvent): void => this.dispatch(event.data as EngineEvent);

  attach(port: RendererPort): void {
    this.port?.removeEventListener('message', this.onMessage);
    this.port = port;
    port.addEventListener('message', this.onMessage);
    port.start?.();
    for (const request of this.pending.splice(0)) this.send(request);
  }

  send(request: EngineRequest): void {
    if (!this.port) { this.pending.push(request); return; }
    const transfer: Transferable[] = [];
    if ('source' in request && request.source.kind === 'bytes') transfer.push(request.source.bytes.buffer as ArrayBuffer);
    this.port.postMessage(request, transfer);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an event to every listener (also used for host notices such as an engine restart). */
  dispatch(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
