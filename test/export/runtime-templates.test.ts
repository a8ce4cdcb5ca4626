import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HIDDEN_ACTIVATIONS, activationRegistry } from '../../src/engine';
import { exportJavaScript, exportPython, exportPyTorch } from '../../src/engine/export';
import { MISSING_MARKERS } from '../../src/engine/data/cells';
import { withActivationTable, withMissingMarkers } from '../../src/engine/export/runtime/marked-blocks';
import * as embedded from '../../src/engine/export/runtime/templates.generated';
import { everyActivationCase } from './datasets';

// The JavaScript and Python runtimes of the exports are real files (src/engine/export/runtime/), embedded
// at build time. Each must parse as it stands, the embedded copy must be the file, and the code written
// from them for a model with every registry activation must parse too.

const runtimeDir = 'src/engine/export/runtime';
const workDir = mkdtempSync(join(tmpdir(), 'backprop-runtime-'));
const templates = (ext: string): string[] => readdirSync(runtimeDir).filter((file) => file.endsWith(ext)).sort();

/** `node --check` on a module's text: null when it parses, else the error. */
function nodeCheck(name: string, text: string): string | null {
  const path = join(workDir, name.replace(/\.\w+$/, '.mjs'));
  writeFileSync(path, text);
  const result = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8' });
  return result.status === 0 ? null : result.stderr;
}

/** python3 -m py_compile on a file's text: null when it compiles, else the error. */
function pyCompile(python: string, name: string, text: string): string | null {
  const path = join(workDir, name);
  writeFileSync(path, text);
  const result = spawnSync(python, ['-m', 'py_compile', path], { encoding: 'utf8' });
  return result.status === 0 ? null : result.stderr;
}

const python = ['python3', '/usr/bin/python3'].find((candidate) => spawnSync(candidate, ['--version']).status === 0) ?? null;
if (!python) console.warn('python3 not found: the Python runtime templates are not compiled (tests skipped)');

describe('the export runtime templates', () => {
  it('are embedded exactly as the files read (the build is not stale)', () => {
    const files = [...templates('.mjs'), ...templates('.py')];
    expect(files.length).toBeGreaterThanOrEqual(7);
    const byText = new Set<string>(Object.values(embedded));
    for (const file of files) expect(byText.has(readFileSync(join(runtimeDir, file), 'utf8')), file).toBe(true);
  });

  it.each(templates('.mjs'))('%s passes node --check', (file) => {
    expect(nodeCheck(file, readFileSync(join(runtimeDir, file), 'utf8'))).toBeNull();
  });

  it('node --check rejects a template with a syntax error (negative control)', () => {
    expect(nodeCheck('broken.mjs', readFileSync(join(runtimeDir, 'network.mjs'), 'utf8').replace('function dense(', 'function dense(('))).toMatch(/SyntaxError/);
  });

  it('the JavaScript export of a model with every activation passes node --check', () => {
    expect(nodeCheck('every-activation.mjs', exportJavaScript(everyActivationCase().file))).toBeNull();
  });

  it('refuses a template without the ACTIVATIONS block (the table would silently be missing)', () => {
    expect(() => withActivationTable('const x = 1;\n', 'const ACTIVATIONS = {};')).toThrow(/ACTIVATIONS BEGIN/);
  });

  it('replaces the whole ACTIVATIONS block with the registry\'s table in the JavaScript and Python exports', () => {
    const file = everyActivationCase().file;
    const js = exportJavaScript(file), py = exportPython(file), torch = exportPyTorch(file);
    for (const text of [js, py]) expect(text).not.toMatch(/ACTIVATIONS (BEGIN|END)/);
    for (const name of HIDDEN_ACTIVATIONS) {
      const entry = activationRegistry[name];
      expect(js).toContain(`  ${name}: (z) => (${entry.js}),`);
      expect(py).toContain(`    "${name}": lambda z: ${entry.numpy},`);
      expect(torch).toContain(`    "${name}": lambda: ${entry.pytorch},`);
    }
  });
});

describe('the missing-value markers of the JavaScript and Python exports', () => {
  const list = MISSING_MARKERS.map((marker) => JSON.stringify(marker)).join(', ');

  it('are the engine\'s own list (data/cells.ts), written into the MISSING block', () => {
    const file = everyActivationCase().file;
    expect(exportJavaScript(file)).toContain(`const MISSING_MARKERS = new Set([${list}]);`);
    expect(exportPython(file)).toContain(`_MISSING_MARKERS = {${list}}`);
    for (const text of [exportJavaScript(file), exportPython(file)]) expect(text).not.toMatch(/MISSING (BEGIN|END)/);
  });

  it('are not the template\'s placeholder (negative control: the template alone knows only the empty cell)', () => {
    const template = readFileSync(join(runtimeDir, 'preprocessing.mjs'), 'utf8');
    expect(template).not.toContain(`new Set([${list}])`);
    expect(withMissingMarkers(template, 'js')).toContain(`new Set([${list}])`);
    expect(() => withMissingMarkers('const x = 1;\n', 'js')).toThrow(/MISSING BEGIN/);
  });
});

describe.skipIf(!python)('the Python runtime templates', () => {
  it.each(templates('.py'))('%s compiles (py_compile)', (file) => {
    expect(pyCompile(python!, file, readFileSync(join(runtimeDir, file), 'utf8'))).toBeNull();
  });

  it('py_compile rejects a template with a syntax error (negative control)', () => {
    expect(pyCompile(python!, 'broken.py', readFileSync(join(runtimeDir, 'network.py'), 'utf8').replace('def _dense(', 'def _dense(('))).toMatch(/SyntaxError/);
  });

  it('the Python export and the PyTorch script of a model with every activation compile', () => {
    const file = everyActivationCase().file;
    expect(pyCompile(python!, 'every_activation.py', exportPython(file))).toBeNull();
    expect(pyCompile(python!, 'every_activation_train.py', exportPyTorch(file))).toBeNull();
  });
});
