/// <reference lib="webworker" />
// The web host's engine: the same serveEngine the Electron utility process runs, over the worker's own port.
import { serveEngine } from '../../engine-host';

serveEngine(self as unknown as DedicatedWorkerGlobalScope);
