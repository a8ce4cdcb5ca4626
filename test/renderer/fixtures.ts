import { parseRequest, type AnswerTo, type DatasetInfo, type EngineEvent, type EngineRequest, type RequestBody } from '../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../src/shared/protocol-constants';
import { readFileSync } from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { serveEngine, type EngineHostOptions, type EngineService } from '../../src/engine-host';
import { EngineRequestError, PortConnection, type RendererPort } from '../../src/renderer/host/connection';
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

type Pending = { request: EngineRequest; resolve: (answer: EngineEvent) => void; reject: (error: EngineRequestError) => void };

/** What the fake engine answers at once, unless a test answers itself: acceptances, hello, configure and live settings. */
function automaticAnswer(request: EngineRequest): EngineEvent | null {
  switch (request.type) {
    case 'hello': return { type: 'ready', protocol: PROTOCOL_VERSION, kernels: 'typed-array', requestId: request.requestId };
    case 'start': case 'pause': case 'resume': case 'step': case 'stop': case 'reset': return { type: 'accepted', requestId: request.requestId };
    case 'configure': return { type: 'configured', parameterCount: null, layerSizes: null, requestId: request.requestId };
    case 'updateSettings': return { type: 'settingsChanged', step: 0, epoch: 0, changes: request.changes, requestId: request.requestId };
    case 'checkpointInfo': return { type: 'checkpointInfo', checkpoint: null, requestId: request.requestId };
    default: return null;
  }
}

/**
 * An engine connection that records requests (with the ids it gave them) and lets a test play the
 * engine: answer or fail a request by its id, or broadcast an event. Requests are validated as the
 * engine host validates them (a malformed one fails); acceptances, hello, configure and updateSettings
 * are answered automatically (in a microtask) unless `manual` lists their type.
 */
export class FakeConnection implements EngineConnection {
  readonly sent: EngineRequest[] = [];
  readonly manual = new Set<EngineRequest['type']>();
  #pending = new Map<string, Pending>();
  #listeners = new Set<(event: EngineEvent) => void>();
  #counter = 0;

  request<T extends RequestBody>(body: T): Promise<AnswerTo<T['type']>> {
    const request = { ...body, requestId: `r${++this.#counter}` } as EngineRequest;
    this.sent.push(request);
    return new Promise((resolve, reject) => {
      this.#pending.set(request.requestId, { request, resolve: resolve as (answer: EngineEvent) => void, reject });
      // checked on arrival as the engine host does: a malformed request is refused under its id
      const parsed = parseRequest(request);
      const automatic = !parsed.ok ? { type: 'error' as const, code: 'malformed-message', message: parsed.error, line: null, column: null, requestId: request.requestId }
        : this.manual.has(request.type) ? null : automaticAnswer(request);
      if (automatic) queueMicrotask(() => this.#settle(automatic));
    });
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A broadcast (status, metrics, epoch, done, an error without an id). */
  emit(event: EngineEvent): void { for (const listener of this.#listeners) listener(event); }

  /** The latest request of a type (throws when there is none). */
  last<T extends EngineRequest['type']>(type: T): Extract<EngineRequest, { type: T }> {
    const request = [...this.sent].reverse().find((r) => r.type === type);
    if (!request) throw new Error(`no "${type}" request was sent; sent: ${this.types().join(', ')}`);
    return request as Extract<EngineRequest, { type: T }>;
  }

  /** Answers the latest unanswered request of the answer's request type with `answer` (its id added). */
  answer<T extends EngineRequest['type']>(type: T, answer: Omit<AnswerTo<T>, 'requestId'>): void {
    this.#settle({ ...answer, requestId: this.#latestPending(type) } as EngineEvent);
  }

  /** Fails the latest unanswered request of a type with an engine error. */
  fail(type: EngineRequest['type'], error: { code: string; message: string; line?: number | null; column?: string | null }): void {
    this.#settle({ type: 'error', line: null, column: null, ...error, requestId: this.#latestPending(type) });
  }

  /** Delivers a message carrying a request id, as the port connection would route it. */
  deliver(event: EngineEvent & { requestId: string }): void { this.#settle(event); }

  types(): string[] { return this.sent.map((r) => r.type); }

  #latestPending(type: EngineRequest['type']): string {
    const pending = [...this.#pending.values()].reverse().find((p) => p.request.type === type);
    if (!pending) throw new Error(`no unanswered "${type}" request; sent: ${this.types().join(', ')}`);
    return pending.request.requestId;
  }

  #settle(event: EngineEvent): void {
    const requestId = (event as { requestId?: string }).requestId;
    const pending = requestId === undefined ? undefined : this.#pending.get(requestId);
    if (!pending) return;
    this.#pending.delete(requestId!);
    if (event.type === 'error') pending.reject(new EngineRequestError(event.code, event.message, event.line, event.column));
    else pending.resolve(event);
  }
}

/** Lets answered promises and the microtasks after them run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
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
    samplesPerSecond: 1000, threadsInUse: 1 };
}

export function epochEvent(epoch: number, overrides: Partial<Extract<EngineEvent, { type: 'epoch' }>> = {}): Extract<EngineEvent, { type: 'epoch' }> {
  return { type: 'epoch', epoch, loss: 1 / epoch, accuracy: 0.5 + epoch / 100, valLoss: 1.1 / epoch, valAccuracy: 0.5, valR2: null,
    learningRate: 0.01, bestEpoch: epoch, epochs: 10, elapsedMs: epoch * 100, samplesPerSecond: 900, ...overrides };
}

/** A Studio over a fake host, connected and showing iris, ready to train. */
export async function startedStudio(): Promise<{ studio: Studio; host: FakeHost }> {
  const host = new FakeHost();
  const studio = new Studio(host);
  const starting = studio.start();
  await settle();
  host.connection.answer('loadDataset', { type: 'datasetInfo', info: irisInfo() });
  await starting;
  host.connection.emit({ type: 'status', state: 'ready', epoch: 0, step: 0 });
  return { studio, host };
}

export const irisText = readFileSync(new URL('../../resources/samples/iris.csv', import.meta.url), 'utf8');

/**
 * The real engine host in this process: serveEngine on one end of a Node MessageChannel, the page's
 * own PortConnection on the other (the connection both real hosts use). Close it after the test.
 */
export class InProcessEngine {
  readonly connection = new PortConnection();
  readonly #pagePort: MessagePort;
  readonly #service: EngineService;

  constructor(options: EngineHostOptions = { pacing: { sliceMs: 0, metricsIntervalMs: 0 } }) {
    const { port1, port2 } = new MessageChannel();
    this.#pagePort = port1;
    this.#service = serveEngine(port2 as unknown as Parameters<typeof serveEngine>[0], options);
    this.connection.attach(port1 as unknown as RendererPort);
  }

  close(): void {
    this.#service.close();
    this.#pagePort.close();
  }
}

/** A host over the real engine host in this process; its samples are iris (text). */
export class InProcessHost extends FakeHost {
  readonly engine = new InProcessEngine();
  override async connect(): Promise<EngineConnection> { return this.engine.connection; }
  override async sampleSource(name: SampleName) { return { kind: 'text' as const, name: `${name}.csv`, text: irisText }; }
}
