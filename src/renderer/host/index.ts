import type { Bridge } from '../../shared/bridge';
import { ElectronHost } from './electron';
import type { Host } from './types';
import { WebHost } from './web';

export type { Host, EngineConnection, SampleInfo, SampleName } from './types';

/** The host this page runs in: Electron when the preload put a bridge on the window, else the browser. */
export function pickHost(scope: Window & { bridge?: Bridge } = window): Host {
  return scope.bridge ? new ElectronHost(scope.bridge, scope) : new WebHost();
}
