import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Network, Random, csvLine, loadModel, modelFileText, toModelFile, typedArrayKernels, type Preprocessing } from '../../src/engine';
import { exportJavaScript, exportOnnx, exportPyTorch, exportPython } from '../../src/engine/export';
import { jsLiteral, pyStringLiteral } from '../../src/engine/export/escape';

/** Each name tries to end a comment, a string or a line in generated code and run what follows. */
const payloads = [
  'a\u2028globalThis.__pwned = "u2028"; //',
  'b\u2029globalThis.__pwned = "u2029"; //',
  'c */ globalThis.__pwned = "star"; /*',
  'd"; globalThis.__pwned = "quote"; "',
  "e'; globalThis.__pwned = 'single'; '",
  'f\\", __import__("os")._exit(7), "',
  'g\n__import__("os")._exit(8)\n#',
  'h ${globalThis.__pwned = "template"} `',
  'i"""\n__import__("os")._exit(9)\n"""',
  'j\r\u0085\ufeff\ud800 lone',
];

const preprocessing: Preprocessing = {
  version: 1,
  columns: [
    ...payloads.slice(0, 8).map((name, i) => ({ name, kind: 'numeric' as const, impute: i, center: 0, scale: 1 })),
    { name: payloads[8], kind: 'categorical', impute: payloads[0], categories: [payloads[0], payloads[2]], other: true },
  ],
  scaling: 'standard',
  target: { name: payloads[9], task: 'classification', classes: [payloads[1], payloads[6], payloads[7]] },
  format: { delimiter: ',', decimalComma: false },
};
const net = new Network({ inputSize: 11, hidden: [{ units: 3, activation: 'tanh', dropout: 0 }], output: { units: 3, activation: 'softmax' }, init: 'auto' }, { kernels: typedArrayKernels });
net.initialize(new Random(5));
const file = loadModel(modelFileText(toModelFile(net, { preprocessing }))).file;
const dir = mkdtempSync(join(tmpdir(), 'backprop-injection-'));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;

/** Printable ASCII, tab, newline and the templates' own … → · only: no character from data can end a comment or a line. */
const PLAIN_SOURCE = /^[\x20-\x7e\n\t…→·]*$/;

describe('names from data in generated code are escaped string literals only', () => {
  it('the escaping helpers write only printable ASCII and read back as the same text', () => {
    for (const name of payloads) {
      expect(jsLiteral(name)).toMatch(/^[\x20-\x7e]+$/);
      expect(jsLiteral(name)).not.toContain('*/');
      expect(JSON.parse(jsLiteral(name))).toBe(name);
      expect(pyStringLiteral(name)).toMatch(/^"[\x20-\x7e]*"$/);
    }
  });

  it('a JS module importing the export runs none of the names and reads them back exactly', async () => {
    const text = exportJavaScript(file);
    expect(text).toMatch(PLAIN_SOURCE);
    writeFileSync(join(dir, 'model.mjs'), text);
    delete (globalThis as { __pwned?: string }).__pwned;
    const module = await import(pathToFileURL(join(dir, 'model.mjs')).href) as { PREPROCESSING: Preprocessing };
    expect((globalThis as { __pwned?: string }).__pwned).toBeUndefined();
    expect(module.PREPROCESSING).toEqual(preprocessing);
  });

  it('an unescaped name in a comment would run (negative control: the test can see an injection)', async () => {
    writeFileSync(join(dir, 'naive.mjs'), `// header ${payloads[0]}\nexport const ok = 1;\n`);
    delete (globalThis as { __pwned?: string }).__pwned;
    await import(pathToFileURL(join(dir, 'naive.mjs')).href);
    expect((globalThis as { __pwned?: string }).__pwned).toBe('u2028');
  });

  it.skipIf(!hasNumpy)('the Python file imports without running a name and reads every name back exactly', () => {
    const text = exportPython(file);
    expect(text).toMatch(PLAIN_SOURCE);
    writeFileSync(join(dir, 'inj_model.py'), text);
    const run = spawnSync('python3', ['-c', 'import json, inj_model as m\nprint(json.dumps(m.PREPROCESSING))'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(preprocessing)));
  });

  it('the PyTorch script compiles, is plain ASCII and holds the names as data', () => {
    const text = exportPyTorch(file);
    expect(text).toMatch(PLAIN_SOURCE);
    writeFileSync(join(dir, 'inj_train.py'), text);
    execFileSync('python3', ['-m', 'py_compile', join(dir, 'inj_train.py')]);
    const line = text.split('\n').find((l) => l.startsWith('MODEL = '))!;
    const model = execFileSync('python3', ['-c', `import json\n${line}\nprint(json.dumps(MODEL["preprocessing"]))`], { encoding: 'utf8' });
    expect(JSON.parse(model)).toEqual(JSON.parse(JSON.stringify(preprocessing)));
  });

  it('the ONNX file loads, keeps the target name exactly in its metadata and quotes names in plain ASCII in its doc string', async () => {
    const bytes = exportOnnx(file);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['numeric', 'categorical']);
    const text = new TextDecoder().decode(bytes);
    const docStart = text.indexOf('Backprop Studio MLP');
    const doc = text.slice(docStart, text.indexOf('the most probable class name', docStart));
    expect(doc).toMatch(PLAIN_SOURCE);
    expect(doc.split('\n').every((line) => /^(Backprop Studio MLP|Inputs:|Outputs:|- )/.test(line))).toBe(true);
  });

  it('a CSV line of the names reads back as the same cells', () => {
    const parsed = Papa.parse<string[]>(csvLine(payloads) + csvLine(payloads), { header: false, skipEmptyLines: true });
    const cell = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
    expect(parsed.data[0]).toEqual(payloads.map(cell));
    expect(parsed.data).toHaveLength(2);
  });
});
