// A helper thread for the WebAssembly kernels (Node worker_threads): serves matmul shares until the
// network's kernels stop it. The Electron utility process runs its bundled output (kernel-helper.js).
import { workerData } from 'node:worker_threads';
import { serveKernelHelper, type KernelHelperInit } from '../engine/kernels';

serveKernelHelper(workerData as KernelHelperInit);
