import {
  Network, Trainer, assertValidSettings, csvLine, decodeRows, layerSizes, loadModel, parameterCount, predict, toModelFile,
  assertSameData, availableKernelTiers, type SettingsChange, resumeTrainer, type DataFingerprint, type KernelHelperStarter, type ModelExtras, type StopReason, type TrainSettings,
} from '../engine';
import type { Preprocessing } from '../engine/data/types';
import { exportModel, type ExportFormat } from '../engine/export';
import {
  PROTOCOL_VERSION, type AnswerBody, type DataChoicesMessage, type EngineEvent, type Evaluation, type EngineRequest, type EngineState, type NetworkDesign, type DatasetSource,
} from '../shared/protocol';
import { DataProblem, inputWidth, preprocessingFrom, prepareTable, readCsv, forEachCsvRows, transformCsvRows, transformRows, type LoadedTable, type PreparedData } from './dataset';
import { defaultDesign, defaultSettings, specFor } from './defaults';
import { evaluate } from './evaluation';
import { checkCurrentGradients, inspectLastStep } from './inspection';
import { findLearningRate } from './lr-find';
import { crossValidateTable } from './cross-validation';
import { runSweep } from './sweep';
import type { TrialWorkerStarter } from './sweep-workers';
import { summarizeModel } from './model-summary';
import { readSource, type ReadFile } from './source';
import { TrainingRun, defaultPacing, type PacingOptions } from './training-run';
import { WarmKernels } from './warm-kernels';
import { boundaryAnswer, unitDetailsAnswer, weightsViewAnswer, type ViewSource } from './views';
import type { CheckpointPacing } from './checkpoint-pacing';
import { RunCheckpoints, checkpointSummary, contentFingerprint, keepableSource, unfinishedRun, type CheckpointStore } from './run-checkpoints';

export type Emit = (event: EngineEvent, transfer?: ArrayBuffer[]) => void;

export interface SessionOptions {
  readFile?: ReadFile;
  /** How the host starts a kernel helper thread for big networks (none: one thread). */
  startKernelHelper?: KernelHelperStarter | null;
  /** How the host starts a sweep's trial worker, a second thread running trials (none: one trial at a time). */
  startTrialWorker?: TrialWorkerStarter | null;
  pacing?: Partial<PacingOptions>;
  /** where the current run's checkpoints go (none: no checkpoints) and how often */
  checkpoints?: CheckpointStore;
  checkpointPacing?: CheckpointPacing;
}

/** What a request is answered with (the serve loop adds the request's id), and the buffers to move with it. */
export interface Reply {
  answer: AnswerBody;
  transfer?: ArrayBuffer[];
}

type Answer<T extends AnswerBody['type']> = Extract<AnswerBody, { type: T }>;
const accepted: Answer<'accepted'> = { type: 'accepted' };

/** A request the session refuses, with a code the UI can act on. */
export class RequestRefused extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

/** The engine's state behind one port: dataset, design, settings, the current run or an imported model. */
export class EngineSession {
  private data: (PreparedData & { table: LoadedTable }) | null = null;
  private design: NetworkDesign = defaultDesign;
  private settings: TrainSettings = defaultSettings;
  private run: TrainingRun | null = null;
  /** the model to predict with and export; an imported one keeps its file's training, metrics and data sections */
  private model: { net: Network; preprocessing: Preprocessing | null; extras?: ModelExtras } | null = null;
  /** the last run's evaluation, saved as the exported model's metrics */
  private evaluation: Evaluation | null = null;
  /** the next run trains the imported network further instead of a fresh one */
  private continueImported = false;
  private state: EngineState = 'empty';
  /** the recorded changes the next run replays at their steps (configure's `replay`) */
  private replay: SettingsChange[] = [];
  /** where the loaded data came from and its fingerprint: a checkpoint's recipe */
  private source: { source: DatasetSource; fingerprint: DataFingerprint } | null = null;
  private readonly pacing: PacingOptions;
  /** the two-thread kernels big networks train on, kept warm across runs */
  private readonly warmKernels: WarmKernels;

  constructor(private readonly emit: Emit, private readonly options: SessionOptions = {}) {
    this.pacing = { ...defaultPacing, ...options.pacing };
    this.warmKernels = new WarmKernels(options.startKernelHelper ?? null);
  }

  /** Stops any run for good (the port closed). */
  dispose(): void {
    this.run?.pause();
    this.run = null;
    this.setModel(null);
    this.warmKernels.dispose();
  }

  /** The model to predict with and export; a replaced network's helper thread ends now, not when it is garbage-collected. */
  private setModel(model: EngineSession['model']): void {
    const previous = this.model?.net;
    if (previous && previous !== model?.net && !this.warmKernels.owns(previous.kernels)) previous.kernels.dispose();
    this.model = model;
  }

  /** Carries out one request; its answer, or a throw that the serve loop sends back as the request's error. */
  async handle(request: EngineRequest): Promise<Reply> {
    const answer = await this.answer(request);
    // an export's bytes are moved to the page, not copied
    return answer.type === 'model' ? { answer, transfer: [answer.bytes.buffer as ArrayBuffer] } : { answer };
  }

  private async answer(request: EngineRequest): Promise<AnswerBody> {
    switch (request.type) {
      case 'hello': return this.hello(request.protocol);
      case 'loadDataset': return this.loadDataset(request);
      case 'setDataChoices': return this.prepare(this.requireData().table, { ...this.requireData().info.choices, ...request.choices });
      case 'configure': this.replay = request.replay ?? []; return this.configure(request.network, request.train, request.continueTraining ?? false);
      case 'start': this.start(); return accepted;
      case 'pause': this.pause(); return accepted;
      case 'resume': this.resume(); return accepted;
      case 'step': this.stepOnce(); return accepted;
      case 'stop': this.run?.stop(); return accepted;
      case 'reset': this.reset(); return accepted;
      case 'updateSettings': return this.updateSettings(request.changes);
      case 'predict': return this.predictRows(request.rows);
      case 'predictCsv': return this.predictCsv(request);
      case 'exportModel': return this.exportModel(request.format);
      case 'importModel': return this.importModel(request.text);
      case 'inspectStep': return { type: 'stepInspection', ...inspectLastStep(this.run, request) };
      case 'checkGradients': return { type: 'gradientCheck', report: checkCurrentGradients(this.model?.net ?? null, this.design, this.settings, this.requireData()) };
      case 'weightsView': return { type: 'weightsView', ...weightsViewAnswer(this.viewSource(), request.maxUnits, request.edgesPerUnit) };
      case 'unitDetails': return { type: 'unitDetails', ...unitDetailsAnswer(this.viewSource(), request.layer, request.unit) };
      case 'boundary': return { type: 'boundary', ...boundaryAnswer(this.viewSource(), request) };
      case 'checkpointInfo': return { type: 'checkpointInfo', checkpoint: await checkpointSummary(this.options.checkpoints) };
      case 'resumeRun': return this.resumeRun();
      case 'lrFind': return findLearningRate(this.requireData(), request.network, request.train);
      case 'sweep': return runSweep(this.requireData(), request.network, request.train, request.space, request.trials, this.options.startTrialWorker);
      case 'crossValidate': return crossValidateTable(this.requireData().table, this.requireData().info.choices, request.network, request.train, request.folds);
    }
  }

  private hello(protocol: number): Answer<'ready'> {
    if (protocol !== PROTOCOL_VERSION) throw new RequestRefused('protocol-mismatch', `the UI speaks protocol ${protocol}, the engine ${PROTOCOL_VERSION}`);
    this.sendStatus();
    return { type: 'ready', protocol: PROTOCOL_VERSION, kernels: availableKernelTiers()[0] };
  }

  private async loadDataset(request: Extract<EngineRequest, { type: 'loadDataset' }>): Promise<Answer<'datasetInfo'>> {
    const { name, content } = await readSource(request.source, this.options.readFile);
    const answer = this.prepare(readCsv(name, content, request.choices?.badRows), request.choices ?? {});
    this.source = { source: keepableSource(request.source, name, content), fingerprint: contentFingerprint(content, answer.info.rows, answer.info.columns.map((c) => c.name), name) };
    this.warmKernels.warmUpWhileIdle(); // from the first data on: the page has started, the user designs a net next
    return answer;
  }

  /**
   * Rebuilds the run of the store's unfinished checkpoint (after the engine process died) and continues it,
   * with the note "resumed from epoch N after the engine stopped"; false when there is none to resume.
   */
  async resumeStored(cause = 'the engine stopped'): Promise<Answer<'resumed'> | null> {
    if (this.run?.isRunning) throw new RequestRefused('busy', 'a run is training; stop it before resuming another');
    const found = this.options.checkpoints ? await unfinishedRun(this.options.checkpoints) : null;
    if (!found) return null;
    const { checkpoint, recipe } = found;
    await this.loadDataset({ type: 'loadDataset', requestId: 'resume', source: recipe.source, choices: recipe.choices });
    assertSameData(checkpoint, this.source!.fingerprint);
    this.design = recipe.design;
    this.settings = checkpoint.trainer.settings;
    const data = this.requireData();
    const run = this.runOf(resumeTrainer(checkpoint, data.train, data.validation, { startHelper: this.options.startKernelHelper }));
    run.replayHistory();
    run.play();
    this.setState('training', `resumed from epoch ${checkpoint.trainer.epoch} after ${cause}`);
    const { initial, changes } = run.trainer.recipe;
    return { type: 'resumed', info: data.info, network: recipe.design, train: initial, changes, epoch: checkpoint.trainer.epoch };
  }

  private async resumeRun(): Promise<Answer<'resumed'>> {
    const resumed = await this.resumeStored('the page reloaded');
    if (!resumed) throw new RequestRefused('no-checkpoint', 'there is no unfinished run to resume');
    return resumed;
  }

  private prepare(table: LoadedTable, choices: DataChoicesMessage): Answer<'datasetInfo'> {
    const prepared = prepareTable(table, choices); // throws DataProblem: the old dataset stays
    this.dropRun();
    this.data = { ...prepared, table };
    this.setModel(null);
    this.setState('ready');
    return { type: 'datasetInfo', info: prepared.info };
  }

  private configure(network: NetworkDesign, train: TrainSettings, continueTraining: boolean): Answer<'configured'> {
    if (this.run?.isRunning) throw new RequestRefused('busy', 'pause or stop training before changing the network');
    assertValidSettings(train);
    if (continueTraining) this.continuableNet(network); // refuses before anything changes
    this.continueImported = continueTraining;
    this.design = network;
    this.settings = train;
    this.dropRun();
    if (this.data) this.setState('ready');
    return this.configuredSizes();
  }

  private start(): void {
    if (this.state === 'paused') return this.resume();
    if (this.run?.isRunning) return;
    this.newRun().play();
    this.setState('training');
  }

  private pause(): void {
    if (!this.run?.isRunning) return;
    this.run.pause();
    this.setState('paused');
  }

  private resume(): void {
    if (!this.run || this.run.isFinished || this.run.isRunning) return;
    this.run.play();
    this.setState('training');
  }

  private stepOnce(): void {
    if (this.run?.isRunning) return;
    const run = this.run && !this.run.isFinished ? this.run : this.newRun();
    run.stepOnce();
    if (!run.isFinished) this.setState('paused');
  }

  private reset(): void {
    this.dropRun();
    this.setModel(null);
    this.setState(this.data ? 'ready' : 'empty');
  }

  private updateSettings(changes: Extract<EngineRequest, { type: 'updateSettings' }>['changes']): Answer<'settingsChanged'> {
    const next = { ...this.settings, ...changes };
    if (this.run) this.run.updateSettings(changes); // validates (throws a readable message)
    else assertValidSettings(next);
    this.settings = next;
    if (this.run && this.state === 'done' && !this.run.isFinished) this.setState('paused');
    return { type: 'settingsChanged', step: this.run?.step ?? 0, epoch: this.run?.epoch ?? 0, changes };
  }

  private predictRows(rows: Record<string, string>[]): Answer<'prediction'> {
    const { net, preprocessing } = this.requireModel();
    const predictions = decodeRows(preprocessing, predict(net, transformRows(preprocessing, rows), rows.length), rows.length);
    const labels = preprocessing.target.classes ? predictions.map((row) => row.label ?? '') : null;
    return { type: 'prediction', outputs: predictions.map((row) => row.outputs), labels };
  }

  private async predictCsv(request: Extract<EngineRequest, { type: 'predictCsv' }>): Promise<Answer<'predictCsvResult'>> {
    const { net, preprocessing } = this.requireModel();
    const { content } = await readSource(request.source, this.options.readFile);
    const { name: target, classes } = preprocessing.target;
    const lines: string[] = [];
    // a piece of the file at a time: only its rows' cells are alive, not the whole file's
    const header = forEachCsvRows(content, (columns, rows, lineNumbers) => {
      const predictions = decodeRows(preprocessing, predict(net, transformCsvRows(preprocessing, columns, rows, lineNumbers), rows.length), rows.length);
      rows.forEach((cells, r) => {
        const { label, outputs } = predictions[r];
        lines.push(csvLine([...cells, ...(classes ? [label ?? '', ...outputs.map((p) => p.toFixed(6))] : [String(outputs[0])])]));
      });
    });
    const csv = csvLine([...header, `predicted_${target}`, ...(classes ?? []).map((c) => `p_${c}`)]) + lines.join('');
    return { type: 'predictCsvResult', csv, rows: lines.length };
  }

  /**
   * The trained model in any export format (JSON, ONNX, JS, Python, PyTorch script), with its preprocessing.
   * Text is encoded here, off the page's thread: the buffer is transferred, and the page saves it without decoding.
   */
  private exportModel(format: ExportFormat): Answer<'model'> {
    const { net, preprocessing } = this.requireModel();
    const imported = this.model?.extras;
    const file = toModelFile(net, imported ? { ...imported, preprocessing } : {
      preprocessing, training: this.run ? this.run.trainer.currentSettings : undefined, run: this.run?.trainer.recipe,
      metrics: this.evaluation ? metricsOf(this.evaluation) : undefined,
      data: this.source?.fingerprint ?? (this.data ? { name: this.data.info.name, rows: this.data.info.rows, columns: this.data.info.columns.map((c) => c.name) } : undefined),
      createdAt: new Date().toISOString(),
    });
    const exported = exportModel(file, format, this.data?.info.name ?? 'model');
    const bytes = exported.text !== null ? new TextEncoder().encode(exported.text) : exported.bytes;
    return { type: 'model', format, fileName: exported.fileName, bytes };
  }

  /** Validates a model file once, here; the page gets its summary and never parses the file itself. */
  private importModel(text: string): Answer<'imported'> {
    const { net, file } = loadModel(text, { startHelper: this.options.startKernelHelper });
    const preprocessing = preprocessingFrom(file.preprocessing);
    if (preprocessing && inputWidth(preprocessing) !== net.spec.inputSize) {
      throw new RequestRefused('bad-model', `the model's preprocessing yields ${inputWidth(preprocessing)} inputs, its network takes ${net.spec.inputSize}`);
    }
    this.dropRun();
    this.setModel({ net, preprocessing, extras: { training: file.training, metrics: file.metrics, data: file.data, createdAt: file.createdAt } });
    this.setState('done');
    return { type: 'imported', model: summarizeModel(file) };
  }

  private newRun(): TrainingRun {
    const data = this.requireData();
    this.dropRun();
    const { inputSize, outputSize, task } = data.info;
    const imported = this.continueImported ? this.continuableNet(this.design) : null;
    this.continueImported = false;
    const net = imported ?? this.warmKernels.network(specFor(this.design, inputSize, outputSize, task));
    return this.runOf(new Trainer(net, this.settings, data.train, data.validation, { initialize: imported === null, replay: this.replay }));
  }

  /** The session's run of `trainer`, checkpointed when the host gave a store. */
  private runOf(trainer: Trainer): TrainingRun {
    const data = this.requireData(), store = this.options.checkpoints;
    this.setModel({ net: trainer.net, preprocessing: data.preprocessing });
    const checkpoints = store && this.source ? new RunCheckpoints(store, trainer, { source: this.source.source, choices: data.info.choices, design: this.design },
      this.source.fingerprint, this.options.checkpointPacing, (message) => this.emit({ type: 'error', code: 'checkpoint-failed', message, line: null, column: null })) : null;
    this.run = new TrainingRun(trainer, this.emit, (reason) => this.finish(reason), this.pacing, checkpoints);
    return this.run;
  }

  /** The imported network, when the design and the loaded dataset's preprocessing match it; else a refusal saying what differs. */
  private continuableNet(network: NetworkDesign): Network {
    const model = this.model;
    if (!model?.extras) throw new RequestRefused('cannot-continue', 'import a model first to continue training it');
    const data = this.requireData();
    const { inputSize, outputSize, task } = data.info;
    const spec = specFor(network, inputSize, outputSize, task);
    if (canonicalJson(spec) !== canonicalJson(model.net.spec)) {
      throw new RequestRefused('cannot-continue', `the network design (${layerSizes(spec).join('-')}) differs from the imported model's (${layerSizes(model.net.spec).join('-')})`);
    }
    if (!model.preprocessing || canonicalJson(model.preprocessing) !== canonicalJson(data.preprocessing)) {
      throw new RequestRefused('cannot-continue', `${data.info.name} with these data choices is not preprocessed the way the imported model expects; load the data it was trained on with the same choices`);
    }
    return model.net;
  }

  private finish(reason: StopReason): void {
    const data = this.data, net = this.model?.net;
    let evaluation = null;
    if (data && net) {
      const [split, rows] = data.test ? ['test', data.test] as const : data.validation ? ['validation', data.validation] as const : ['train', data.train] as const;
      evaluation = evaluate(net, rows, split, data.preprocessing);
    }
    this.evaluation = evaluation;
    this.emit({ type: 'done', reason, evaluation });
    this.setState('done');
  }

  private dropRun(): void {
    if (this.run?.isRunning) this.run.pause();
    this.run = null;
    this.evaluation = null;
  }

  /** The configured network's sizes; null while no dataset gives its input and output. */
  private configuredSizes(): Answer<'configured'> {
    if (!this.data) return { type: 'configured', parameterCount: null, layerSizes: null };
    const { inputSize, outputSize, task } = this.data.info;
    const spec = specFor(this.design, inputSize, outputSize, task);
    return { type: 'configured', parameterCount: parameterCount(spec), layerSizes: layerSizes(spec) };
  }

  private setState(state: EngineState, message?: string): void {
    this.state = state;
    this.sendStatus(message);
  }

  private sendStatus(message?: string): void {
    this.emit({ type: 'status', state: this.state, epoch: this.run?.epoch ?? 0, step: this.run?.step ?? 0, ...(message ? { message } : {}),
      ...(this.run ? { threads: this.run.trainer.net.kernels.threads } : {}) });
  }

  private requireData(): PreparedData & { table: LoadedTable } {
    if (!this.data) throw new RequestRefused('no-dataset', 'load a dataset first');
    return this.data;
  }

  /** The model the views show (a run's, as it trains, or an imported one) and the data it fits. */
  private viewSource(): ViewSource {
    if (!this.model) throw new RequestRefused('no-model', 'train or import a model first');
    const fits = this.data && (!this.model.preprocessing || this.model.preprocessing === this.data.preprocessing || canonicalJson(this.model.preprocessing) === canonicalJson(this.data.preprocessing));
    return { net: this.model.net, preprocessing: this.model.preprocessing, step: this.run?.step ?? 0,
      train: fits ? this.data!.train : null, info: fits ? this.data!.info : null };
  }

  private requireModel(): { net: Network; preprocessing: Preprocessing } {
    if (!this.model) throw new RequestRefused('no-model', 'train or import a model first');
    if (!this.model.preprocessing) throw new RequestRefused('no-preprocessing', 'this model file has no preprocessing section, so raw rows cannot be turned into inputs');
    return { net: this.model.net, preprocessing: this.model.preprocessing };
  }
}

/** JSON with object keys sorted: equal for equal plain data, whatever the key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** An evaluation as a model file's flat metrics record. */
function metricsOf(evaluation: Evaluation): NonNullable<ModelExtras['metrics']> {
  return evaluation.task === 'classification'
    ? { split: evaluation.split, loss: evaluation.loss, accuracy: evaluation.accuracy }
    : { split: evaluation.split, loss: evaluation.loss, mse: evaluation.mse, mae: evaluation.mae, r2: evaluation.r2 };
}

export { DataProblem };
