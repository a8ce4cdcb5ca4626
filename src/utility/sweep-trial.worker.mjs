// The trial worker's entry where the code is TypeScript run through tsx (tests): register tsx, then load it.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-trial.worker.ts');
