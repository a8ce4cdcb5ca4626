import { CHANNELS, type EnginePortReason } from '../shared/bridge';

/** Electron's MessageChannelMain ports, as far as the hand-off needs them. */
export interface MainPort { close(): void }
export interface MainChannel<Port extends MainPort> { port1: Port; port2: Port }

export interface UtilityLike<Port> {
  postMessage(message: unknown, transfer?: Port[]): void;
}

export interface WindowContents<Port> {
  postMessage(channel: string, message: unknown, transfer?: Port[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/**
 * Connects windows straight to the engine: for each window a MessageChannelMain whose one end goes
 * to the utility process and the other to the page (so training traffic never passes through main).
 * After a restart every connected window gets a fresh port.
 */
export class EngineLink<Port extends MainPort> {
  private readonly windows = new Set<WindowContents<Port>>();
  private utility: UtilityLike<Port> | null = null;

  constructor(private readonly createChannel: () => MainChannel<Port>) {}

  /** A (re)started engine process: reconnect every window that was connected. */
  attach(utility: UtilityLike<Port>, reason: 'start' | 'restart', restarts: number): void {
    this.utility = utility;
    for (const contents of [...this.windows]) this.connect(contents, reason === 'restart' ? 'restarted' : 'connect', restarts);
  }

  /** The engine is down for good: tell the pages. */
  lost(message: string): void {
    this.utility = null;
    for (const contents of this.windows) if (!contents.isDestroyed()) contents.postMessage(CHANNELS.engineLost, message);
  }

  connect(contents: WindowContents<Port>, reason: EnginePortReason = 'connect', restarts = 0): void {
    if (!this.windows.has(contents)) {
      this.windows.add(contents);
      contents.once('destroyed', () => this.windows.delete(contents));
    }
    if (!this.utility || contents.isDestroyed()) return; // connected when the engine (re)starts
    const { port1, port2 } = this.createChannel();
    this.utility.postMessage({ type: 'connect' }, [port1]);
    contents.postMessage(CHANNELS.enginePort, { reason, restarts }, [port2]);
  }
}
