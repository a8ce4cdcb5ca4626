import { CHANNELS, MENU_COMMANDS, type Bridge, type DatasetIdentity, type EngineLostMessage, type EnginePortMessage, type LastDatasetAnswer, type MenuCommand } from '../shared/bridge';

/** The slice of ipcRenderer the bridge uses. Its events never reach the page: only plain data does. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** only for grantFile: a drop's path becomes a token before pathForFile returns */
  sendSync?(channel: string, ...args: unknown[]): unknown;
  on(channel: string, listener: (event: { ports: MessagePort[] }, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: { ports: MessagePort[] }, ...args: unknown[]) => void): unknown;
}

export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

/** Where the engine port goes: this page's own window, through postMessage (contextBridge cannot carry ports). */
export interface PageWindow {
  postMessage(message: unknown, targetOrigin: string, transfer?: Transferable[]): void;
  location: { origin: string };
}

/** The functions window.bridge exposes; each one a purpose-built call, nothing raw. */
export function createBridge(ipc: IpcRendererLike, webUtils: WebUtilsLike, page: PageWindow): Bridge {
  const origin = page.location.origin && page.location.origin !== 'null' ? page.location.origin : '*';
  ipc.on(CHANNELS.enginePort, (event, message) => {
    const port = event.ports?.[0];
    const data = message as Partial<EnginePortMessage> | undefined;
    if (!port || (data?.reason !== 'connect' && data?.reason !== 'restarted')) return;
    const forwarded: EnginePortMessage = { type: 'backprop:engine-port', reason: data.reason, restarts: Number(data.restarts) || 0 };
    page.postMessage(forwarded, origin, [port]);
  });
  ipc.on(CHANNELS.engineLost, (_event, message) => {
    const forwarded: EngineLostMessage = { type: 'backprop:engine-lost', message: String(message).slice(0, 1000) };
    page.postMessage(forwarded, origin);
  });

  return {
    connectEngine: () => { void ipc.invoke(CHANNELS.connectEngine); },
    openCsv: async () => {
      const path = await ipc.invoke(CHANNELS.openCsv);
      return typeof path === 'string' ? path : null;
    },
    openModel: async () => {
      const file = await ipc.invoke(CHANNELS.openModel) as { name?: unknown; text?: unknown } | null;
      return file && typeof file.name === 'string' && typeof file.text === 'string' ? { name: file.name, text: file.text } : null;
    },
    // the path of a real dropped File (a page cannot forge one) is granted by main; the page gets the token
    pathForFile: (file) => {
      const path = webUtils.getPathForFile(file);
      const token = path ? ipc.sendSync?.(CHANNELS.grantFile, path) : '';
      return typeof token === 'string' ? token : '';
    },
    samplePath: async (file) => String(await ipc.invoke(CHANNELS.samplePath, file)),
    saveFile: async (name, data) => (await ipc.invoke(CHANNELS.saveFile, name, data)) === true,
    recentFiles: async () => {
      const list = await ipc.invoke(CHANNELS.recentFiles);
      return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
    },
    loadUserData: (key) => ipc.invoke(CHANNELS.loadUserData, key),
    saveUserData: async (key, value) => { await ipc.invoke(CHANNELS.saveUserData, key, value); },
    onMenuCommand: (listener) => {
      // the page's listener gets the command string only, never the IpcRendererEvent
      const relay = (_event: { ports: MessagePort[] }, command: unknown): void => {
        if (MENU_COMMANDS.includes(command as MenuCommand)) listener(command as MenuCommand);
      };
      ipc.on(CHANNELS.menuCommand, relay);
      return () => { ipc.removeListener(CHANNELS.menuCommand, relay); };
    },
    rememberDataset: async (token) => identityOf(await ipc.invoke(CHANNELS.rememberDataset, token)),
    reopenLastDataset: async () => lastDatasetAnswerOf(await ipc.invoke(CHANNELS.reopenDataset)),
    forgetLastDataset: async () => { await ipc.invoke(CHANNELS.forgetDataset); },
    onOpenDataset: (listener) => {
      const relay = (_event: { ports: MessagePort[] }, token: unknown): void => {
        if (isGrantToken(token)) listener(token);
      };
      ipc.on(CHANNELS.openDataset, relay);
      return () => { ipc.removeListener(CHANNELS.openDataset, relay); };
    },
  };
}

/** A token as main's FileGrants makes them; anything else from the channel is dropped. */
function isGrantToken(value: unknown): value is string {
  return typeof value === 'string' && /^grant-[0-9a-f]{32}\/[^/\\]{0,255}$/.test(value);
}

/** Main's DatasetIdentity as plain fields, or null. */
function identityOf(value: unknown): DatasetIdentity | null {
  const identity = value as Partial<DatasetIdentity> | null;
  if (typeof identity !== 'object' || identity === null) return null;
  const { name, size, sha256 } = identity;
  return typeof name === 'string' && typeof size === 'number' && typeof sha256 === 'string' ? { name, size, sha256 } : null;
}

/** Main's answer about the last dataset as plain fields ('none' for anything malformed). */
function lastDatasetAnswerOf(value: unknown): LastDatasetAnswer {
  const answer = value as { status?: unknown; token?: unknown; identity?: unknown; name?: unknown; reason?: unknown } | null;
  const identity = identityOf(answer?.identity);
  if (answer?.status === 'reopened' && isGrantToken(answer.token) && identity) return { status: 'reopened', token: answer.token, identity };
  if (answer?.status === 'refused' && typeof answer.name === 'string' && typeof answer.reason === 'string') {
    return { status: 'refused', name: answer.name, reason: answer.reason.slice(0, 1000) };
  }
  return { status: 'none' };
}
