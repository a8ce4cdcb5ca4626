import type { EngineEvent, EngineState, Evaluation, NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import type { Host, SendRequest } from '../../host/types';
import type { TrainingCurves } from './curves.svelte';
import type { DatasetState } from './dataset.svelte';
import type { StudioErrors } from './errors.svelte';
import { LIVE_SETTINGS, type LiveSettings, type ModelConfig } from './model-config.svelte';
import type { RunHistory, RunRecord, StopReason } from './runs.svelte';
import type { SettingsChange } from '../../../engine/settings-changes';
import { trainBlocker, type TrainBlocker } from './train-readiness';

/** The run phases the controls follow: the engine's states, plus 'connecting' before it answers. */
export type Phase = 'connecting' | EngineState;

export interface RunControlParts {
  host: Host;
  request: SendRequest;
  errors: StudioErrors;
  dataset: DatasetState;
  model: ModelConfig;
  curves: TrainingCurves;
  runs: RunHistory;
  isConnected: () => boolean;
  /** the engine lets go of an imported model (a run is configured, or a reset) */
  dropImport: () => void;
  /** a recorded run ended: its model can be fetched */
  onRunEnds: (runId: number) => void;
  /** the designer's live settings reached the run (Resume, Step, a live fix): its paused changes are no longer undoable */
  onLiveSent?: (runId: number | null) => void;
}

/**
 * Train, pause, resume, step, stop and reset: the phase the buttons follow, the current run's record
 * and its result (evaluation, why it stopped). A run is configured (and recorded) before it starts;
 * the start waits for the engine to accept the design.
 */
export class RunControl {
  #engineState = $state<EngineState>('empty');
  /** a pause the user asked for and the engine has not confirmed yet: the UI answers at once */
  #isPausing = $state(false);
  /** a run being configured: Train is not offered twice */
  #isConfiguring = $state(false);
  /** threads the current run computes on, as the engine's status says; null without a run */
  #threads = $state<number | null>(null);
  /** of those, what its steps compute on now (metrics): 1 of 2 while one thread measures faster; null before its first metrics */
  #threadsInUse = $state<number | null>(null);
  /** the engine's note on its status, e.g. "resumed from epoch 12 after the engine stopped"; null when it sent none */
  #notice = $state<string | null>(null);
  /** an unfinished run the engine's checkpoint store holds (offered as "Resume run" after a reload) */
  #resumable = $state<{ dataset: string; epoch: number; epochs: number } | null>(null);
  #evaluation = $state.raw<Evaluation | null>(null);
  #stopReason = $state<StopReason | null>(null);
  #currentRunId = $state<number | null>(null);
  /** the live settings the engine runs with, to send only what changed on resume */
  #sentLive: LiveSettings | null = null;
  readonly #parts: RunControlParts;

  get notice(): string | null {
    return this.#notice;
  }

  get resumable(): { dataset: string; epoch: number; epochs: number } | null {
    return this.#resumable;
  }

  /** Asks the engine whether its checkpoint store holds an unfinished run (after a reload, or an app that stopped mid-run). */
  async checkResumable(): Promise<void> {
    try {
      this.#resumable = (await this.#parts.request({ type: 'checkpointInfo' })).checkpoint;
    } catch {
      this.#resumable = null; // an engine without checkpoints: nothing to offer
    }
  }

  /** "Resume run": the engine continues the saved run; its data, design, settings and change list come back and a run record starts. */
  async resumeSavedRun(): Promise<void> {
    const saved = this.#resumable;
    const { dataset, model, curves, runs, request, errors } = this.#parts;
    if (!saved || this.isRunActive) return;
    this.#resumable = null;
    curves.reset(saved.epochs); // before the request: the engine sends the earlier epochs before its answer
    try {
      const resumed = await request({ type: 'resumeRun' });
      dataset.receive(resumed.info);
      const current = resumed.changes.reduce<TrainSettingsMessage>((settings, change) => ({ ...settings, ...change.changes }), resumed.train);
      model.restore(resumed.network, current);
      this.#sentLive = model.liveSettings();
      this.#evaluation = null;
      this.#stopReason = null;
      this.#currentRunId = runs.begin({
        startedAt: Date.now(), dataset: resumed.info.name, task: resumed.info.task, parameterCount: model.parameterCount, layerSizes: model.layerSizes,
        network: resumed.network, train: resumed.train, data: resumed.info.choices, changes: resumed.changes as SettingsChange[],
      });
    } catch (error) {
      errors.reportFailure(error);
    }
  }

  constructor(parts: RunControlParts) {
    this.#parts = parts;
  }

  get engineState(): EngineState { return this.#engineState; }
  get threads(): number | null { return this.#threads; }
  get threadsInUse(): number | null { return this.#threadsInUse; }
  get evaluation(): Evaluation | null { return this.#evaluation; }
  get stopReason(): StopReason | null { return this.#stopReason; }
  get currentRunId(): number | null { return this.#currentRunId; }

  phase = $derived<Phase>(this.#currentPhase());
  isTraining = $derived(this.phase === 'training');
  isPaused = $derived(this.phase === 'paused');
  /** a run exists that has not ended: its design is fixed until Stop or Reset */
  isRunActive = $derived(this.isTraining || this.isPaused);
  /** why Train is off (null when it is on): the button and the reason beside it read this one check */
  trainBlocker = $derived<TrainBlocker | null>(this.#findTrainBlocker());
  canTrain = $derived(this.trainBlocker === null);
  canPause = $derived(this.isTraining);
  canResume = $derived(this.isPaused);
  canStep = $derived(this.isPaused || (this.canTrain && !this.isRunActive));
  canStop = $derived(this.isRunActive);
  canReset = $derived(this.#hasSomethingToReset());
  /** layers, batch size, optimizer, seed and data choices: only between runs */
  canEditDesign = $derived(!this.isRunActive);
  /** learning rate, schedule, epochs, L1/L2, clipping, early stopping: between runs and while paused */
  canEditLive = $derived(!this.isTraining);

  #currentPhase(): Phase {
    return !this.#parts.isConnected() ? 'connecting' : this.#isPausing ? 'paused' : this.#engineState;
  }

  #findTrainBlocker(): TrainBlocker | null {
    const { isConnected, dataset, model } = this.#parts;
    return trainBlocker({
      isConnected: isConnected(), isDataLoaded: dataset.isLoaded, isLoading: dataset.isLoading, loadingName: dataset.loadingName,
      isRunActive: this.isRunActive, isConfiguring: this.#isConfiguring, dataProblem: dataset.problem, configErrors: model.errors,
    });
  }

  #hasSomethingToReset(): boolean {
    return this.#parts.isConnected() && this.#parts.dataset.isLoaded && (this.isRunActive || this.phase === 'done' || this.#parts.curves.hasData);
  }

  /** What the run's steps compute on now, from its metrics (a small classifier's kernels may switch to one thread). */
  receiveThreadsInUse(threads: number): void {
    if (this.#threads !== null) this.#threadsInUse = threads;
  }

  /** The engine's state broadcast. */
  receiveStatus(event: Extract<EngineEvent, { type: 'status' }>): void {
    this.#engineState = event.state;
    this.#threads = event.threads ?? null;
    if (this.#threads === null || event.step === 0) this.#threadsInUse = null; // no run, or a new one
    if (event.message) this.#notice = event.message;
    else if (event.state === 'ready' || event.state === 'empty') this.#notice = null;
    if (event.state !== 'training') this.#isPausing = false;
  }

  /**
   * Rebuilds a past run from its recipe: its design and first settings, then each recorded change at its step
   * (the engine applies them), on the same data with the same choices: the same weights, bit for bit.
   */
  async replay(run: RunRecord): Promise<void> {
    const { dataset, model, errors } = this.#parts;
    const info = dataset.info;
    if (!this.canTrain || !info) return;
    if (info.name !== run.dataset || JSON.stringify(info.choices) !== JSON.stringify({ ...info.choices, ...run.data })) {
      errors.report({ code: 'cannot-replay', message: `${run.name} trained on ${run.dataset} with other data choices; load it with the same choices to replay the run`, line: null, column: null });
      return;
    }
    model.restore(run.network, run.train);
    try {
      await this.configureRun(false, run.changes ?? []);
      await this.#parts.request({ type: 'start' });
    } catch (error) {
      errors.reportFailure(error);
    }
  }

  async train(): Promise<void> {
    if (!this.canTrain) return;
    try {
      await this.configureRun();
      await this.#parts.request({ type: 'start' });
    } catch (error) {
      this.#parts.errors.reportFailure(error);
    }
  }

  pause(): void {
    if (!this.canPause) return;
    this.#isPausing = true;
    this.#send({ type: 'pause' }, () => { this.#isPausing = false; });
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

  /** One mini-batch: configures a run first when none is active. */
  async step(): Promise<void> {
    if (!this.canStep) return;
    try {
      if (!this.isRunActive) await this.configureRun();
      else this.#sendLiveChanges();
      await this.#parts.request({ type: 'step' });
    } catch (error) {
      this.#parts.errors.reportFailure(error);
    }
  }

  stop(): void {
    if (!this.canStop) return;
    this.#send({ type: 'stop' });
  }

  /** Back to an untrained network; the curves are cleared. */
  reset(): void {
    if (!this.canReset) return;
    this.#isPausing = false;
    this.#parts.curves.reset(this.#parts.model.train.epochs);
    this.clearResult();
    this.#parts.dropImport();
    this.#send({ type: 'reset' });
  }

  /**
   * Live changes of a one-click fix (the designer holds them already): sent now, even while training (the engine
   * applies them between batches), and marked on the charts.
   */
  async applyLiveChanges(changes: Partial<LiveSettings>): Promise<void> {
    if (!this.isRunActive) return;
    this.#sentLive = this.#parts.model.liveSettings();
    this.#parts.onLiveSent?.(this.#currentRunId);
    try {
      this.#parts.curves.markSettingsChange(await this.#parts.request({ type: 'updateSettings', changes }));
    } catch (error) {
      this.#parts.errors.reportFailure(error);
    }
  }

  /** Ends the run in progress, if any, and trains anew with the designer's settings (a fix that changes the design). */
  async trainAgain(): Promise<void> {
    if (this.isRunActive) {
      try {
        await this.#parts.request({ type: 'stop' }); // its answer comes after the run's `done` and status
      } catch (error) {
        this.#parts.errors.reportFailure(error);
        return;
      }
    }
    await this.train();
  }

  /** Results made on what the engine no longer holds (new data, an imported model) go. */
  clearResult(): void {
    this.#evaluation = null;
    this.#stopReason = null;
    this.#currentRunId = null;
  }

  /**
   * Records a run and configures the engine with the designer's network and settings; resolves once
   * the engine accepted them. A refusal rejects and the run that never started is forgotten. A
   * continued run starts from the imported model's weights.
   */
  async configureRun(continueTraining = false, replay: SettingsChange[] = []): Promise<void> {
    const { dataset, model, curves, runs, request, host, dropImport } = this.#parts;
    const info = dataset.info;
    if (!info) return;
    const { network, train } = model.toConfigure();
    dropImport();
    curves.reset(train.epochs);
    this.#evaluation = null;
    this.#stopReason = null;
    this.#sentLive = model.liveSettings();
    const runId = runs.begin({
      startedAt: Date.now(), dataset: info.name, task: info.task, parameterCount: model.parameterCount,
      layerSizes: model.layerSizes, network, train, data: info.choices, changes: replay,
    });
    this.#currentRunId = runId;
    void host.saveUserData('settings', { network, train }).catch(() => undefined);
    this.#isConfiguring = true;
    try {
      await request({ type: 'configure', network, train, ...(continueTraining ? { continueTraining } : {}), ...(replay.length > 0 ? { replay } : {}) });
    } catch (error) {
      runs.remove(runId);
      if (this.#currentRunId === runId) this.#currentRunId = null;
      throw error;
    } finally {
      this.#isConfiguring = false;
    }
  }

  /** The engine's `done`: the evaluation shows, the run's record gets its result, and its model is fetched. */
  finish(event: Extract<EngineEvent, { type: 'done' }>): void {
    const { reason, evaluation } = event;
    const { curves, runs, onRunEnds } = this.#parts;
    this.#isPausing = false;
    curves.flush();
    this.#evaluation = evaluation;
    this.#stopReason = reason;
    const runId = this.#currentRunId;
    if (runId === null) return;
    const score = evaluation ? (evaluation.task === 'classification' ? evaluation.accuracy : evaluation.r2) : null;
    runs.finish(runId, curves.snapshot(), {
      reason, epochs: curves.progress.epoch, score, loss: evaluation?.loss ?? null, split: evaluation?.split ?? null,
    });
    onRunEnds(runId);
  }

  /**
   * The design and settings of the last run, when they were saved and the engine accepts them: it
   * checks them with the protocol's own schema (a `configure` before any dataset), so the page needs no parser of its own.
   */
  async restoreSettings(): Promise<void> {
    const { errors, host, model, request } = this.#parts;
    const saved = await errors.attempt(() => host.loadUserData('settings'));
    if (!saved || typeof saved !== 'object') return;
    const { network, train } = saved as { network?: unknown; train?: unknown };
    try {
      await request({ type: 'configure', network: network as NetworkDesign, train: train as TrainSettingsMessage });
    } catch {
      return; // malformed, or out of today's ranges: the defaults stay
    }
    const defaults = model.toConfigure();
    model.restore(network as NetworkDesign, train as TrainSettingsMessage);
    if (!model.isValid) model.restore(defaults.network, defaults.train);
  }

  /** The live settings changed since they were last sent (only those), before a resume or a step. */
  #sendLiveChanges(): void {
    const live = this.#parts.model.liveSettings();
    const sent = this.#sentLive;
    const changes: Partial<LiveSettings> = {};
    for (const key of LIVE_SETTINGS) {
      if (!sent || JSON.stringify(sent[key]) !== JSON.stringify(live[key])) Object.assign(changes, { [key]: live[key] });
    }
    this.#sentLive = live;
    this.#parts.onLiveSent?.(this.#currentRunId);
    if (Object.keys(changes).length === 0) return;
    void this.#parts.request({ type: 'updateSettings', changes })
      .then((answer) => {
        this.#parts.curves.markSettingsChange(answer);
        const runId = this.#currentRunId;
        if (runId !== null) this.#parts.runs.recordChange(runId, { step: answer.step, changes: answer.changes as LiveSettings });
      }, (error: unknown) => this.#parts.errors.reportFailure(error));
  }

  /** A request whose answer is only its acceptance; a refusal shows, and `onFailure` undoes what was shown early. */
  #send(body: { type: 'pause' | 'resume' | 'stop' | 'reset' }, onFailure?: () => void): void {
    void this.#parts.request(body).catch((error: unknown) => {
      onFailure?.();
      this.#parts.errors.reportFailure(error);
    });
  }
}
