import { setting } from '../../src/engine/settings';
import { describe, expect, test } from 'vitest';
import type { DataChoicesMessage } from '../../src/shared/protocol';
import { DatasetState } from '../../src/renderer/studio/state/dataset.svelte';
import { ModelConfig } from '../../src/renderer/studio/state/model-config.svelte';
import {
  DESIGN_SNAPSHOT_VERSION, applyDesign, captureDesign, changedPaths, type DesignHolder,
} from '../../src/renderer/studio/state/design-snapshot';
import { irisInfo } from './fixtures';

/** A model and an iris dataset; the choices it sends to the engine are kept in `sent`. */
function holder(): DesignHolder & { sent: DataChoicesMessage[] } {
  const sent: DataChoicesMessage[] = [];
  const dataset = new DatasetState((choices) => sent.push(choices));
  dataset.receive(irisInfo());
  const model = new ModelConfig(() => ({ inputSize: 4, outputSize: 3, task: 'classification' }));
  return { model, dataset, sent };
}

/** A studio whose design differs from the defaults in every part. */
function changed(): DesignHolder & { sent: DataChoicesMessage[] } {
  const studio = holder();
  studio.model.removeLayer(2);
  studio.model.setUnits(0, 10);
  studio.model.setActivation(1, 'tanh');
  studio.model.setLearningRate(0.05);
  studio.model.set('optimizer.beta1', 0.8);
  studio.model.setL2(0.001);
  studio.dataset.setScaling('minmax');
  studio.dataset.setExcluded('sepal_width', true);
  return studio;
}

describe('design snapshots', () => {
  test('a snapshot is plain JSON data with a version, the network, the settings and the data choices', () => {
    const snapshot = captureDesign(changed());
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.version).toBe(DESIGN_SNAPSHOT_VERSION);
    expect(snapshot.network.hidden.map((h) => h.units)).toEqual([10, 64]);
    expect(snapshot.train.optimizer.beta1).toBe(0.8);
    expect(snapshot.data?.choices).toMatchObject({ target: 'species', scaling: 'minmax', excluded: ['sepal_width'] });
    expect(snapshot.data?.dataset).toBe('iris.csv');
  });

  test('applying a snapshot to a fresh studio gives the same snapshot back', () => {
    const snapshot = captureDesign(changed());
    const fresh = holder();
    const report = applyDesign(fresh, JSON.parse(JSON.stringify(snapshot)));
    expect(report.dropped).toEqual([]);
    expect(captureDesign(fresh)).toEqual(snapshot);
    expect(fresh.sent).toEqual([{ excluded: ['sepal_width'], scaling: 'minmax' }]);
  });

  test('a fresh studio is not equal to the changed one before applying (the round trip could fail)', () => {
    expect(changedPaths(captureDesign(holder()), captureDesign(changed()))).toEqual([
      'network.hidden', 'train.learningRate', 'train.optimizer.beta1', 'train.l2', 'data.excluded', 'data.scaling',
    ]);
  });

  test('a stale snapshot applies the values that still fit and names the ones it dropped', () => {
    const snapshot = structuredClone(captureDesign(changed()));
    snapshot.version = 0;
    snapshot.train.learningRate = -1;
    delete (snapshot.train.optimizer as { rho?: number }).rho;
    snapshot.data!.choices.target = 'no_such_column';
    snapshot.data!.choices.excluded = ['sepal_width', 'gone'];
    const fresh = holder();
    const report = applyDesign(fresh, snapshot);
    const after = captureDesign(fresh);
    expect(after.train.learningRate).toBe(setting('train', 'learningRate').default);
    expect(after.train.optimizer.beta1).toBe(0.8);
    expect(after.network.hidden.map((h) => h.units)).toEqual([10, 64]);
    expect(after.data?.choices).toMatchObject({ target: 'species', excluded: ['sepal_width'], scaling: 'minmax' });
    expect(report.dropped).toEqual([
      'learning rate must be in (0, 1000], got -1',
      'ρ: missing from the snapshot',
      'target: the dataset has no column "no_such_column"',
      'excluded columns: the dataset has no column "gone"',
    ]);
  });

  test('a layer with a wrong field keeps the current layers', () => {
    const snapshot = captureDesign(changed());
    (snapshot.network.hidden[1] as { activation: string }).activation = 'no-such-activation';
    const fresh = holder();
    const report = applyDesign(fresh, snapshot);
    expect(fresh.model.hidden.map((h) => h.units)).toEqual([128, 64, 32]);
    expect(report.dropped).toEqual([expect.stringMatching(/^hidden layer 2: activation must be one of/)]);
  });

  test('something that is not a snapshot changes nothing', () => {
    const fresh = holder();
    const before = captureDesign(fresh);
    expect(applyDesign(fresh, 'not a snapshot').dropped).toEqual(['everything: not a design snapshot']);
    expect(applyDesign(fresh, {}).applied).toEqual([]);
    expect(captureDesign(fresh)).toEqual(before);
    expect(fresh.sent).toEqual([]);
  });

  test('the paths option applies only the paths named', () => {
    const snapshot = captureDesign(changed());
    const fresh = holder();
    applyDesign(fresh, snapshot, { paths: ['train.l2', 'data.scaling'] });
    const after = captureDesign(fresh);
    expect(changedPaths(captureDesign(holder()), after)).toEqual(['train.l2', 'data.scaling']);
  });
});
