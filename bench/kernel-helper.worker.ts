// A helper thread for the WebAssembly kernels (Node worker_threads): serves matmul shares until stopped.
import { workerData } from 'node:worker_threads';
import { serveKernelHelper, type KernelHelperInit } from '../src/engine/kernels';

serveKernelHelper(workerData as KernelHelperInit);
