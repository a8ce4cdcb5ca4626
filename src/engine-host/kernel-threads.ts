/**
 * What a host needs to give the engine's kernels a second thread: register a starter, and the body
 * of the helper thread. A file of its own so a helper worker's bundle holds the kernels and nothing else.
 */
export { serveKernelHelper, setKernelHelperStarter, type KernelHelperInit } from '../engine/kernels';
