import { describe, expect, test } from 'vitest';
import type { DataChoicesMessage } from '../../src/shared/protocol';
import { DatasetState } from '../../src/renderer/studio/state/dataset.svelte';
import { irisInfo } from './fixtures';

function loaded(): { dataset: DatasetState; sent: DataChoicesMessage[] } {
  const sent: DataChoicesMessage[] = [];
  const dataset = new DatasetState((choices) => sent.push(choices));
  dataset.receive(irisInfo());
  return { dataset, sent };
}

describe('DatasetState', () => {
  test('a received dataset is summarized with its rows, columns, target and classes', () => {
    const { dataset } = loaded();
    expect(dataset.isLoaded).toBe(true);
    expect(dataset.summary).toBe('iris.csv · 150 rows · classification (3 classes) · target species · 5 columns');
  });

  test('the feature columns are every column but the target and the excluded', () => {
    const { dataset } = loaded();
    dataset.setExcluded('sepal_width', true);
    expect(dataset.featureColumns.map((c) => c.name)).toEqual(['sepal_length', 'petal_length', 'petal_width']);
  });

  test('changing the target sends it, shows it at once and takes it out of the excluded columns', () => {
    const { dataset, sent } = loaded();
    dataset.setExcluded('petal_width', true);
    dataset.setTarget('petal_width');
    expect(sent.at(-1)).toEqual({ target: 'petal_width', excluded: [], task: 'auto' });
    expect(dataset.choices?.target).toBe('petal_width');
    expect(dataset.featureColumns.map((c) => c.name)).toContain('species');
  });

  test('a target that is not a column is ignored', () => {
    const { dataset, sent } = loaded();
    dataset.setTarget('no_such_column');
    expect(sent).toEqual([]);
  });

  test('the target itself cannot be excluded', () => {
    const { dataset, sent } = loaded();
    dataset.setExcluded('species', true);
    expect(sent).toEqual([]);
  });

  test('excluding every input column is reported as a problem', () => {
    const { dataset } = loaded();
    for (const name of ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']) dataset.setExcluded(name, true);
    expect(dataset.problem).toMatch(/every input column is excluded/i);
  });

  test('a split that leaves less than 10% for training shrinks the fraction the user did not move', () => {
    const { dataset, sent } = loaded();
    dataset.setSplit(0.75, 0.2);
    expect(sent.at(-1)).toEqual({ validationFraction: 0.75, testFraction: 0.15 });
  });

  test('a one-click fix sends the warning’s changes', () => {
    const { dataset, sent } = loaded();
    dataset.applyFix(dataset.info!.warnings[0]);
    expect(sent.at(-1)).toEqual({ scaling: 'standard' });
    expect(dataset.choices?.scaling).toBe('standard');
  });

  test('the engine’s answer replaces the optimistic choices', () => {
    const { dataset } = loaded();
    dataset.setScaling('minmax');
    dataset.receive(irisInfo());
    expect(dataset.choices?.scaling).toBe('none');
  });

  test('a failed load keeps the previous dataset', () => {
    const { dataset } = loaded();
    dataset.beginLoad('broken.csv');
    expect(dataset.isLoading).toBe(true);
    dataset.failLoad();
    expect(dataset.isLoading).toBe(false);
    expect(dataset.info?.name).toBe('iris.csv');
  });

  test('no choice is sent before a dataset is loaded', () => {
    const sent: DataChoicesMessage[] = [];
    const dataset = new DatasetState((choices) => sent.push(choices));
    dataset.setScaling('minmax');
    expect(sent).toEqual([]);
    expect(dataset.problem).toMatch(/load a dataset/i);
  });
});
