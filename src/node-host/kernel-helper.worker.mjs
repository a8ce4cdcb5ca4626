// The helper thread's entry where the engine is TypeScript run through tsx (the CLI): register tsx, then load it.
import { register } from 'tsx/esm/api';

register();
await import('./kernel-helper.worker.ts');
