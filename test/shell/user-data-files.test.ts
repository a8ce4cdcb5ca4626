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

describe('a damaged run history', () => {
  it('is kept aside under another name, reported, and a new one is started without touching the damaged copy', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backprop-runs-'));
    await writeFile(join(directory, 'runs.json'), '[{"id": 1}, {"id": 2');
    const reports: string[] = [];
    const store = new UserDataStore(directory, (message) => reports.push(message));
    expect(await store.load('runs')).toBeNull();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/runs\.json is not valid JSON .*kept as .*runs\.json\.damaged-/);
    await store.save('runs', [{ id: 3 }]);
    const kept = (await readdir(directory)).filter((name) => name.startsWith('runs.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(directory, kept[0]), 'utf8')).toBe('[{"id": 1}, {"id": 2');
  });

  it('a missing file is no problem and reports nothing (negative control)', async () => {
    const reports: string[] = [];
    expect(await new UserDataStore(await mkdtemp(join(tmpdir(), 'backprop-runs-')), (m) => reports.push(m)).load('runs')).toBeNull();
    expect(reports).toEqual([]);
  });
});

describe('the single-instance lock', () => {
  const fakeApp = (locked: boolean) => {
    const calls: string[] = [];
    const listeners: (() => void)[] = [];
    return { calls, listeners, app: { requestSingleInstanceLock: () => { calls.push('lock'); return !locked; }, on: (_event: 'second-instance', listener: () => void) => { listeners.push(listener); }, quit: () => { calls.push('quit'); } } };
  };

  it('a second instance quits at once', async () => {
    const { claimSingleInstance } = await import('../../src/main/single-instance');
    const second = fakeApp(true);
    expect(claimSingleInstance(second.app, () => {})).toBe(false);
    expect(second.calls).toEqual(['lock', 'quit']);
  });

  it('the first instance keeps running and shows its window when another start is attempted', async () => {
    const { claimSingleInstance } = await import('../../src/main/single-instance');
    const first = fakeApp(false);
    let focused = 0;
    expect(claimSingleInstance(first.app, () => { focused++; })).toBe(true);
    expect(first.calls).toEqual(['lock']);
    first.listeners.forEach((listener) => listener());
    expect(focused).toBe(1);
  });

  it('the app entry takes the lock before anything else runs', async () => {
    const source = await readFile('src/main/index.ts', 'utf8');
    expect(source.indexOf('claimSingleInstance(app')).toBeGreaterThan(0);
    expect(source.indexOf('claimSingleInstance(app')).toBeLessThan(source.indexOf('protocol.registerSchemesAsPrivileged'));
  });
});
