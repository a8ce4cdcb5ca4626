import { serveEngine, type EngineHostOptions, type EngineService, type ReadFile } from '../engine-host';
import type { KernelHelperStarter } from '../engine-host/kernel-threads';
import { isConnectMessage, portFromElectron, type ElectronPortLike } from './electron-port';

/**
 * Listens on the utility process's parentPort: each `connect` message carries a MessagePortMain
 * for one window, served by its own engine session; a window that reconnects replaces its old one.
 * `startKernelHelper`: how big networks get a second kernel thread (none: one thread). `checkpoints`: the
 * run's checkpoint store; with `resumeOnStart` the first connection continues the run a dead engine left;
 * `startTrialWorker`: how a sweep gets a second thread for its trials (none: one at a time).
 */
export function serveConnections(parentPort: ElectronPortLike, readFile: ReadFile,
  startKernelHelper: KernelHelperStarter | null = null, checkpointing: Pick<EngineHostOptions, 'checkpoints' | 'resumeOnStart' | 'startTrialWorker'> = {}): { sessions(): number } {
  let active: { service: EngineService; port: ElectronPortLike } | null = null;
  let resumeOnStart = checkpointing.resumeOnStart ?? false;
  parentPort.on('message', (event) => {
    const port = event.ports?.[0];
    if (!isConnectMessage(event.data) || !port) return; // nothing else is expected from main
    if (active) {
      active.service.close();
      active.port.close?.();
    }
    active = { service: serveEngine(portFromElectron(port), { readFile, startKernelHelper, checkpoints: checkpointing.checkpoints, resumeOnStart, startTrialWorker: checkpointing.startTrialWorker }), port };
    resumeOnStart = false; // only the first window after the restart picks the run up
  });
  return { sessions: () => (active ? 1 : 0) };
}
