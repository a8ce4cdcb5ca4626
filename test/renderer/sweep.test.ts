/** The studio's sweep over the real engine host: seeded trials, each a run in the history, the same twice. */
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetState } from '../../src/renderer/studio/state/dataset.svelte';
import { ModelConfig } from '../../src/renderer/studio/state/model-config.svelte';
import { RunHistory } from '../../src/renderer/studio/state/runs.svelte';
import { Sweep, parseValues } from '../../src/renderer/studio/state/sweep.svelte';
import { InProcessEngine, irisText } from './fixtures';

const engines: InProcessEngine[] = [];
afterEach(() => { for (const e of engines.splice(0)) e.close(); });

async function sweepOnce(seed: number) {
  const engine = new InProcessEngine();
  engines.push(engine);
  const dataset = new DatasetState(() => undefined);
  dataset.receive((await engine.connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } })).info);
  const model = new ModelConfig(() => ({ inputSize: 4, outputSize: 3, task: 'classification' }));
  model.setEpochs(6);
  model.setSeed(seed);
  const runs = new RunHistory({ load: async () => null, save: async () => undefined });
  const sweep = new Sweep({ request: (body) => engine.connection.request(body), dataset, runs, configuration: () => model.toConfigure() });
  sweep.values = { learningRate: '0.001, 0.01, 0.1', l2: '0, 0.003', dropout: '0, 0.2', width: '0.25, 0.5' };
  sweep.trials = 6;
  await sweep.run();
  return { sweep, runs };
}

describe('the studio\'s sweep', () => {
  it('parses comma lists and refuses a negative or non-number value', () => {
    expect(parseValues('0.001, 0.01,')).toEqual([0.001, 0.01]);
    expect(parseValues('')).toEqual([]);
    expect(parseValues('0.1, -1')).toBeNull();
    expect(parseValues('fast')).toBeNull();
  });

  it('a seeded 6-trial sweep adds 6 finished runs, and gives the same 6 runs again (another seed: other trials)', async () => {
    const first = await sweepOnce(3), second = await sweepOnce(3), other = await sweepOnce(4);
    expect(first.sweep.problem, first.sweep.problem ?? "").toBeNull();
    expect(first.runs.runs).toHaveLength(6);
    expect(first.runs.runs.every((r) => r.result !== null && (r.curves?.loss.length ?? 0) === r.result.epochs)).toBe(true);
    const strip = (s: typeof first) => s.sweep.result!.trials;
    expect(strip(second)).toEqual(strip(first));
    expect(strip(other).map((t) => t.train.learningRate + ':' + t.network.hidden[0].units)).not.toEqual(strip(first).map((t) => t.train.learningRate + ':' + t.network.hidden[0].units));
  }, 60_000);
});
