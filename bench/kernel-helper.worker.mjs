// Node worker_threads entry for the bench's helper thread: the engine is TypeScript here, so load it through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./kernel-helper.worker.ts');
