/**
 * The one port shape serveEngine talks over. It fits, without wrappers:
 *  - a Web Worker's `self` and a DOM MessagePort (addEventListener, event.data),
 *  - Node's worker_threads MessagePort / parentPort (also addEventListener, event.data),
 *  - Electron's MessagePortMain and utility-process parentPort (on('message'), event.data).
 * Electron's ports cannot transfer ArrayBuffers, so their adapters set `canTransfer: false`.
 */
export interface PortLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener?(type: 'message', listener: (event: Event) => void): void;
  removeEventListener?(type: 'message', listener: (event: Event) => void): void;
  on?(type: 'message', listener: (event: { data: unknown }) => void): unknown;
  off?(type: 'message', listener: (event: { data: unknown }) => void): unknown;
  start?(): void;
  /** false when the port would reject a transfer list of ArrayBuffers (Electron's ports). */
  canTransfer?: boolean;
}

/** Subscribes to a port's messages (payload only); returns the unsubscribe function. */
export function listen(port: PortLike, onData: (data: unknown) => void): () => void {
  const listener = (event: Event | { data: unknown }): void => onData((event as { data: unknown })?.data);
  if (port.addEventListener) {
    port.addEventListener('message', listener);
    port.start?.();
    return () => port.removeEventListener?.('message', listener);
  }
  if (port.on) {
    port.on('message', listener);
    port.start?.();
    return () => { port.off?.('message', listener); };
  }
  throw new Error('port has neither addEventListener nor on: it is not a MessagePort');
}

/** Posts a message, transferring the given buffers where the port allows it. */
export function post(port: PortLike, message: unknown, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, port.canTransfer === false ? [] : transfer);
}

/** Runs `task` after the event loop has had a chance to deliver messages (setImmediate, else a MessageChannel, else setTimeout). */
export function createYield(): (task: () => void) => void {
  const scope = globalThis as unknown as {
    setImmediate?: (task: () => void) => unknown;
    MessageChannel?: typeof MessageChannel;
    setTimeout: (task: () => void, ms: number) => unknown;
  };
  if (scope.setImmediate) return (task) => { scope.setImmediate!(task); };
  if (scope.MessageChannel) {
    // a MessageChannel message is not clamped to 4 ms like a nested setTimeout(0)
    const channel = new scope.MessageChannel();
    const queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (task) => { queue.push(task); channel.port2.postMessage(0); };
  }
  return (task) => { scope.setTimeout(task, 0); };
}
