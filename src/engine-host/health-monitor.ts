import type { HiddenActivation, StepMetrics, StepProbe, TrainSettings } from '../engine';
import type { HealthCode, HealthWarning, LayerHealth, TrainingHealth } from '../shared/protocol';
import {
  DEAD_SHARE_LIMIT, EXPLODING_NORM, HEALTH_MIN_STEPS, HEALTH_WINDOW_STEPS, LARGE_UPDATE_RATIO, PROBES_TO_WARN, SATURATED_SHARE_LIMIT,
  fixFor, isExploding, layerList, layersOver, median, vanishingLayers,
} from './health-rules';

/** A pattern seen at one check: the layers it concerns (empty = the whole network) and what to tell the user. */
interface Finding { layers: number[]; message: string }

/**
 * Watches a run's step metrics in the engine host and keeps its training health: per-layer median gradient
 * norms over a short window, the latest probe's unit shares and update ratios, and warnings that are
 * raised when a pattern holds (health-rules.ts) and stay listed, marked inactive, once it goes away.
 */
export class HealthMonitor {
  private readonly layerNorms: number[][] = [];
  private readonly globalNorms: number[] = [];
  private readonly clippedSteps: number[] = [];
  private latest = { gradNorm: NaN, learningRate: NaN };
  private probes: StepProbe[] = [];
  private readonly warnings = new Map<HealthCode, HealthWarning>();
  private step = 0;
  private changed = false;

  constructor(private readonly activations: readonly HiddenActivation[], private readonly settings: () => TrainSettings) {}

  /** Takes one step's metrics; checks the patterns. */
  observe(metrics: StepMetrics): void {
    this.step = metrics.step;
    this.changed = true;
    metrics.layerGradNorms.forEach((norm, l) => pushWindow(this.layerNorms[l] ??= [], norm));
    pushWindow(this.globalNorms, metrics.gradNorm);
    pushWindow(this.clippedSteps, metrics.clipped ? 1 : 0);
    this.latest = { gradNorm: metrics.gradNorm, learningRate: metrics.learningRate };
    if (metrics.probe) this.probes = [...this.probes, metrics.probe].slice(-PROBES_TO_WARN);
    if (this.globalNorms.length >= HEALTH_MIN_STEPS || !Number.isFinite(metrics.gradNorm)) this.check();
  }

  /** The health to send, when anything arrived since the last call (sent with the metrics). */
  take(): TrainingHealth | null {
    if (!this.changed) return null;
    this.changed = false;
    const probe = this.probes[this.probes.length - 1];
    const layers: LayerHealth[] = this.layerNorms.map((norms, l) => ({
      gradNorm: median(norms),
      deadShare: probe?.layers[l]?.deadShare ?? null,
      saturatedShare: probe?.layers[l]?.saturatedShare ?? null,
      updateRatio: probe?.layers[l]?.updateRatio ?? null,
    }));
    return {
      step: this.step, layers, weightSquares: probe?.weightSquares ?? null, weightAbs: probe?.weightAbs ?? null,
      ...this.latest, clippedShare: this.clippedSteps.reduce((sum, c) => sum + c, 0) / Math.max(1, this.clippedSteps.length),
      warnings: [...this.warnings.values()].map((w) => ({ ...w })),
    };
  }

  private check(): void {
    this.judge('vanishing', this.vanishing());
    this.judge('exploding', isExploding(this.globalNorms)
      ? { layers: [], message: `the gradient norm is ${Number(median(this.globalNorms).toPrecision(2))}, past ${EXPLODING_NORM}: steps are far larger than the weights` } : null);
    this.judge('dead-units', this.heldAtProbes((p) => layersOver(p.layers.map((x) => x.deadShare), DEAD_SHARE_LIMIT),
      (layers) => `over ${DEAD_SHARE_LIMIT * 100}% of the units in ${layerList(layers)} output 0 for every row: dead ReLUs learn nothing`));
    this.judge('saturated-units', this.heldAtProbes((p) => layersOver(p.layers.map((x) => x.saturatedShare), SATURATED_SHARE_LIMIT),
      (layers) => `over ${SATURATED_SHARE_LIMIT * 100}% of the units in ${layerList(layers)} are saturated for every row: their gradient is ≈ 0`));
    this.judge('large-updates', this.heldAtProbes((p) => layersOver(p.layers.map((x) => x.updateRatio), LARGE_UPDATE_RATIO),
      (layers) => `each step changes the weights of ${layerList(layers)} by over ${LARGE_UPDATE_RATIO * 100}% (‖ΔW‖/‖W‖ ≈ 1e-3 is healthy)`));
  }

  private vanishing(): Finding | null {
    const layers = vanishingLayers(this.layerNorms.map(median));
    if (layers.length === 0) return null;
    return { layers, message: `${layerList(layers)} get${layers.length > 1 ? '' : 's'} gradients over 1000× smaller than the output layer's: ${layers.length > 1 ? 'they learn' : 'it learns'} almost nothing` };
  }

  /** A finding when the same layers are past a limit at each of the last PROBES_TO_WARN probes. */
  private heldAtProbes(over: (probe: StepProbe) => number[], describe: (layers: number[]) => string): Finding | null {
    if (this.probes.length < PROBES_TO_WARN) return null;
    const [first, ...rest] = this.probes.map(over);
    const layers = first.filter((l) => rest.every((later) => later.includes(l)));
    return layers.length > 0 ? { layers, message: describe(layers) } : null;
  }

  /** Raises, refreshes or quiets the warning of `code`. */
  private judge(code: HealthCode, finding: Finding | null): void {
    const existing = this.warnings.get(code);
    if (!finding) {
      if (existing) existing.active = false;
      return;
    }
    if (existing) {
      // back after a fix went in: the fix is made anew from the settings in force now
      if (!existing.active) existing.fix = fixFor(code, this.activations, this.settings());
      Object.assign(existing, { active: true, message: finding.message, layer: finding.layers[0] ?? null });
      return;
    }
    this.warnings.set(code, {
      code, layer: finding.layers[0] ?? null, step: this.step, active: true, message: finding.message,
      fix: fixFor(code, this.activations, this.settings()),
    });
  }
}

/** Appends to a window of the last HEALTH_WINDOW_STEPS values. */
function pushWindow(window: number[], value: number): void {
  window.push(value);
  if (window.length > HEALTH_WINDOW_STEPS) window.shift();
}
