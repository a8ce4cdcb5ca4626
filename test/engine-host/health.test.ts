import { describe, expect, it } from 'vitest';
import type { StepMetrics, StepProbe, TrainSettings } from '../../src/engine';
import { defaultTrainSettings } from '../../src/engine';
import { HealthMonitor } from '../../src/engine-host/health-monitor';
import { EXPLODING_NORM, PROBE_EVERY_STEPS, VANISHING_RATIO, median, vanishingLayers } from '../../src/engine-host/health-rules';
import type { HiddenActivation } from '../../src/engine';

const settings: TrainSettings = { ...defaultTrainSettings, learningRate: 5 };

/** A synthetic step: per-layer norms, the global norm, and an optional probe. */
function step(n: number, layerGradNorms: number[], probe?: StepProbe): StepMetrics {
  const gradNorm = Math.sqrt(layerGradNorms.reduce((s, g) => s + g * g, 0));
  return { step: n, epoch: 0, batch: n, batchesPerEpoch: 1000, rows: 32, loss: 1, accuracy: null, gradNorm, clipped: false,
    layerGradNorms, learningRate: settings.learningRate, ...(probe ? { probe } : {}) };
}

function probeOf(layers: { deadShare?: number | null; saturatedShare?: number | null; updateRatio?: number }[]): StepProbe {
  return { layers: layers.map((l) => ({ deadShare: l.deadShare ?? null, saturatedShare: l.saturatedShare ?? null, updateRatio: l.updateRatio ?? 1e-3 })),
    weightSquares: 10, weightAbs: 20 };
}

/** Feeds `count` steps made by `make` and returns the warnings' codes after them. */
function feed(activations: HiddenActivation[], count: number, make: (n: number) => StepMetrics): { codes: string[]; monitor: HealthMonitor } {
  const monitor = new HealthMonitor(activations, () => settings);
  for (let n = 1; n <= count; n++) monitor.observe(make(n));
  return { codes: monitor.take()!.warnings.filter((w) => w.active).map((w) => w.code), monitor };
}

const healthyProbe = (n: number): StepProbe | undefined => (n % PROBE_EVERY_STEPS === 0
  ? probeOf([{ deadShare: 0.2, updateRatio: 2e-3 }, { deadShare: 0.3, updateRatio: 1e-3 }, { updateRatio: 1e-3 }]) : undefined);
const relu2: HiddenActivation[] = ['relu', 'relu'];
const sigmoid2: HiddenActivation[] = ['sigmoid', 'sigmoid'];

describe('the training-health monitor', () => {
  it('raises nothing on a healthy stream (negative control)', () => {
    const { codes } = feed(relu2, 60, (n) => step(n, [0.2 + 0.01 * (n % 3), 0.5, 0.4], healthyProbe(n)));
    expect(codes).toEqual([]);
  });

  it('raises vanishing on the first layer when its norm is 1000× under the output layer’s', () => {
    const { codes, monitor } = feed(sigmoid2, 10, (n) => step(n, [1e-6, 1e-3, 0.5]));
    expect(codes).toEqual(['vanishing']);
    const warning = monitor.take() ?? null;
    expect(warning).toBeNull(); // nothing new since the last take
  });

  it('names the first vanishing layer and offers relu + He init as a new run for sigmoid layers', () => {
    const monitor = new HealthMonitor(sigmoid2, () => settings);
    for (let n = 1; n <= 10; n++) monitor.observe(step(n, [1e-6, 1e-3, 0.5]));
    const [warning] = monitor.take()!.warnings;
    expect(warning).toMatchObject({ code: 'vanishing', layer: 0, active: true, fix: { live: null, design: { activation: 'relu', init: 'he' } } });
    expect(warning.fix.label).toMatch(/new run/);
  });

  it('does not raise vanishing when the first layer is only 100× under the output (negative control)', () => {
    expect(vanishingLayers([0.5e-2, 0.1, 0.5])).toEqual([]);
    expect(vanishingLayers([0.5 * VANISHING_RATIO * 0.9, 0.1, 0.5])).toEqual([0]);
  });

  it('raises exploding on a norm past the limit, with a live clip-norm and lower-rate fix', () => {
    const monitor = new HealthMonitor(relu2, () => settings);
    for (let n = 1; n <= 6; n++) monitor.observe(step(n, [EXPLODING_NORM * 10, 5, 5]));
    const [warning] = monitor.take()!.warnings;
    expect(warning).toMatchObject({ code: 'exploding', layer: null, fix: { design: null, live: { clipping: { mode: 'norm', threshold: 1 }, learningRate: 0.5 } } });
  });

  it('does not raise exploding for one large batch among normal ones (negative control)', () => {
    const { codes } = feed(relu2, 20, (n) => step(n, [n === 10 ? EXPLODING_NORM * 10 : 0.3, 0.5, 0.4]));
    expect(codes).toEqual([]);
  });

  it('raises dead units when over half a relu layer is dead at two probes in a row, and not at one', () => {
    const dead = (n: number): StepProbe | undefined => (n % PROBE_EVERY_STEPS === 0 ? probeOf([{ deadShare: 0.8 }, { deadShare: 0.1 }, {}]) : undefined);
    expect(feed(relu2, 2 * PROBE_EVERY_STEPS, (n) => step(n, [0.2, 0.5, 0.4], dead(n))).codes).toEqual(['dead-units']);
    expect(feed(relu2, PROBE_EVERY_STEPS, (n) => step(n, [0.2, 0.5, 0.4], dead(n))).codes).toEqual([]);
  });

  it('raises saturated units for sigmoid layers and offers relu + He init', () => {
    const saturated = (n: number): StepProbe | undefined => (n % PROBE_EVERY_STEPS === 0 ? probeOf([{ saturatedShare: 0.1 }, { saturatedShare: 0.9 }, {}]) : undefined);
    const { codes, monitor } = feed(sigmoid2, 3 * PROBE_EVERY_STEPS, (n) => step(n, [0.2, 0.5, 0.4], saturated(n)));
    expect(codes).toEqual(['saturated-units']);
    expect(monitor.take()).toBeNull();
  });

  it('raises large updates when ‖ΔW‖/‖W‖ stays over 0.1, with a live lower learning rate; 0.05 raises nothing', () => {
    const ratio = (r: number) => (n: number): StepProbe | undefined => (n % PROBE_EVERY_STEPS === 0 ? probeOf([{ updateRatio: r }, { updateRatio: 1e-3 }, {}]) : undefined);
    const large = new HealthMonitor(relu2, () => settings);
    for (let n = 1; n <= 3 * PROBE_EVERY_STEPS; n++) large.observe(step(n, [0.2, 0.5, 0.4], ratio(0.3)(n)));
    expect(large.take()!.warnings).toMatchObject([{ code: 'large-updates', layer: 0, fix: { live: { learningRate: 0.5 } } }]);
    expect(feed(relu2, 3 * PROBE_EVERY_STEPS, (n) => step(n, [0.2, 0.5, 0.4], ratio(0.05)(n))).codes).toEqual([]);
  });

  it('keeps a warning listed, inactive, after its pattern went away', () => {
    const monitor = new HealthMonitor(relu2, () => settings);
    for (let n = 1; n <= 6; n++) monitor.observe(step(n, [1e3, 5, 5]));
    for (let n = 7; n <= 30; n++) monitor.observe(step(n, [0.3, 0.5, 0.4]));
    expect(monitor.take()!.warnings).toMatchObject([{ code: 'exploding', active: false, step: 4 }]);
  });

  it('reports each layer’s median norm and the latest probe', () => {
    const monitor = new HealthMonitor(relu2, () => settings);
    [1, 2, 100].forEach((g, i) => monitor.observe(step(i + 1, [g, 1, 1], i === 2 ? probeOf([{ deadShare: 0.25 }, {}, {}]) : undefined)));
    const health = monitor.take()!;
    expect(health.layers[0]).toEqual({ gradNorm: 2, deadShare: 0.25, saturatedShare: null, updateRatio: 1e-3 });
    expect(health.weightSquares).toBe(10);
    expect(median([3, 1, 2, 4])).toBe(2.5);
  });
});
