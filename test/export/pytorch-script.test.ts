import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine';
import { exportPyTorch } from '../../src/engine/export';
import { samplesDir } from '../helpers/load-numeric-csv';
import { irisCase } from './datasets';

/** A python3 that imports torch (Debian's python3-torch lives under /usr/bin/python3), or null. */
function pythonWithTorch(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0) return python;
  }
  return null;
}

const python = pythonWithTorch();
if (!python) console.warn('no python3 with torch (apt-get install -y python3-torch): the PyTorch script is not run (tests skipped)');

describe('the exported PyTorch training script', () => {
  it('refuses a model without preprocessing (it could not read the CSV)', () => {
    expect(() => exportPyTorch({ ...irisCase().file, preprocessing: null })).toThrow(/needs the model's preprocessing/);
  });

  describe.skipIf(!python)('run with python3-torch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-torch-'));
    const script = join(dir, 'iris_train.py');
    writeFileSync(script, exportPyTorch(irisCase().file));

    /** Runs the script; returns its JSON lines. */
    function train(...args: string[]): Record<string, number | null>[] {
      const output = execFileSync(python!, [script, '--csv', join(samplesDir, 'iris.csv'), ...args], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
      return output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number | null>);
    }

    it('trains iris to a test accuracy of at least 0.9', () => {
      const lines = train('--out', join(dir, 'trained.model.json'));
      const result = lines[lines.length - 1];
      console.log(`PyTorch script on iris: ${JSON.stringify(lines[0])} → ${JSON.stringify(result)} after ${lines.length - 2} epochs`);
      expect(result.test_accuracy).toBeGreaterThanOrEqual(0.9);
    });

    it('writes a model file the studio imports', () => {
      const { net, file } = loadModel(readFileSync(join(dir, 'trained.model.json'), 'utf8'));
      expect(net.spec).toEqual(irisCase().file.spec);
      expect(file.preprocessing?.target.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    });

    it('stays below 0.9 when it does not train (negative control)', () => {
      const lines = train('--epochs', '0');
      expect(lines[lines.length - 1].test_accuracy).toBeLessThan(0.9);
    });
  });
});
