// Every temporary folder the unit tests make goes under one folder of this run, removed when the run
// ends: the files make ~60 folders a run (CLI outputs, exported scripts run by Python, user-data stores,
// checkpoints) and used to leave each one behind in the system's temp folder. Test workers and the
// processes they start (the CLI, python3) read TMPDIR, so os.tmpdir() and mkdtemp land here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SCRATCH_PREFIX = 'backprop-tests-';

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const scratch = mkdtempSync(join(tmpdir(), SCRATCH_PREFIX));
  process.env.TMPDIR = scratch;
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    rmSync(scratch, { recursive: true, force: true });
  };
}
