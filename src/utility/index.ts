/**
 * The utility-process entry (Electron's utilityProcess.fork): the engine runs here, off the main
 * process and off the renderer. Datasets chosen in the app arrive as tokens main granted and are read here.
 */
import { readFile, stat } from 'node:fs/promises';
import { defaultKernelThreads, enableFastKernels } from '../node-host';
import { LIMITS } from '../shared/protocol-constants';
import type { ElectronPortLike } from './electron-port';
import { serveConnections } from './serve-connections';
import { engineOptionsFrom } from './engine-options';
import { grantResolver, grantedReader } from './granted-files';
import { trialThreadStarter } from './sweep-trial-thread';

const parentPort = (process as unknown as { parentPort?: ElectronPortLike }).parentPort;
if (!parentPort) {
  console.error('src/utility must run as an Electron utility process (process.parentPort is missing)');
  process.exit(1);
}

/** A dataset file's bytes, refused before reading when it is larger than the protocol allows. */
async function readDataset(path: string): Promise<Uint8Array> {
  const { size } = await stat(path);
  if (size > LIMITS.maxDatasetBytes) throw new Error(`the file is ${(size / 1024 ** 3).toFixed(1)} GiB; the limit is ${LIMITS.maxDatasetBytes / 1024 ** 3} GiB`);
  return new Uint8Array(await readFile(path));
}

// big networks split their matmuls with a worker thread running the bundle's own kernel-helper.js
// (electron.vite.config.ts), where the machine has cores to spare beside the window's own threads
const startKernelHelper = enableFastKernels({ threads: defaultKernelThreads({ gui: true }), helperEntry: new URL('./kernel-helper.js', import.meta.url) });
// sweeps train two trials at a time (this thread and a worker thread running the bundle's sweep-trial.js) on two cores or more
const startTrialWorker = trialThreadStarter(new URL('./sweep-trial.js', import.meta.url));
serveConnections(parentPort, grantedReader(grantResolver(parentPort), readDataset), startKernelHelper, { ...engineOptionsFrom(process.argv), startTrialWorker }); // only files main granted
