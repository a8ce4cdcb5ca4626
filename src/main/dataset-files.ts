/**
 * Main's side of remembered work: the last dataset (kept by path, reopened only when unchanged) and
 * File › Open Recent. Both hand the page a grant token, never a path, and the page never sends one:
 * it names a file only by a token main gave it.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { CHANNELS } from '../shared/bridge';
import type { FileGrants } from './file-grants';
import type { createIpc } from './ipc';
import { channelSchemas } from './ipc-channels';
import type { LastDataset } from './last-dataset';
import type { RecentFiles } from './user-data';

/** What DatasetFiles works with: main's grants, recent list and last dataset, and its ways to the page and the menu. */
export interface DatasetFilesParts {
  grants: FileGrants;
  recentFiles: RecentFiles;
  lastDataset: LastDataset;
  /** sends a granted token to the page that should open it (the focused window); false when no window can take it */
  sendToPage: (token: string) => boolean;
  /** the recent list changed: the application menu is built anew with it */
  onRecentChanged: (paths: string[]) => void;
  /** tells the user what main could not do (a recent file that is gone) */
  tell: (message: string) => void;
  /** the OS's own recent documents (app.addRecentDocument), where there is one */
  addOsRecent?: (path: string) => void;
  isFile?: (path: string) => Promise<boolean>;
}

/** The page's remember/reopen/forget channels and File › Open Recent, all through grants. */
export class DatasetFiles {
  constructor(private readonly parts: DatasetFilesParts) {}

  /** The page's channels: remember a granted file as the last dataset, reopen it at start, forget it (Start fresh). */
  register(ipc: ReturnType<typeof createIpc>): void {
    ipc.handle(CHANNELS.rememberDataset, channelSchemas[CHANNELS.rememberDataset], async ([token]) => {
      const remembered = await this.parts.lastDataset.remember(token);
      if (!remembered) return null;
      await this.addRecent(remembered.path).catch(() => undefined); // a recent list that cannot be written does not lose the last dataset
      return remembered.identity;
    });
    ipc.handle(CHANNELS.reopenDataset, channelSchemas[CHANNELS.reopenDataset], () => this.parts.lastDataset.reopen());
    ipc.handle(CHANNELS.forgetDataset, channelSchemas[CHANNELS.forgetDataset], () => this.parts.lastDataset.forget());
  }

  /** A file the user opened goes to the top of Open Recent (and the OS's list). */
  async addRecent(path: string): Promise<void> {
    this.parts.addOsRecent?.(path);
    this.parts.onRecentChanged(await this.parts.recentFiles.add(path));
  }

  /** The menu as it stands at start. */
  async refreshRecent(): Promise<void> {
    this.parts.onRecentChanged(await this.parts.recentFiles.list().catch(() => []));
  }

  /** File › Open Recent › a path: granted and sent to the page to load; a file that is gone is said so and dropped from the list. */
  async openRecent(path: string): Promise<void> {
    const isFile = this.parts.isFile ?? isRegularFile;
    if (!(await isFile(path))) {
      this.parts.tell(`${basename(path)} is no longer in ${dirname(path)}; it was taken off the recent files.`);
      this.parts.onRecentChanged(await this.parts.recentFiles.remove(path));
      return;
    }
    if (!this.parts.sendToPage(this.parts.grants.grant(path))) return;
    await this.addRecent(path);
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
