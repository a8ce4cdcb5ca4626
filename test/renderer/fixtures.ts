import type { DatasetInfo, EngineEvent, EngineRequest } from '../../src/shared/protocol';
import type { EngineConnection, Host, SampleName } from '../../src/renderer/host/types';
import type { ModelFileText } from '../../src/shared/bridge';
import { Studio } from '../../src/renderer/studio/state/studio.svelte';

/** A dataset description as the engine would send it for iris (4 numeric inputs, 3 classes). */
export function irisInfo(overrides: Partial<DatasetInfo> = {}): DatasetInfo {
  const numeric = (name: string) => ({ name, kind: 'numeric', missing: 0, distinct: 30, min: 0.1, max: 7.9, histogram: [1, 4, 9, 4, 1] });
  return {
    name: 'iris.csv',
    rows: 150,
    columns: [numeric('sepal_length'), numeric('sepal_width'), numeric('petal_length'), numeric('petal_width'),
      { name: 'species', kind: 'categorical', missing: 0, distinct: 3, topValues: [{ value: 'setosa', count: 50 }] }],
    preview: [['5.1', '3.5', '1.4', '0.2', 'setosa']],
    warnings: [{ code: 'unscaled-ranges', message: 'ranges differ', column: null, fix: { label: 'Standardize', changes: { scaling: 'standard' } } }],
    choices: { target: 'species', task: 'auto', excluded: [], scaling: 'none', imputation: 'mean', oneHotCap: 20,
      validationFraction: 0.2, testFraction: 0.2, seed: 1, badRows: 'stop' },
    task: 'classification',
    classes: ['setosa', 'versicolor', 'virginica'],
    inputSize: 4,
    outputSize: 3,
    split: { train: 90, validation: 30, test: 30 },
    skippedRows: 0,
    ...overrides,
  };
}

/** An engine connection that records requests and lets a test play the engine's events. */
export class FakeConnection implements EngineConnection {
  readonly sent: EngineRequest[] = [];
  #listeners = new Set<(event: EngineEvent) => void>();

  send(request: EngineRequest): void { this.sent.push(request); }
  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  emit(event: EngineEvent): void { for (const listener of this.#listeners) listener(event); }
  types(): string[] { return this.sent.map((r) => r.type); }
}

/** A host with in-memory user data and a fake engine. */
export class FakeHost implements Host {
  readonly kind = 'web' as const;
  readonly connection = new FakeConnection();
  readonly userData = new Map<string, unknown>();
  readonly saved: { name: string; data: string | Uint8Array }[] = [];

  async connect(): Promise<EngineConnection> { return this.connection; }
  async openCsv() { return null; }
  /** what the next open-model dialog answers (null: cancelled) */
  modelFile: ModelFileText | null = null;
  async openModel() { return this.modelFile; }
  async sourceFromFile(file: File) { return { kind: 'text' as const, name: file.name, text: await file.text() }; }
  samples() { return [{ name: 'iris' as const, title: 'Iris', file: 'iris.csv', description: '150 rows' }]; }
  async sampleSource(name: SampleName) { return { kind: 'text' as const, name: `${name}.csv`, text: 'a,b\n1,2\n' }; }
  async saveFile(name: string, data: string | Uint8Array) { this.saved.push({ name, data }); return true; }
  async recentFiles() { return []; }
  async loadUserData(key: 'settings' | 'runs') { return structuredClone(this.userData.get(key) ?? null); }
  async saveUserData(key: 'settings' | 'runs', value: unknown) { this.userData.set(key, structuredClone(value)); }
}

/** One metrics event of `n` steps (1-based) starting at `firstStep`, with `layers` gradient-norm series. */
export function metricsEvent(firstStep: number, n: number, layers = 4, stepsPerEpoch = 10): Extract<EngineEvent, { type: 'metrics' }> {
  const steps = Float64Array.from({ length: n }, (_, i) => firstStep + i);
  const fill = (value: number) => new Float64Array(n).fill(value);
  return { type: 'metrics', steps, epochs: steps.map((s) => s / stepsPerEpoch), loss: steps.map((s) => 1 / (s + 1)), accuracy: fill(0.5),
    gradNorm: fill(1), learningRate: fill(0.01), clipped: new Uint8Array(n), layerGradNorms: Array.from({ length: layers }, () => fill(0.1)),
    samplesPerSecond: 1000 };
}

export function epochEvent(epoch: number, overrides: Partial<Extract<EngineEvent, { type: 'epoch' }>> = {}): Extract<EngineEvent, { type: 'epoch' }> {
  return { type: 'epoch', epoch, loss: 1 / epoch, accuracy: 0.5 + epoch / 100, valLoss: 1.1 / epoch, valAccuracy: 0.5, valR2: null,
    learningRate: 0.01, bestEpoch: epoch, epochs: 10, elapsedMs: epoch * 100, samplesPerSecond: 900, ...overrides };
}

/** A Studio over a fake host, connected and showing iris, ready to train. */
export async function startedStudio(): Promise<{ studio: Studio; host: FakeHost }> {
  const host = new FakeHost();
  const studio = new Studio(host);
  await studio.start();
  host.connection.emit({ type: 'ready', protocol: 1, kernels: 'typed-array' });
  host.connection.emit({ type: 'datasetInfo', info: irisInfo() });
  host.connection.emit({ type: 'status', state: 'ready', epoch: 0, step: 0 });
  return { studio, host };
}
