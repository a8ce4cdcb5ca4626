import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { MODEL_FILE_LIMITS, ModelFileError, loadModel, parseModelFile } from '../../src/engine';
import { edited, malformedCases as cases, valid } from './malformed-cases';

describe('importing a malformed model file', () => {
  it('has at least 40 malformed cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('accepts the valid file every case is made from (negative control)', () => {
    expect(() => loadModel(valid())).not.toThrow();
  });

  it.each(cases)('rejects a file where %s, naming the field', (_what, text, path) => {
    let error: unknown = null;
    try { loadModel(text()); } catch (caught) { error = caught; }
    expect(error).toBeInstanceOf(ModelFileError);
    const { path: named, message } = error as ModelFileError;
    expect(named).toBe(path);
    if (path) expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message.length).toBeLessThan(500);
  });

  describe('the fixture files in test/fixtures/models', () => {
    const folder = new URL('../fixtures/models/', import.meta.url);
    const expected = JSON.parse(readFileSync(new URL('expected.json', folder), 'utf8')) as Record<string, { what: string; path: string }>;
    const files = readdirSync(folder).filter((name) => name.endsWith('.model.json'));

    it('are the ones expected.json lists', () => {
      expect(files.sort()).toEqual(Object.keys(expected).sort());
      expect(files.length).toBeGreaterThanOrEqual(40);
    });

    it('include a valid model that loads (negative control)', () => {
      expect(loadModel(readFileSync(new URL('valid-iris.json', folder), 'utf8')).net.spec.inputSize).toBe(4);
    });

    it.each(files)('%s is rejected naming its field', (name) => {
      expect(() => loadModel(readFileSync(new URL(name, folder), 'utf8'))).toThrow(expect.objectContaining({ path: expected[name].path }));
    });
  });

  describe('size limit', () => {
    const saved = MODEL_FILE_LIMITS.maxBytes;
    afterEach(() => { MODEL_FILE_LIMITS.maxBytes = saved; });

    it('rejects a file longer than the limit before parsing it', () => {
      MODEL_FILE_LIMITS.maxBytes = 100;
      expect(() => parseModelFile(valid())).toThrow(/the limit is 100/);
    });
  });

  it('leaves Object.prototype untouched after a __proto__ file is rejected', () => {
    expect(() => loadModel(edited('{"format"', '{"__proto__":{"polluted":true},"format"'))).toThrow(ModelFileError);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
