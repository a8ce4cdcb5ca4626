import {
  PROTOCOL_VERSION, type DataChoicesMessage, type DatasetSource, type EngineEvent, type EngineRequest, type EngineState, type Evaluation,
  type NetworkDesign, type TrainSettingsMessage,
} from '../../../shared/protocol';
import type { MenuCommand } from '../../../shared/bridge';
import type { EngineConnection, Host, SampleName } from '../../host/types';
import { TrainingCurves } from './curves.svelte';
import { DatasetState } from './dataset.svelte';
import { summarizeModelFile, type ImportedModelInfo } from './imported-model';
import { LIVE_SETTINGS, ModelConfig, type LiveSettings } from './model-config.svelte';
import { Predictor } from './predictor.svelte';
import { EXPORT_FORMATS as ENGINE_EXPORT_FORMATS, EXPORT_LABELS } from '../../../engine/export/formats';
import { RunHistory, type RunRecord, type StopReason } from './runs.svelte';

/** Choices a sample needs beyond the defaults (MNIST's label is its first column, not its last). */
const SAMPLE_CHOICES: Partial<Record<SampleName, DataChoicesMessage>> = {
  mnist: { target: 'label' },
};

export type ExportFormat = Extract<EngineRequest, { type: 'exportModel' }>['format'];

/** What each export format is, for the menu (the formats and their labels are the engine's). */
export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = ENGINE_EXPORT_FORMATS.map((format) => ({ format, label: EXPORT_LABELS[format] }));

/** How long after a run ends its model is fetched for the history. */
export const MODEL_FETCH_DELAY_MS = 600;

/** A message the user should read: what went wrong, and where (CSV line, column) when known. */
export interface StudioError {
  id: number;
  code: string;
  message: string;
  line: number | null;
  column: string | null;
  /** a load that failed on a bad row can be retried skipping such rows */
  canRetrySkippingBadRows?: boolean;
}

/** The run phases the controls follow: the engine's states, plus 'connecting' before it answers. */
export type Phase = 'connecting' | EngineState;

/** A load in flight: enough to run it again (sources are re-made: their bytes were transferred). */
type LoadOrigin = { name: string; source: () => Promise<DatasetSource>; choices?: DataChoicesMessage };

/**
 * The session: one engine connection, the dataset, the design, the live curves, the evaluation, the
 * predictor and the run history. Components read its fields and call its methods; nothing else
 * sends requests to the engine.
 */
export class Studio {
  readonly host: Host;
  // created before the constructor body runs: each reaches the host and the engine through closures
  readonly dataset = new DatasetState((choices) => this.#send({ type: 'setDataChoices', choices }));
  readonly model = new ModelConfig(() => {
    const info = this.dataset.info;
    return info ? { inputSize: info.inputSize, outputSize: info.outputSize, task: info.task } : null;
  });
  // metrics arrive up to 20 times a second; the page re-renders for them at most 5 times a second
  readonly curves = new TrainingCurves((bump) => setTimeout(bump, 200));
  readonly runs = new RunHistory({
    load: () => this.host.loadUserData('runs'),
    // the desktop app keeps each run's model; a page's localStorage is too small for them
    // (the desktop's store keeps the model bytes as they are; nothing here decodes them)
    save: (runs) => this.host.saveUserData('runs', this.host.kind === 'electron' ? $state.snapshot(runs) : runs.map((r) => ({ ...r, model: null }))),
  });
  readonly predictor = new Predictor((request) => this.#send(request));

  #connection: EngineConnection | null = null;
  #unsubscribe: (() => void) | null = null;
  #engineState = $state<EngineState>('empty');
  #isConnected = $state(false);
  /** a pause the user asked for and the engine has not confirmed yet: the UI answers at once */
  #isPausing = $state(false);
  #kernels = $state('');
  /** threads the current run computes on, as the engine's status says; null without a run */
  #threads = $state<number | null>(null);
  #errors = $state.raw<StudioError[]>([]);
  #evaluation = $state.raw<Evaluation | null>(null);
  #stopReason = $state<StopReason | null>(null);
  #recentFiles = $state.raw<string[]>([]);
  #currentRunId = $state<number | null>(null);
  /** the model file the engine holds (imported), or null when it holds a trained model or none */
  #importedModel = $state.raw<ImportedModelInfo | null>(null);
  /** an import sent and not answered yet */
  #importing: ImportedModelInfo | { fileName: string } | null = null;
  /** a continued run asked for and not confirmed yet: its start waits for the engine's `configured` */
  #continuing: ImportedModelInfo | null = null;
  /** the live settings the engine runs with, to send only what changed on resume */
  #sentLive: LiveSettings | null = null;
  #loading: LoadOrigin | null = null;
  #failedLoads = new Map<number, LoadOrigin>();
  #errorCounter = 0;
  #requestCounter = 0;
  #exports = new Map<string, 'download' | { runId: number }>();

  constructor(host: Host) {
    this.host = host;
  }

  get kernels(): string { return this.#kernels; }
  get threads(): number | null { return this.#threads; }
  /** "wasm-simd · 2 threads" while a run exists, the kernel tier alone before */
  kernelsLabel = $derived(this.#threads === null || !this.#kernels ? this.#kernels : `${this.#kernels} · ${this.#threads} thread${this.#threads === 1 ? '' : 's'}`);
  get engineState(): EngineState { return this.#engineState; }
  get errors(): StudioError[] { return this.#errors; }
  get evaluation(): Evaluation | null { return this.#evaluation; }
  get stopReason(): StopReason | null { return this.#stopReason; }
  get recentFiles(): string[] { return this.#recentFiles; }
  get currentRunId(): number | null { return this.#currentRunId; }
  get importedModel(): ImportedModelInfo | null { return this.#importedModel; }

  phase = $derived<Phase>(!this.#isConnected ? 'connecting' : this.#isPausing ? 'paused' : this.#engineState);
  isTraining = $derived(this.phase === 'training');
  isPaused = $derived(this.phase === 'paused');
  /** a run exists that has not ended: its design is fixed until Stop or Reset */
  isRunActive = $derived(this.isTraining || this.isPaused);
  canTrain = $derived(this.#isConnected && this.dataset.isLoaded && !this.dataset.isLoading && !this.isRunActive
    && this.model.isValid && this.dataset.problem === null);
  canPause = $derived(this.isTraining);
  canResume = $derived(this.isPaused);
  canStep = $derived(this.isPaused || (this.canTrain && !this.isRunActive));
  canStop = $derived(this.isRunActive);
  canReset = $derived(this.#isConnected && this.dataset.isLoaded && (this.isRunActive || this.phase === 'done' || this.curves.hasData));
  /** layers, batch size, optimizer, seed and data choices: only between runs */
  canEditDesign = $derived(!this.isRunActive);
  /** learning rate, schedule, epochs, L1/L2, clipping, early stopping: between runs and while paused */
  canEditLive = $derived(!this.isTraining);
  canPredict = $derived(this.#isConnected && !this.isTraining
    && ((this.#currentRunId !== null && this.curves.hasData) || this.#importedModel !== null));
  canExport = $derived(this.canPredict);
  /** an imported model with a design the designer can hold, and a dataset to train it on */
  canContinueTraining = $derived(this.canTrain && this.#importedModel?.design != null);
  hasDataset = $derived(this.dataset.isLoaded);

  /** Connects to the engine, restores the run history and opens iris. */
  async start(): Promise<void> {
    try {
      this.#connection = await this.host.connect();
    } catch (error) {
      this.#report({ code: 'engine-unavailable', message: `The engine did not start: ${(error as Error).message}`, line: null, column: null });
      return;
    }
    const unsubscribeEvents = this.#connection.onEvent((event) => this.#handle(event));
    const unsubscribeMenu = this.host.onMenuCommand?.((command) => this.runCommand(command));
    this.#unsubscribe = () => { unsubscribeEvents(); unsubscribeMenu?.(); };
    this.#isConnected = true;
    this.#send({ type: 'hello', protocol: PROTOCOL_VERSION });
    void this.runs.load();
    void this.#loadRecentFiles();
    await this.#restoreSettings();
    await this.openSample('iris');
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** A native menu command (Electron). */
  runCommand(command: MenuCommand): void {
    switch (command) {
      case 'open-csv': void this.openCsvDialog(); break;
      case 'open-model': void this.openModelDialog(); break;
      case 'open-sample-iris': void this.openSample('iris'); break;
      case 'open-sample-digits': void this.openSample('digits'); break;
      case 'open-sample-mnist': void this.openSample('mnist'); break;
      case 'export-model': this.exportModel(); break;
      case 'train': this.train(); break;
      case 'pause': this.togglePause(); break;
      case 'stop': this.stop(); break;
    }
  }

  async openSample(name: SampleName): Promise<void> {
    const sample = this.host.samples().find((s) => s.name === name);
    await this.#load(sampleDatasetName(sample?.file ?? name), () => this.host.sampleSource(name), SAMPLE_CHOICES[name]);
  }

  /** The host's own dialog (Electron) or file picker. */
  async openCsvDialog(): Promise<void> {
    const source = await this.#attempt(() => this.host.openCsv());
    if (source) await this.#load(sourceName(source), async () => source);
  }

  /** A file from the page's file input or a drop. */
  async openFile(file: File): Promise<void> {
    await this.#load(file.name, () => this.host.sourceFromFile(file));
  }

  /**
   * A model JSON file: the engine validates it and keeps it as the model to predict with (the dataset
   * stays); the page reads its spec, settings and metrics to show them.
   */
  async importModelFile(file: File): Promise<void> {
    if (this.isRunActive) return;
    const text = await this.#attempt(() => file.text());
    if (text !== null) this.#importModel(file.name, text);
  }

  /** The host's own dialog (the desktop menu's Open Model…), then the same import as the header's button. */
  async openModelDialog(): Promise<void> {
    if (this.isRunActive) return;
    const file = await this.#attempt(() => this.host.openModel());
    if (file && !this.isRunActive) this.#importModel(file.name, file.text);
  }

  #importModel(fileName: string, text: string): void {
    this.#importing = summarizeModelFile(fileName, text) ?? { fileName };
    this.#send({ type: 'importModel', text });
  }

  /**
   * Trains the imported model further on the loaded dataset: its design and saved settings go into the
   * designer, and the engine starts from its weights once it has checked the design and preprocessing match.
   */
  continueTraining(): void {
    const imported = this.#importedModel;
    if (!imported?.design || !this.canContinueTraining) return;
    const defaults = this.model.toConfigure();
    const design = imported.design as NetworkDesign;
    const train = hasShapeOf(imported.trainSettings, defaults.train) ? imported.trainSettings as TrainSettingsMessage : defaults.train;
    this.model.restore(design, train);
    if (!this.model.isValid) {
      this.model.restore(defaults.network, defaults.train);
      this.#report({ code: 'cannot-continue', message: `${imported.fileName}'s design or settings are outside what the designer allows; it can still predict.`, line: null, column: null });
      return;
    }
    this.#continuing = imported;
    this.#beginRun(true);
  }

  async openRecent(path: string): Promise<void> {
    await this.#load(path.split(/[\\/]/).pop() ?? path, async () => ({ kind: 'path', path }));
  }

  train(): void {
    if (!this.canTrain) return;
    this.#beginRun();
    this.#send({ type: 'start' });
  }

  pause(): void {
    if (!this.canPause) return;
    this.#isPausing = true;
    this.#send({ type: 'pause' });
  }

  resume(): void {
    if (!this.canResume) return;
    this.#sendLiveChanges();
    this.#isPausing = false;
    this.#engineState = 'training';
    this.#send({ type: 'resume' });
  }

  /** Space: pause a running run, resume a paused one. */
  togglePause(): void {
    if (this.canPause) this.pause();
    else if (this.canResume) this.resume();
  }

  /** One mini-batch: starts a paused run first when none is active. */
  step(): void {
    if (!this.canStep) return;
    if (!this.isRunActive) this.#beginRun();
    else this.#sendLiveChanges();
    this.#send({ type: 'step' });
  }

  stop(): void {
    if (!this.canStop) return;
    this.#send({ type: 'stop' });
  }

  /** Back to an untrained network; the curves are cleared. */
  reset(): void {
    if (!this.canReset) return;
    this.#isPausing = false;
    this.curves.reset(this.model.train.epochs);
    this.#evaluation = null;
    this.#stopReason = null;
    this.#currentRunId = null;
    this.#clearImport();
    this.#send({ type: 'reset' });
  }

  /** The trained model in a format (model JSON, ONNX, or inference code) through the host's save dialog or a download. */
  exportModel(format: ExportFormat = 'json'): void {
    if (!this.canExport) return;
    const requestId = `export-${++this.#requestCounter}`;
    this.#exports.set(requestId, 'download');
    this.#send({ type: 'exportModel', requestId, format });
  }

  /** A past run's model JSON, saved as the bytes the engine sent (no parse, no re-encode). */
  async saveRunModel(run: RunRecord): Promise<void> {
    const model = run.model;
    if (model) await this.#attempt(() => this.host.saveFile(model.fileName, model.json));
  }

  async predictCsvFile(file: File): Promise<void> {
    const source = await this.#attempt(() => this.host.sourceFromFile(file));
    if (source) this.predictor.predictCsv(file.name, source);
  }

  async downloadPredictions(): Promise<void> {
    const batch = this.predictor.batch;
    if (batch) await this.#attempt(() => this.host.saveFile(batch.fileName, batch.csv));
  }

  /** Puts a past run's settings back into the designer. */
  restoreRun(run: RunRecord): void {
    if (!this.canEditDesign) return;
    this.model.restore(run.network, run.train);
  }

  dismissError(id: number): void {
    this.#errors = this.#errors.filter((e) => e.id !== id);
    this.#failedLoads.delete(id);
  }

  /** The one-click fix for a CSV with a bad row: load it again, leaving such rows out. */
  async retrySkippingBadRows(errorId: number): Promise<void> {
    const failed = this.#failedLoads.get(errorId);
    this.dismissError(errorId);
    if (failed) await this.#load(failed.name, failed.source, { ...failed.choices, badRows: 'skip' });
  }

  /** The engine's events; the only place engine answers change the session. */
  #handle(event: EngineEvent): void {
    switch (event.type) {
      case 'ready':
        this.#kernels = event.kernels;
        break;
      case 'status':
        this.#engineState = event.state;
        this.#threads = event.threads ?? null;
        if (event.state !== 'training') this.#isPausing = false;
        break;
      case 'datasetInfo':
        this.#receiveDataset(event.info);
        break;
      case 'configured':
        if (this.#importing) this.#receiveImport(event);
        else if (this.#continuing) {
          this.#continuing = null;
          this.#send({ type: 'start' });
        }
        break;
      case 'metrics':
        this.curves.appendMetrics(event);
        break;
      case 'epoch':
        this.curves.appendEpoch(event);
        break;
      case 'settingsChanged':
        this.curves.markSettingsChange(event);
        break;
      case 'done':
        this.#finishRun(event.reason, event.evaluation);
        break;
      case 'prediction':
      case 'predictCsvResult':
        this.predictor.receive(event);
        break;
      case 'model':
        void this.#receiveModel(event);
        break;
      case 'error':
        this.#receiveError(event);
        break;
    }
  }

  #receiveDataset(info: NonNullable<DatasetState['info']>): void {
    const isNewFile = this.#loading !== null || this.dataset.info?.name !== info.name;
    this.#loading = null;
    this.dataset.receive(info);
    if (isNewFile) this.#errors = this.#errors.filter((e) => e.line === null && e.code !== 'load-failed');
    this.#importedModel = null; // the engine drops an imported model with new data
    this.predictor.setColumns(this.dataset.featureColumns.map((c) => c.name), this.#exampleRow(info), info.classes);
    // a new dataset or new choices invalidate the trained model
    this.#evaluation = null;
    this.#stopReason = null;
    this.#currentRunId = null;
    this.curves.reset(this.model.train.epochs);
  }

  #receiveImport(event: Extract<EngineEvent, { type: 'configured' }>): void {
    const pending = this.#importing;
    this.#importing = null;
    if (!pending) return;
    const info: ImportedModelInfo = 'columns' in pending
      ? { ...pending, layerSizes: event.layerSizes, parameterCount: event.parameterCount }
      : { fileName: pending.fileName, task: 'classification', layerSizes: event.layerSizes, activations: [], parameterCount: event.parameterCount,
          columns: [], target: null, classes: null, training: [], metrics: [], data: null, createdAt: null, design: null, trainSettings: null };
    this.#currentRunId = null;
    this.#evaluation = null;
    this.#stopReason = null;
    this.#showImport(info);
  }

  #showImport(info: ImportedModelInfo): void {
    this.#importedModel = info;
    const example = this.dataset.info ? this.#exampleRow(this.dataset.info) : {};
    this.predictor.setColumns(info.columns, example, info.classes);
  }

  /** The dataset's first row keyed by column name: the predict form's starting values. */
  #exampleRow(info: NonNullable<DatasetState['info']>): Record<string, string> {
    const example = info.preview[0] ?? [];
    return Object.fromEntries(info.columns.map((c, i) => [c.name, example[i] ?? '']));
  }

  /** The engine no longer holds the imported model (new data, a new run, reset): the form follows the dataset again. */
  #clearImport(): void {
    if (!this.#importedModel) return;
    this.#importedModel = null;
    const info = this.dataset.info;
    if (info) this.predictor.setColumns(this.dataset.featureColumns.map((c) => c.name), this.#exampleRow(info), info.classes);
  }

  #receiveError(event: Extract<EngineEvent, { type: 'error' }>): void {
    if (this.#continuing && !event.requestId) {
      // the engine refused to continue: no run happened, the imported model is still the engine's
      const imported = this.#continuing;
      this.#continuing = null;
      if (this.#currentRunId !== null) this.runs.remove(this.#currentRunId);
      this.#currentRunId = null;
      this.#showImport(imported);
      this.#report({ ...event, message: `Could not continue training ${imported.fileName}: ${event.message}` });
      return;
    }
    if (this.#importing && !event.requestId) {
      const { fileName } = this.#importing;
      this.#importing = null;
      const kept = this.#importedModel ? ` ${this.#importedModel.fileName} stays imported.` : this.dataset.info ? ` ${this.dataset.info.name} stays loaded.` : '';
      this.#report({ ...event, message: `Could not import ${fileName}: ${sentence(event.message, kept)}` });
      return;
    }
    if (this.predictor.fail(event.requestId)) {
      this.#report({ ...event, message: `Prediction failed: ${event.message}` });
      return;
    }
    if (event.requestId && this.#exports.has(event.requestId)) {
      const purpose = this.#exports.get(event.requestId);
      this.#exports.delete(event.requestId);
      // a run's model is fetched a moment after its end: a dataset loaded meanwhile drops it, and the run keeps its curves only
      if (purpose !== 'download' && event.code === 'no-model') return;
      this.#report({ ...event, message: `Export failed: ${event.message}` });
      return;
    }
    if (this.#loading) {
      const failed = this.#loading;
      this.#loading = null;
      this.dataset.failLoad();
      const kept = this.dataset.info ? ` ${this.dataset.info.name} stays loaded.` : '';
      const canRetry = event.line !== null && failed.choices?.badRows !== 'skip';
      const id = this.#report({ ...event, message: `Could not load ${failed.name}: ${sentence(event.message, kept)}`, canRetrySkippingBadRows: canRetry });
      if (canRetry) this.#failedLoads.set(id, failed);
      return;
    }
    this.#isPausing = false;
    this.#report(event);
  }

  async #receiveModel(event: Extract<EngineEvent, { type: 'model' }>): Promise<void> {
    const purpose = this.#exports.get(event.requestId);
    if (!purpose) return;
    this.#exports.delete(event.requestId);
    // every format arrives as the bytes the engine encoded and transferred: saved or kept as they are
    if (purpose === 'download') await this.#attempt(() => this.host.saveFile(event.fileName, event.bytes));
    else this.runs.attachModel(purpose.runId, { fileName: event.fileName, json: event.bytes });
  }

  /** Records a run and configures the engine; a continued run starts from the imported weights. */
  #beginRun(continueTraining = false): void {
    const info = this.dataset.info;
    if (!info) return;
    const { network, train } = this.model.toConfigure();
    this.#clearImport();
    this.curves.reset(train.epochs);
    this.#evaluation = null;
    this.#stopReason = null;
    this.#sentLive = this.model.liveSettings();
    this.#send({ type: 'configure', network, train, ...(continueTraining ? { continueTraining } : {}) });
    this.#currentRunId = this.runs.begin({
      startedAt: Date.now(), dataset: info.name, task: info.task, parameterCount: this.model.parameterCount,
      layerSizes: this.model.layerSizes, network, train, data: info.choices,
    });
    void this.host.saveUserData('settings', { network, train }).catch(() => undefined);
  }

  #finishRun(reason: StopReason, evaluation: Evaluation | null): void {
    this.#isPausing = false;
    this.curves.flush();
    this.#evaluation = evaluation;
    this.#stopReason = reason;
    const runId = this.#currentRunId;
    if (runId === null) return;
    const score = evaluation ? (evaluation.task === 'classification' ? evaluation.accuracy : evaluation.r2) : null;
    this.runs.finish(runId, this.curves.snapshot(), {
      reason, epochs: this.curves.progress.epoch, score, loss: evaluation?.loss ?? null, split: evaluation?.split ?? null,
    });
    const requestId = `run-model-${++this.#requestCounter}`;
    this.#exports.set(requestId, { runId });
    // the model (megabytes for MNIST) is fetched after the evaluation has been drawn, in a task of its own
    setTimeout(() => {
      if (this.#currentRunId === runId) this.#send({ type: 'exportModel', requestId, format: 'json' });
    }, MODEL_FETCH_DELAY_MS);
  }

  #sendLiveChanges(): void {
    const live = this.model.liveSettings();
    const sent = this.#sentLive;
    const changes: Partial<LiveSettings> = {};
    for (const key of LIVE_SETTINGS) {
      if (!sent || JSON.stringify(sent[key]) !== JSON.stringify(live[key])) Object.assign(changes, { [key]: live[key] });
    }
    this.#sentLive = live;
    if (Object.keys(changes).length > 0) this.#send({ type: 'updateSettings', changes });
  }

  async #load(name: string, source: () => Promise<DatasetSource>, choices?: DataChoicesMessage): Promise<void> {
    if (this.isRunActive) this.stop();
    this.dataset.beginLoad(name);
    const resolved = await this.#attempt(source);
    if (!resolved) {
      this.dataset.failLoad();
      return;
    }
    this.#loading = { name, source, choices };
    this.#send({ type: 'loadDataset', source: resolved, ...(choices ? { choices } : {}) });
  }

  /** The design and settings of the last run, when they were saved and still pass the protocol's checks. */
  async #restoreSettings(): Promise<void> {
    // (the page bundle carries no zod: the shape is checked against the defaults, the values by the model's own rules)
    const saved = (await this.#attempt(() => this.host.loadUserData('settings'))) as { network?: unknown; train?: unknown } | null;
    if (!saved || typeof saved !== 'object') return;
    const defaults = this.model.toConfigure();
    const { network, train } = saved;
    const layersMatch = Array.isArray((network as NetworkDesign | undefined)?.hidden)
      && (network as NetworkDesign).hidden.every((layer) => hasShapeOf(layer, defaults.network.hidden[0]));
    if (!layersMatch || !hasShapeOf({ ...(network as object), hidden: [] }, { ...defaults.network, hidden: [] }) || !hasShapeOf(train, defaults.train)) return;
    this.model.restore(network as NetworkDesign, train as TrainSettingsMessage);
    if (!this.model.isValid) this.model.restore(defaults.network, defaults.train);
  }

  async #loadRecentFiles(): Promise<void> {
    const recent = await this.#attempt(() => this.host.recentFiles());
    if (recent) this.#recentFiles = recent;
  }

  #send(request: EngineRequest): void {
    if (!this.#connection) {
      this.#report({ code: 'not-connected', message: 'The engine is not running yet; try again in a moment.', line: null, column: null });
      return;
    }
    try {
      this.#connection.send(request);
    } catch (error) {
      this.#report({ code: 'send-failed', message: `Could not reach the engine: ${(error as Error).message}`, line: null, column: null });
    }
  }

  /** Runs a host call; a failure becomes a readable error and null. */
  async #attempt<T>(action: () => Promise<T>): Promise<T | null> {
    try {
      return await action();
    } catch (error) {
      this.#report({ code: 'host-error', message: (error as Error).message ?? String(error), line: null, column: null });
      return null;
    }
  }

  #report(error: Omit<StudioError, 'id'> & { requestId?: string; type?: string }): number {
    const entry: StudioError = { id: ++this.#errorCounter, code: error.code, message: error.message, line: error.line, column: error.column,
      ...(error.canRetrySkippingBadRows ? { canRetrySkippingBadRows: true } : {}) };
    this.#errors = [...this.#errors.slice(-4), entry];
    return entry.id;
  }
}

/** True when `value` has every key of `template`, each of the same type (recursively; arrays only as arrays). */
export function hasShapeOf(value: unknown, template: unknown): boolean {
  if (Array.isArray(template)) return Array.isArray(value);
  if (typeof template === 'object' && template !== null) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return Object.entries(template).every(([key, item]) => hasShapeOf((value as Record<string, unknown>)[key], item));
  }
  return typeof value === typeof template;
}

/** The name a sample's dataset is known by once loaded: "mnist-10k.csv.gz" → "mnist-10k.csv". */
export function sampleDatasetName(file: string): string {
  return file.replace(/\.gz$/i, '');
}

function sourceName(source: DatasetSource): string {
  return source.kind === 'path' ? source.path.split(/[\\/]/).pop() ?? source.path : source.name;
}

/** A message and what follows it as separate sentences: a full stop between them unless the message ends one. */
function sentence(message: string, followUp: string): string {
  return followUp && !/[.!?]$/.test(message) ? `${message}.${followUp}` : `${message}${followUp}`;
}
