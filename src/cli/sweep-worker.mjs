// The sweep worker's entry where the CLI is TypeScript run through tsx: register tsx, then load it.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker.ts');
