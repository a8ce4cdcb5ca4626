/// <reference lib="webworker" />
// The engine worker's helper thread (a nested Web Worker): its first message is the kernels' shared
// memory and control block; it serves matmul shares until the network's kernels stop it, then closes.
import { serveKernelHelper, type KernelHelperInit } from '../../engine-host/kernel-threads';

self.addEventListener('message', (event: MessageEvent<KernelHelperInit>) => {
  serveKernelHelper(event.data);
  self.close();
}, { once: true });
