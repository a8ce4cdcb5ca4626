/** The studio's learning-rate finder over the real engine host: request, curve, suggestion, one-click use. */
import { afterEach, describe, expect, it } from 'vitest';
import { LrFinder } from '../../src/renderer/studio/state/lr-finder.svelte';
import { ModelConfig } from '../../src/renderer/studio/state/model-config.svelte';
import { InProcessEngine, irisText } from './fixtures';

const engines: InProcessEngine[] = [];
afterEach(() => { for (const e of engines.splice(0)) e.close(); });

async function irisEngine(): Promise<InProcessEngine> {
  const engine = new InProcessEngine();
  engines.push(engine);
  await engine.connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  return engine;
}

describe('the studio\'s learning-rate finder', () => {
  it('gets the loss-vs-rate curve for the current design and a suggestion in [1e-3, 3e-2] for iris with Adam', async () => {
    const engine = await irisEngine();
    const model = new ModelConfig(() => ({ inputSize: 4, outputSize: 3, task: 'classification' }));
    const finder = new LrFinder((body) => engine.connection.request(body), () => model.toConfigure());
    await finder.find();
    expect(finder.problem).toBeNull();
    const result = finder.result!;
    expect(result.rates.length).toBe(result.smoothed.length);
    expect(result.rates.length).toBeGreaterThan(20);
    expect(result.suggested).toBeGreaterThanOrEqual(1e-3);
    expect(result.suggested).toBeLessThanOrEqual(3e-2);
    model.setLearningRate(Number(result.suggested.toPrecision(2))); // what "Use" does
    expect(model.train.learningRate).toBeCloseTo(result.suggested, 2);
    expect(model.isValid).toBe(true);
  });

  it('reports the engine\'s refusal when no data is loaded (and keeps no curve)', async () => {
    const engine = new InProcessEngine();
    engines.push(engine);
    const model = new ModelConfig(() => null);
    const finder = new LrFinder((body) => engine.connection.request(body), () => model.toConfigure());
    await finder.find();
    expect(finder.result).toBeNull();
    expect(finder.problem).toMatch(/data|dataset|load/i);
  });
});
