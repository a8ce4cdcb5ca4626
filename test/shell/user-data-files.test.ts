import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserDataStore } from '../../src/main/user-data';

const DEAD_PID = 2 ** 22 + 4321; // above Linux's pid_max: never a live process

describe('the run history and settings files in userData', () => {
  it('a save removes the temporary files that killed runs left beside the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backprop-runs-'));
    await writeFile(join(directory, `.runs.json.${DEAD_PID}-0badf00d.backprop-tmp`), '{"half":');
    await writeFile(join(directory, '.runs.json.0123456789ab.tmp'), '{"half":'); // the older naming
    await new UserDataStore(directory).save('runs', [{ id: 1 }]);
    expect((await readdir(directory)).sort()).toEqual(['runs.json']);
    expect(JSON.parse(await readFile(join(directory, 'runs.json'), 'utf8'))).toEqual([{ id: 1 }]);
  });

  it('a temporary file of a live process is left alone (negative control)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backprop-runs-'));
    const live = `.runs.json.${process.ppid}-0badf00d.backprop-tmp`;
    await writeFile(join(directory, live), '{"half":');
    await new UserDataStore(directory).save('runs', []);
    expect((await readdir(directory)).sort()).toEqual([live, 'runs.json']);
  });
});
