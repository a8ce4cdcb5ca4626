/** The engine host: serveEngine(port) and the port shape it needs. */
export { serveEngine, errorEvent, type EngineHostOptions, type EngineService } from './serve-engine';
export { listen, post, type PortLike } from './port';
export type { ReadFile } from './source';
export type { CheckpointStore } from './run-checkpoints';
