/** The utility process's engine options from its arguments (main's engineArguments): checkpoints under user data, --resume after a crash. */
import { fileCheckpointStore } from '../node-host';
import type { EngineHostOptions } from '../engine-host';

/** `--checkpoints DIR` gives the run's checkpoint store; `--resume` continues its unfinished run on the first connection. */
export function engineOptionsFrom(argv: readonly string[]): Pick<EngineHostOptions, 'checkpoints' | 'resumeOnStart'> {
  const at = argv.indexOf('--checkpoints');
  const folder = at >= 0 ? argv[at + 1] : undefined;
  if (!folder) return {};
  return { checkpoints: fileCheckpointStore(folder), resumeOnStart: argv.includes('--resume') };
}
