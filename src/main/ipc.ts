import { z } from 'zod';
import { isAppUrl } from './navigation';

/** What an ipcMain.handle listener receives about the sender (Electron's IpcMainInvokeEvent, or a test double). */
export interface InvokeEvent {
  senderFrame: SenderFrame | null;
  sender: { mainFrame: SenderFrame };
}

export interface SenderFrame {
  url: string;
  parent: SenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
}

/** Why a call was refused before its handler ran. */
export class IpcRefused extends Error {
  constructor(readonly channel: string, readonly reason: string) {
    super(`ipc "${channel}" refused: ${reason}`);
    this.name = 'IpcRefused';
  }
}

/** Who may call: the app's own top-level page, nothing else. */
export function senderProblem(event: InvokeEvent, isTrustedUrl: (url: string) => boolean = isAppUrl): string | null {
  const frame = event?.senderFrame;
  if (!frame) return 'the sending frame is gone (null senderFrame)';
  if (frame.parent !== null || frame !== event.sender?.mainFrame) return 'sent from a sub-frame';
  if (!isTrustedUrl(frame.url)) return `sent from a foreign page (${String(frame.url).slice(0, 100)})`;
  return null;
}

/**
 * Every ipcMain channel goes through `handle(channel, schema, fn)`: the sender frame is checked and
 * the arguments validated (a zod tuple) before `fn` runs; a refusal rejects the renderer's promise
 * and never calls `fn`.
 */
export function createIpc(ipcMain: IpcMainLike, options: { isTrustedUrl?: (url: string) => boolean; onRefused?: (error: IpcRefused) => void } = {}) {
  const channels = new Set<string>();
  return {
    handle<Args extends z.ZodTuple>(channel: string, schema: Args, fn: (args: z.infer<Args>, event: InvokeEvent) => unknown): void {
      if (channels.has(channel)) throw new Error(`ipc channel "${channel}" is already handled`);
      channels.add(channel);
      ipcMain.handle(channel, (event, ...args) => {
        const problem = senderProblem(event, options.isTrustedUrl);
        const parsed = problem ? null : schema.safeParse(args);
        if (problem || !parsed?.success) {
          const issue = parsed?.success === false ? parsed.error.issues[0] : null;
          const refused = new IpcRefused(channel, problem ?? `bad arguments${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message}`);
          options.onRefused?.(refused);
          throw refused;
        }
        return fn(parsed.data, event);
      });
    },
    get channels(): string[] {
      return [...channels];
    },
  };
}
