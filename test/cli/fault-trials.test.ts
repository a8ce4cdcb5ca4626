import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The short version of scripts/fault-trials.mjs (the full run does ≥ 200 SIGKILLs and takes minutes). */
describe('kill and fault trials (short)', () => {
  it('SIGKILLs during train/predict/export/run-history writes, a full disk and a read-only folder leave no partial file and no temp file, and fail in one line with exit 2', () => {
    const run = spawnSync(process.execPath, ['scripts/fault-trials.mjs', '--kills', '4', '--json'], { encoding: 'utf8', timeout: 240_000 });
    const figures = JSON.parse(run.stdout.trim().split('\n').pop()!) as { kills: number; partialOrDestroyed: number; leftoverTempsAfterNextRun: number; notOneLineExit2: number };
    expect(figures.kills).toBeGreaterThanOrEqual(4);
    expect(figures).toMatchObject({ partialOrDestroyed: 0, leftoverTempsAfterNextRun: 0, notOneLineExit2: 0 });
    expect(run.status).toBe(0);
  }, 300_000);
});
