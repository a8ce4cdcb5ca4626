import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, irisText, smallNetwork, trainSettings } from './engine-port-harness';

let harness: EngineHarness;
afterEach(() => harness?.close());

async function irisConfigured(): Promise<EngineHarness> {
  const h = new EngineHarness({ pacing: { sliceMs: 0, metricsIntervalMs: 0 } });
  await h.request({ type: 'loadDataset', source: { kind: 'text', name: 'iris.csv', text: irisText } });
  await h.request({ type: 'configure', network: smallNetwork, train: { ...trainSettings, batchSize: 32 } });
  return h;
}

describe('the inspectStep and checkGradients requests', () => {
  it('answers inspectStep with the last Step\'s shapes (batch included) and a chain rule that adds up to the gradient buffer', async () => {
    harness = await irisConfigured();
    await harness.request({ type: 'step' });
    await harness.request({ type: 'step' });
    const { inspection, reason } = await harness.request({ type: 'inspectStep', layer: 0, sample: 3, from: 1, to: 2 });
    expect(reason).toBeNull();
    expect(inspection!.step).toBe(2);
    expect(inspection!.shapes.lines.forward).toContain('(32×4)(4×16)');
    expect(inspection!.shapes.lines.dW).toContain('(4×32)(32×16) → (4×16)');
    expect(inspection!.sampleTerm).toBeCloseTo(inspection!.aRow[1] * inspection!.dZRow[2], 6);
    expect(Math.abs(inspection!.batchSum - inspection!.gradient)).toBeLessThan(1e-5 * Math.max(1, Math.abs(inspection!.gradient)));
  });

  it('says to press Step when no step was recorded, and refuses a unit outside the layer', async () => {
    harness = await irisConfigured();
    const before = await harness.request({ type: 'inspectStep', layer: 0, sample: 0, from: 0, to: 0 });
    expect(before.inspection).toBeNull();
    expect(before.reason).toContain('Step');
    await harness.request({ type: 'step' });
    await expect(harness.request({ type: 'inspectStep', layer: 0, sample: 0, from: 9, to: 0 })).rejects.toThrow('from must be a whole number from 0 to 3, got 9');
  });

  it('answers checkGradients with every layer of the network under 1e-6', async () => {
    harness = await irisConfigured();
    const { report } = await harness.request({ type: 'checkGradients' });
    expect(report.layers.map((row) => row.name)).toEqual(['hidden 1', 'output']);
    for (const row of report.layers) expect(row.maxRelativeError).toBeLessThan(1e-6);
    expect(report.passed).toBe(true);
  });
});
