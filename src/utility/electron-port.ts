import type { PortLike } from '../engine-host';

/** Electron's MessagePortMain / parentPort as far as the engine needs them (events carry { data, ports }). */
export interface ElectronPortLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  on(event: 'message', listener: (event: { data: unknown; ports?: ElectronPortLike[] }) => void): unknown;
  off?(event: 'message', listener: (event: { data: unknown; ports?: ElectronPortLike[] }) => void): unknown;
  start?(): void;
  close?(): void;
}

/** An Electron port as a PortLike: its transfer list takes MessagePortMain only, so buffers are copied. */
export function portFromElectron(port: ElectronPortLike): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    on: (type, listener) => port.on(type, listener),
    off: (type, listener) => port.off?.(type, listener),
    start: () => port.start?.(),
    canTransfer: false,
  };
}

/** What main sends the utility process with a fresh port: "serve the engine on this one". */
export interface ConnectMessage {
  type: 'connect';
}

export function isConnectMessage(data: unknown): data is ConnectMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'connect';
}
