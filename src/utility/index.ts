/**
 * The utility-process entry (Electron's utilityProcess.fork): the engine runs here, off the main
 * process and off the renderer. Datasets chosen in the app arrive by path and are read here.
 */
import { readFile } from 'node:fs/promises';
import type { ElectronPortLike } from './electron-port';
import { serveConnections } from './serve-connections';

const parentPort = (process as unknown as { parentPort?: ElectronPortLike }).parentPort;
if (!parentPort) {
  console.error('src/utility must run as an Electron utility process (process.parentPort is missing)');
  process.exit(1);
}
serveConnections(parentPort, async (path) => new Uint8Array(await readFile(path)));
