/** Node-only code the CLI and the Electron utility process share. */
export * from './fast-kernels';
export { writeFileAtomic } from './atomic-write';
export { fileCheckpointStore, type FileCheckpointStore } from './checkpoint-store';
