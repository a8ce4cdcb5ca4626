/**
 * What a host needs to give the engine's kernels a second thread: a starter (passed to serveEngine's
 * options), and the body of the helper thread. A file of its own so a helper worker's bundle holds the
 * kernels and nothing else.
 */
export { serveKernelHelper, type KernelHelperInit, type KernelHelperStarter } from '../engine/kernels';
