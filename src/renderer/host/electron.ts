import type { Bridge, EngineLostMessage, EnginePortMessage, MenuCommand, ModelFileText, UserDataKey } from '../../shared/bridge';
import type { DatasetSource } from '../../shared/protocol';
import { EngineRequestError, PortConnection } from './connection';
import { SAMPLES, sampleFile } from './samples';
import { sha256Hex, sourceBytes } from './kept-dataset';
import type { EngineConnection, Host, KeptDataset, ReopenedDataset, SampleName } from './types';

/**
 * The desktop host: everything goes through window.bridge (the preload's few functions). The
 * engine runs in a utility process; main hands this page a MessagePort to it, posted to the window
 * by the preload, and a fresh one after a restart. Datasets travel by path and are parsed there.
 */
export class ElectronHost implements Host {
  readonly kind = 'electron' as const;
  private connection: PortConnection | null = null;

  constructor(private readonly bridge: Bridge, private readonly target: Window = window) {}

  connect(): Promise<EngineConnection> {
    if (this.connection) return Promise.resolve(this.connection);
    const connection = new PortConnection();
    this.connection = connection;
    return new Promise((resolve) => {
      this.target.addEventListener('message', (event: MessageEvent) => {
        if (event.source !== this.target) return; // only the preload, which posts from this same window
        const data = event.data as EnginePortMessage | EngineLostMessage | null;
        if (data?.type === 'backprop:engine-port' && event.ports[0]) {
          if (data.reason === 'restarted') {
            const message = `the engine stopped unexpectedly and was restarted (${data.restarts} of 3); a run under way continues from its last checkpoint, anything else needs the dataset loaded again`;
            // what the old engine was answering is lost with it; requests not yet posted go to the new one
            connection.failInFlight(new EngineRequestError('engine-restarted', message));
            connection.attach(event.ports[0]);
            connection.dispatch({ type: 'error', code: 'engine-restarted', message, line: null, column: null });
          } else {
            connection.attach(event.ports[0]);
          }
          resolve(connection);
        } else if (data?.type === 'backprop:engine-lost') {
          connection.failInFlight(new EngineRequestError('engine-lost', data.message), true);
          connection.dispatch({ type: 'error', code: 'engine-lost', message: data.message, line: null, column: null });
        }
      });
      this.bridge.connectEngine();
    });
  }

  async openCsv(): Promise<DatasetSource | null> {
    const path = await this.bridge.openCsv();
    return path ? { kind: 'path', path } : null;
  }

  openModel(): Promise<ModelFileText | null> {
    return this.bridge.openModel();
  }

  async sourceFromFile(file: File): Promise<DatasetSource> {
    const path = this.bridge.pathForFile(file);
    if (path) return { kind: 'path', path };
    return { kind: 'bytes', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }; // not from disk (e.g. dragged from a browser)
  }

  samples() {
    return SAMPLES;
  }

  async sampleSource(name: SampleName): Promise<DatasetSource> {
    return { kind: 'path', path: await this.bridge.samplePath(sampleFile(name)) };
  }

  saveFile(suggestedName: string, data: string | Uint8Array): Promise<boolean> {
    return this.bridge.saveFile(suggestedName, data);
  }

  recentFiles(): Promise<string[]> {
    return this.bridge.recentFiles();
  }

  loadUserData(key: UserDataKey): Promise<unknown> {
    return this.bridge.loadUserData(key);
  }

  saveUserData(key: UserDataKey, value: unknown): Promise<void> {
    return this.bridge.saveUserData(key, value);
  }

  onMenuCommand(listener: (command: MenuCommand) => void): () => void {
    return this.bridge.onMenuCommand(listener);
  }

  /** A file by token: main keeps its path, size and SHA-256. Bytes not from disk (dragged from a browser) are only hashed. */
  async keepDataset(source: DatasetSource): Promise<KeptDataset | null> {
    if (source.kind === 'path') {
      const identity = await this.bridge.rememberDataset?.(source.path);
      return identity ? { identity, isKept: true, reason: null } : null;
    }
    const bytes = sourceBytes(source)!;
    const identity = { name: source.name, size: bytes.byteLength, sha256: await sha256Hex(bytes) };
    return { identity, isKept: false, reason: 'it did not come from a file on disk' };
  }

  /** Main reopens the last file under a fresh token when its size and SHA-256 are unchanged. */
  async reopenDataset(): Promise<ReopenedDataset> {
    const answer = await this.bridge.reopenLastDataset?.() ?? { status: 'none' as const };
    return answer.status === 'reopened' ? { status: 'reopened', source: { kind: 'path', path: answer.token }, identity: answer.identity } : answer;
  }

  async forgetDataset(): Promise<void> {
    await this.bridge.forgetLastDataset?.();
  }

  /** File › Open Recent: main granted the file; it arrives as a token. */
  onOpenDataset(listener: (source: DatasetSource) => void): () => void {
    return this.bridge.onOpenDataset?.((token) => listener({ kind: 'path', path: token })) ?? (() => undefined);
  }
}
