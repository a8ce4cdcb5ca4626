import { PROTOCOL_VERSION } from '../../../shared/protocol-constants';
import type { EngineEvent } from '../../../shared/protocol';
import type { MenuCommand } from '../../../shared/bridge';
import { threadsLabel } from '../../../engine/threads-label';
import { EngineRequestError } from '../../host/connection';
import type { EngineConnection, Host, SendRequest } from '../../host/types';
import { TrainingCurves } from './curves.svelte';
import { DataLoader } from './data-loader.svelte';
import { DatasetState } from './dataset.svelte';
import { StudioErrors, problemOf } from './errors.svelte';
import { ModelExports } from './exports.svelte';
import { HealthState } from './health.svelte';
import { DesignHistory, type Recorder } from './history.svelte';
import type { ImportedModel } from './imported-model';
import { BackpropInspector } from './inspector.svelte';
import { ModelConfig } from './model-config.svelte';
import { ModelImport } from './model-import.svelte';
import { BoundaryState, WeightsDiagram } from './network-views.svelte';
import { CrossValidation } from './cross-validation.svelte';
import { LrFinder } from './lr-finder.svelte';
import { Predictor, categoryChoices } from './predictor.svelte';
import { RunControl } from './run-control.svelte';
import { RunHistory, type RunRecord } from './runs.svelte';
import { RememberedWork } from './remembered-work.svelte';
import { Sweep } from './sweep.svelte';

/**
 * The session: one engine connection and the parts that use it, each with one job: `loader` (data
 * in), `run` (train, pause, step, stop, reset; the run's result), `imports` (a model file to predict
 * with or train further), `exports` (files out), `predictor`, `runs` (the history) and `errors`
 * (what the user should read). Components read the parts and call their methods; the engine's
 * answers go to the part that asked, its broadcasts (status, metrics, done) come in here.
 */
export class Studio {
  readonly host: Host;
  readonly errors = new StudioErrors();
  /** undo/redo of every design and data choice (the dataset's and the model's changes are recorded in it) */
  readonly history: DesignHistory = new DesignHistory({ design: this, run: () => ({
    isTraining: this.run.isTraining, pausedRunId: this.run.isPaused ? this.run.currentRunId : null, activeRunId: this.run.isRunActive ? this.run.currentRunId : null,
  }) });
  readonly #record: Recorder = (label, change, field) => this.history.record(label, change, field);
  // created before the constructor body runs: each reaches the engine and its neighbours through closures
  readonly dataset = new DatasetState((choices) => void this.loader.changeChoices(choices), this.#record);
  readonly model = new ModelConfig(() => {
    const info = this.dataset.info;
    return info ? { inputSize: info.inputSize, outputSize: info.outputSize, task: info.task } : null;
  }, this.#record);
  // metrics arrive up to 20 times a second; the page re-renders for them at most 5 times a second
  readonly curves = new TrainingCurves((bump) => setTimeout(bump, 200));
  readonly runs = new RunHistory({
    load: () => this.host.loadUserData('runs'),
    // the desktop app keeps each run's model; a page's localStorage is too small for them
    // (the desktop's store keeps the model bytes as they are; nothing here decodes them)
    save: (runs) => this.host.saveUserData('runs', $state.snapshot(runs)), // models as bytes: both hosts keep them (IndexedDB in the web build)
  });
  readonly predictor: Predictor;
  readonly inspector: BackpropInspector;
  readonly lrFinder: LrFinder;
  readonly crossValidation: CrossValidation;
  readonly sweep: Sweep;
  readonly run: RunControl;
  readonly loader: DataLoader;
  readonly imports: ModelImport;
  readonly exports: ModelExports;
  /** the weighted diagram and the decision boundary: the engine's views of the model as it learns */
  readonly diagram: WeightsDiagram;
  readonly boundary: BoundaryState;
  /** the run's training health (the engine host's figures and warnings) and its one-click fixes */
  readonly health: HealthState;
  /** the last dataset and its design, brought back at start; the design last used with each recent file */
  readonly remembered: RememberedWork;

  #connection: EngineConnection | null = null;
  #unsubscribe: (() => void) | null = null;
  #isConnected = $state(false);
  #kernels = $state('');
  /** every part's way to the engine: one request, one answer (or error) */
  readonly #request: SendRequest = (body) => (this.#connection ? this.#connection.request(body)
    : Promise.reject(new EngineRequestError('not-connected', 'The engine is not running yet; try again in a moment.')));

  constructor(host: Host) {
    this.host = host;
    const { errors, dataset, model, curves, runs } = this;
    const request = this.#request;
    this.inspector = new BackpropInspector(request, (error) => errors.reportFailure(error));
    this.predictor = new Predictor(request, (error, describe) => errors.reportFailure(error, describe));
    this.lrFinder = new LrFinder(request, () => model.toConfigure());
    this.crossValidation = new CrossValidation(request, () => model.toConfigure());
    this.sweep = new Sweep({ request, dataset, runs, configuration: () => model.toConfigure() });
    this.exports = new ModelExports({ host, request, errors, runs });
    this.run = new RunControl({
      host, request, errors, dataset, model, curves, runs,
      isConnected: () => this.#isConnected, dropImport: () => this.imports.clear(), onRunEnds: (runId) => void this.exports.keepRunModel(runId),
      onLiveSent: (runId) => this.history.settle(runId),
    });
    this.health = new HealthState(model, this.run, (publish) => setTimeout(publish, 200));
    curves.onReset = () => this.health.clear();
    this.loader = new DataLoader({ host, request, dataset, errors, stopRun: () => this.run.stop(), onDataset: () => this.#receiveDataset(),
      watchLoad: (load) => this.remembered.watchLoad(load) });
    this.remembered = new RememberedWork({ host, studio: this, loader: this.loader, schedule: (save) => setTimeout(save, 300),
      onLeave: (flush) => globalThis.addEventListener?.('pagehide', flush),
      onSaveFailed: (error) => errors.reportFailure(error, (message) => `Your work is not remembered: ${message}`) });
    this.diagram = new WeightsDiagram(request);
    this.boundary = new BoundaryState(request);
    this.imports = new ModelImport({ host, request, errors, dataset, model, run: this.run, showColumns: (imported) => this.#showColumns(imported) });
  }

  get kernels(): string { return this.#kernels; }
  /** "wasm-simd · 2 threads" while a run exists ("1 thread (faster than 2 here)" while its kernels measure one faster), the kernel tier alone before */
  kernelsLabel = $derived(this.#kernelsLabel());
  /** a trained run with curves, or an imported model, and no run training */
  canPredict = $derived(this.#hasModelToUse());
  canExport = $derived(this.canPredict);

  #kernelsLabel(): string {
    const { threads, threadsInUse } = this.run;
    return threads === null || !this.#kernels ? this.#kernels : `${this.#kernels} · ${threadsLabel(threads, threadsInUse)}`;
  }

  #hasModelToUse(): boolean {
    return this.#isConnected && !this.run.isTraining && ((this.run.currentRunId !== null && this.curves.hasData) || this.imports.imported !== null);
  }

  /** Connects to the engine, restores the run history, the last settings and the remembered work (else opens iris). */
  async start(): Promise<void> {
    try {
      this.#connection = await this.host.connect();
    } catch (error) {
      this.errors.report({ code: 'engine-unavailable', message: `The engine did not start: ${problemOf(error).message}`, line: null, column: null });
      return;
    }
    const unsubscribeEvents = this.#connection.onEvent((event) => this.#handle(event));
    const unsubscribeMenu = this.host.onMenuCommand?.((command) => this.runCommand(command));
    // File › Open Recent (desktop): main granted the file and sends its token
    const unsubscribeOpen = this.host.onOpenDataset?.((source) => void this.loader.openKept(source.kind === 'path' ? source.path.split('/').pop()! : source.name, source));
    this.#unsubscribe = () => { unsubscribeEvents(); unsubscribeMenu?.(); unsubscribeOpen?.(); };
    this.#isConnected = true;
    void this.#request({ type: 'hello', protocol: PROTOCOL_VERSION })
      .then((ready) => { this.#kernels = ready.kernels; }, (error: unknown) => this.errors.reportFailure(error));
    void this.runs.load();
    void this.loader.loadRecentFiles();
    await this.run.restoreSettings();
    if (!(await this.remembered.restore())) await this.loader.openSample('iris'); // the last dataset and design, else iris
    void this.run.checkResumable(); // offers "Resume run" when the engine holds an unfinished run
  }

  dispose(): void {
    this.diagram.dispose();
    this.boundary.dispose();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** A native menu command (Electron). */
  runCommand(command: MenuCommand): void {
    switch (command) {
      case 'open-csv': void this.loader.openCsvDialog(); break;
      case 'open-model': void this.imports.openModelDialog(); break;
      case 'open-sample-iris': void this.loader.openSample('iris'); break;
      case 'open-sample-digits': void this.loader.openSample('digits'); break;
      case 'open-sample-mnist': void this.loader.openSample('mnist'); break;
      case 'export-model': if (this.canExport) void this.exports.exportModel(); break;
      case 'train': void this.run.train(); break;
      case 'pause': this.run.togglePause(); break;
      case 'stop': this.run.stop(); break;
      case 'undo': case 'redo': this.history.command(command); break;
    }
  }

  /** A CSV of rows to predict, from the page's file input. */
  async predictCsvFile(file: File): Promise<void> {
    const source = await this.errors.attempt(() => this.host.sourceFromFile(file));
    if (source) await this.predictor.predictCsv(file.name, source);
  }

  /** Puts a past run's settings back into the designer. */
  restoreRun(run: RunRecord): void {
    if (this.run.canEditDesign) this.history.record(`settings of ${run.name}`, () => this.model.restore(run.network, run.train));
  }

  /** The engine's broadcasts: what no request waits for. */
  #handle(event: EngineEvent): void {
    switch (event.type) {
      case 'ready': this.#kernels = event.kernels; break;
      case 'status': this.run.receiveStatus(event); this.inspector.receiveStatus(event); break;
      case 'metrics': this.curves.appendMetrics(event); this.run.receiveThreadsInUse(event.threadsInUse); break;
      case 'epoch': this.curves.appendEpoch(event); break;
      case 'health': this.health.receive(event); break;
      case 'done': this.run.finish(event); break;
      case 'error': this.errors.report(event); break;
      default: break; // answers reach their requests, not here
    }
  }

  /** New data (or new choices) in the engine: it dropped its model, so the results made with it go. */
  #receiveDataset(): void {
    this.imports.clear();
    this.#showColumns(null);
    this.run.clearResult();
    this.curves.reset(this.model.train.epochs);
    this.diagram.clear();
    this.boundary.clear();
  }

  /** The predict form: the imported model's columns, or the dataset's features, starting from the data's first row. */
  #showColumns(imported: ImportedModel | null): void {
    const info = this.dataset.info;
    const preview = info?.preview[0] ?? [];
    const example = info ? Object.fromEntries(info.columns.map((c, i) => [c.name, preview[i] ?? ''])) : {};
    if (imported) this.predictor.setColumns(imported.columns, example, imported.classes, categoryChoices(imported.categories));
    else if (info) this.predictor.setColumns(this.dataset.featureColumns.map((c) => c.name), example, info.classes, info.categories ? categoryChoices(info.categories) : knownCategories(this.dataset.featureColumns));
  }

}

/** Categorical columns whose every value is known (all of them among the top values): the predict form's choices. */
function knownCategories(columns: readonly { name: string; kind: string; distinct: number; distinctCapped?: boolean; topValues?: { value: string }[] }[]): Record<string, string[]> {
  return Object.fromEntries(columns
    .filter((c) => c.kind === 'categorical' && !c.distinctCapped && c.topValues && c.topValues.length === c.distinct)
    .map((c) => [c.name, c.topValues!.map((v) => v.value)]));
}
