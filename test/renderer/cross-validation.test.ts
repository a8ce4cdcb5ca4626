/** The studio's k-fold cross-validation over the real engine host: each fold's score and curves, mean ± sd. */
import { afterEach, describe, expect, it } from 'vitest';
import { CrossValidation } from '../../src/renderer/studio/state/cross-validation.svelte';
import { ModelConfig } from '../../src/renderer/studio/state/model-config.svelte';
import { meanAndSd } from '../../src/engine';
import { InProcessEngine, irisText } from './fixtures';

const engines: InProcessEngine[] = [];
afterEach(() => { for (const e of engines.splice(0)) e.close(); });

async function irisCv(epochs: number): Promise<CrossValidation> {
  const engine = new InProcessEngine();
  engines.push(engine);
  await engine.connection.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  const model = new ModelConfig(() => ({ inputSize: 4, outputSize: 3, task: 'classification' }));
  model.setEpochs(epochs);
  const cv = new CrossValidation((body) => engine.connection.request(body), () => model.toConfigure());
  cv.folds = 3;
  await cv.run();
  return cv;
}

describe('the studio\'s cross-validation', () => {
  it('trains one network per fold and reports each fold\'s accuracy, curves and their mean ± sd', async () => {
    const cv = await irisCv(30);
    expect(cv.problem).toBeNull();
    const result = cv.result!;
    expect(result.metric).toBe('accuracy');
    expect(result.folds).toHaveLength(3);
    for (const fold of result.folds) expect(fold.loss).toHaveLength(fold.epochs);
    expect(result.mean).toBeGreaterThan(0.85);
    expect(result).toMatchObject(meanAndSd(result.folds.map((f) => f.score)));
  }, 60_000);

  it('scores near chance with no training (negative control)', async () => {
    const cv = await irisCv(0);
    expect(cv.result!.mean).toBeLessThan(0.7);
  });
});
