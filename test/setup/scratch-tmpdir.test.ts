import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import setup, { SCRATCH_PREFIX } from './scratch-tmpdir';

describe('the unit tests\' temporary folders', () => {
  it('are made under this run\'s scratch folder, not in the system\'s temp folder', () => {
    expect(basename(tmpdir()).startsWith(SCRATCH_PREFIX)).toBe(true);
    const made = mkdtempSync(join(tmpdir(), 'backprop-example-'));
    expect(dirname(made)).toBe(tmpdir());
  });

  it('are removed with the scratch folder when the run ends, and TMPDIR is given back', () => {
    const before = process.env.TMPDIR;
    const teardown = setup();
    const scratch = tmpdir();
    const made = mkdtempSync(join(scratch, 'backprop-example-'));
    writeFileSync(join(made, 'model.json'), '{}');
    expect(scratch).not.toBe(before); // the setup moved TMPDIR
    expect(existsSync(join(made, 'model.json'))).toBe(true); // control: the file is there until the end
    teardown();
    expect(existsSync(scratch)).toBe(false);
    expect(process.env.TMPDIR).toBe(before);
  });
});
