import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { networkFromModelFile } from '../../src/engine';
import { exportJavaScript, exportPython } from '../../src/engine/export';
import { amountsCase, customersCase, digitsCase, engineOutputs, everyActivationCase, irisCase, type TrainedCase } from './datasets';
import { maxAbsDifference } from './helpers';

const workDir = mkdtempSync(join(tmpdir(), 'backprop-export-'));

interface GeneratedModule {
  transform(row: Record<string, string>): Float32Array;
  forward(features: ArrayLike<number>): Float32Array;
  predict(row: Record<string, string>): { label: string; probabilities: Record<string, number> };
}

async function importGenerated(trained: TrainedCase, file = trained.file): Promise<GeneratedModule> {
  const path = join(workDir, `${trained.name}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(path, exportJavaScript(file));
  return import(pathToFileURL(path).href) as Promise<GeneratedModule>;
}

/** Every row's outputs from the generated module, concatenated. */
function moduleOutputs(module: GeneratedModule, trained: TrainedCase): Float32Array {
  const width = trained.file.spec.output.units;
  const out = new Float32Array(trained.records.length * width);
  trained.records.forEach((record, r) => out.set(module.forward(module.transform(record)), r * width));
  return out;
}

const cases: [string, () => TrainedCase][] = [['iris', irisCase], ['digits', digitsCase], ['customers', customersCase], ['iris through every activation', everyActivationCase], ['amounts with thousands commas and infinities', amountsCase]];

describe.each(cases)('the exported JavaScript module on %s', (name, make) => {
  const trained = make();

  it('predicts bit-identically to the engine (typed-array tier) from raw rows', async () => {
    const module = await importGenerated(trained);
    const engine = engineOutputs(trained), generated = moduleOutputs(module, trained);
    const differing = engine.findIndex((p, i) => p !== generated[i]);
    console.log(`${name}: JS module vs engine, ${trained.records.length} rows, first differing output: ${differing}`);
    expect(differing).toBe(-1);
  });

  it('stays within 1e-6 of the engine on its default (fastest) kernels', async () => {
    const module = await importGenerated(trained);
    const fastest = networkFromModelFile(trained.file);
    expect(maxAbsDifference(moduleOutputs(module, trained), engineOutputs(trained, fastest))).toBeLessThan(1e-6);
  });

  it('names the class the engine picks', async () => {
    const module = await importGenerated(trained);
    const engine = engineOutputs(trained), classes = trained.preprocessing.target.classes!;
    trained.records.forEach((record, r) => {
      const row = Array.from(engine.subarray(r * classes.length, (r + 1) * classes.length));
      expect(module.predict(record).label).toBe(classes[row.indexOf(Math.max(...row))]);
    });
  });

  it('differs from the engine after a one-ulp change to one weight (negative control)', async () => {
    const file = structuredClone(trained.file);
    file.layers[0].bias[0] = Math.fround(file.layers[0].bias[0] + Math.max(Math.abs(file.layers[0].bias[0]), 1e-3) * 2 ** -20);
    const generated = moduleOutputs(await importGenerated(trained, file), trained);
    expect(engineOutputs(trained).some((p, i) => p !== generated[i])).toBe(true);
  });
});

describe('the exported JavaScript module', () => {
  it('rejects a cell that is not a number, naming the column', async () => {
    const module = await importGenerated(irisCase());
    expect(() => module.predict({ sepal_length: '5.1x', sepal_width: '3', petal_length: '1', petal_width: '0.2' })).toThrow('column "sepal_length": "5.1x" is not a number');
  });

  it('runs in a fresh Node process with no dependencies', () => {
    const trained = irisCase();
    const path = join(workDir, 'standalone.mjs');
    writeFileSync(path, exportJavaScript(trained.file));
    const script = `import { predict } from ${JSON.stringify(pathToFileURL(path).href)}; console.log(JSON.stringify(predict(${JSON.stringify(trained.records[0])})));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: workDir, encoding: 'utf8' });
    expect(JSON.parse(output).label).toBe('setosa');
  });
});

/** python3 with numpy, or null (the Python tests then skip with a message). */
function pythonWithNumpy(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0) return python;
  }
  return null;
}

const python = pythonWithNumpy();
if (!python) console.warn('python3 with numpy not found: the exported Python file is not run (tests skipped)');

describe.skipIf(!python).each(cases)('the exported Python file on %s', (name, make) => {
  const trained = make();

  /** Probabilities for every record from the generated file, run by python3. */
  function pythonOutputs(file = trained.file): Float32Array {
    const dir = mkdtempSync(join(workDir, 'py-'));
    writeFileSync(join(dir, 'exported_model.py'), exportPython(file));
    writeFileSync(join(dir, 'records.json'), JSON.stringify(trained.records));
    const script = 'import json, exported_model as m\nrows = json.load(open("records.json"))\nprint(json.dumps([float(p) for r in rows for p in m.forward([m.transform(r)])[0]]))';
    const output = execFileSync(python!, ['-c', script], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return Float32Array.from(JSON.parse(output) as number[]);
  }

  it('gives the engine probabilities within 1e-6 and the same predicted classes', () => {
    const engine = engineOutputs(trained), generated = pythonOutputs();
    const diff = maxAbsDifference(generated, engine);
    const identical = engine.every((p, i) => p === generated[i]);
    console.log(`${name}: Python file vs engine, max |difference| = ${diff.toExponential(2)}${identical ? ' (bit-identical)' : ''}`);
    expect(diff).toBeLessThan(1e-6);
    const k = trained.file.spec.output.units;
    const argmax = (values: Float32Array, r: number): number => { const row = Array.from(values.subarray(r * k, (r + 1) * k)); return row.indexOf(Math.max(...row)); };
    trained.records.forEach((_, r) => expect(argmax(generated, r)).toBe(argmax(engine, r)));
  });

  it('moves away from the engine when a numeric centre is shifted (negative control)', () => {
    const file = structuredClone(trained.file);
    file.preprocessing = { ...trained.preprocessing, columns: trained.preprocessing.columns.map((c) => (c.kind === 'numeric' ? { ...c, center: c.center + 0.5 } : c)) };
    expect(maxAbsDifference(pythonOutputs(file), engineOutputs(trained))).toBeGreaterThan(1e-3);
  });
});

describe.skipIf(!python)('the exported Python file\'s number spelling', () => {
  it('spells 2,000 random numbers as JavaScript\'s String(x) does (the studio\'s category keys)', () => {
    const special = [0, -0, 1, -1, 1.5, 100, 1e21, 1e-7, 1.5e-7, 0.000001, 0.001, 123456789012345680000, 3.4028234663852886e38, 1.401298464324817e-45, 5e-324];
    const numbers = [...special, ...fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), { numRuns: 1500, seed: 7 }),
      ...fc.sample(fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100), { numRuns: 485, seed: 8 })];
    const dir = mkdtempSync(join(workDir, 'numbers-'));
    writeFileSync(join(dir, 'exported_model.py'), exportPython(irisCase().file));
    writeFileSync(join(dir, 'numbers.json'), JSON.stringify(numbers.map((x) => (Object.is(x, -0) ? '-0' : x.toExponential(20)))));
    const output = execFileSync(python!, ['-c', 'import json, exported_model as m\nprint(json.dumps([[m._js_number_text(float(x)), repr(float(x))] for x in json.load(open("numbers.json"))]))'], { cwd: dir, encoding: 'utf8' });
    const spelled = JSON.parse(output) as [string, string][];
    const wrong = numbers.map((x, i) => [String(x), spelled[i][0]]).filter(([js, py]) => js !== py);
    expect(wrong.slice(0, 5)).toEqual([]);
    // negative control: Python's own repr would not do (1e-7 → "1e-07", 100 → "100.0")
    expect(numbers.filter((x, i) => String(x) !== spelled[i][1]).length).toBeGreaterThan(20);
  });
});
