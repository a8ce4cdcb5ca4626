import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModel, modelFileText, type ModelFile } from '../../src/engine';
import { NUMBER_READINGS } from '../../src/engine/data/cells';
import { exportJavaScript, exportPython } from '../../src/engine/export';
import { amountsCase } from './datasets';

const workDir = mkdtempSync(join(tmpdir(), 'backprop-number-rules-'));
const trained = amountsCase();

async function jsTransform(file: ModelFile): Promise<(row: Record<string, string>) => Float32Array> {
  const path = join(workDir, `m-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(path, exportJavaScript(file));
  return ((await import(pathToFileURL(path).href)) as { transform: (row: Record<string, string>) => Float32Array }).transform;
}

/** The file as an older version wrote it: no recorded convention, and no content hash (a hand edit would drop it). */
function withoutConvention(file: ModelFile): ModelFile {
  const older = structuredClone(file);
  older.preprocessing!.columns = older.preprocessing!.columns.map((c) => (c.kind === 'numeric' ? { ...c, numbers: undefined } : c));
  return older;
}

describe('the recorded number convention', () => {
  it('is saved per numeric column, survives the model file, and is covered by its content hash', () => {
    expect(trained.preprocessing.columns.find((c) => c.name === 'amount')).toMatchObject({ kind: 'numeric', numbers: 'comma-thousands' });
    const text = modelFileText(trained.file);
    expect(loadModel(text).file.preprocessing?.columns[0]).toMatchObject({ numbers: 'comma-thousands' });
    expect(() => loadModel(text.replace('"numbers":"comma-thousands"', '"numbers":"decimal-comma"'))).toThrow(/content hash/);
  });

  it('an older file without it still loads and reads its numbers as before', () => {
    const older = JSON.parse(modelFileText(trained.file)) as Record<string, unknown>;
    delete older.contentHash;
    (older.preprocessing as { columns: Record<string, unknown>[] }).columns.forEach((c) => delete c.numbers);
    const { file, warnings } = loadModel(JSON.stringify(older));
    expect(file.preprocessing?.columns[0]).not.toHaveProperty('numbers');
    expect(warnings.join(' ')).toMatch(/no content hash/);
  });

  it('the exported JavaScript reads "12,000" in the column\'s convention, and an infinity as a missing cell', async () => {
    const transform = await jsTransform(trained.file);
    expect(Array.from(transform({ amount: '12,000', score: '1' }))).toEqual(Array.from(transform({ amount: '12000', score: '1' })));
    expect(Array.from(transform({ amount: '5', score: 'inf' }))).toEqual(Array.from(transform({ amount: '5', score: '' })));
  });

  it('without the recorded convention the same cell is refused (negative control: the record is what reads it)', async () => {
    const transform = await jsTransform(withoutConvention(trained.file));
    expect(() => transform({ amount: '12,000', score: '1' })).toThrow(/"12,000" is not a number/);
  });

  it('both runtimes carry the engine\'s own table in their NUMBERS block', () => {
    const table = JSON.stringify(Object.fromEntries(Object.entries(NUMBER_READINGS).map(([name, { decimal, group }]) => [name, { decimal, group }])));
    expect(exportJavaScript(trained.file)).toContain(`const NUMBER_READINGS = ${table};`);
    expect(exportPython(trained.file)).toContain(`_NUMBER_READINGS = ${table}`);
    for (const text of [exportJavaScript(trained.file), exportPython(trained.file)]) expect(text).not.toMatch(/NUMBERS (BEGIN|END)/);
  });
});
