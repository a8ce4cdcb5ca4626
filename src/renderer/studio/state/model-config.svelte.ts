import { HIDDEN_ACTIVATIONS, type HiddenActivation } from '../../../engine/functions';
import { INIT_SCHEMES, MODEL_LIMITS, parameterCount, type HiddenLayerSpec, type InitScheme, type ModelSpec } from '../../../engine/network';
import { OPTIMIZERS, SCHEDULES, defaultOptimizer, optimizerRegistry, type OptimizerName, type OptimizerSpec, type ScheduleName } from '../../../engine/optimizers';
import {
  LIVE_SETTINGS as LIVE_KEYS, checkSetting, layerDefault, sectionDefaults, setAt, settingProblems, settingsOf, valueAt,
} from '../../../engine/settings-values';
import { setting } from '../../../engine/settings';
import { defaultTrainSettings, type LiveSettingName, type LiveSettings, type TrainSettings } from '../../../engine/trainer';
import type { NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import { noRecorder, type Recorder } from './history.svelte';

export { HIDDEN_ACTIVATIONS, INIT_SCHEMES, OPTIMIZERS, SCHEDULES, type LiveSettings };

/** The hidden-layer limits of the settings table (the engine rejects anything beyond them). */
export const LAYER_LIMITS = { minLayers: MODEL_LIMITS.minHiddenLayers, maxLayers: MODEL_LIMITS.maxHiddenLayers };

/** Settings the engine accepts while a run is paused (protocol `updateSettings`), from the table. */
export const LIVE_SETTINGS = LIVE_KEYS as readonly LiveSettingName[];

/** What the network's ends look like, from the data. */
export interface DataShape {
  inputSize: number;
  outputSize: number;
  task: 'classification' | 'regression';
}

/** The table's default design (the origin's 128-64-32 relu net, no dropout), as fresh objects. */
export function defaultHiddenLayers(): HiddenLayerSpec[] {
  return structuredClone((sectionDefaults('network') as unknown as NetworkDesign).hidden);
}

/**
 * Field key → message. Keys are the settings table's paths (`learningRate`, `optimizer.momentum`,
 * `clipping.threshold`, …), `layer.<i>.<field>` for a hidden layer's field, `layers` and `parameters`.
 */
export type ConfigErrors = Record<string, string>;

/**
 * The user's network design (1–8 hidden layers) and training settings, with validation that names
 * the field, and the parameter count Σ(fanIn·fanOut + fanOut) of the resulting net.
 */
export class ModelConfig {
  #hidden = $state<HiddenLayerSpec[]>(defaultHiddenLayers());
  #init = $state<InitScheme>(setting('network', 'init').default as InitScheme);
  #train = $state<TrainSettings>(structuredClone(defaultTrainSettings));
  readonly #shape: () => DataShape | null;
  /** every user change goes through it, named, so the undo history can keep it */
  readonly #record: Recorder;

  constructor(shape: () => DataShape | null, record: Recorder = noRecorder) {
    this.#shape = shape;
    this.#record = record;
  }

  get hidden(): readonly HiddenLayerSpec[] { return this.#hidden; }
  get init(): InitScheme { return this.#init; }
  get train(): Readonly<TrainSettings> { return this.#train; }

  spec = $derived<ModelSpec | null>(this.#buildSpec());
  layerSizes = $derived<number[]>(this.spec ? [this.spec.inputSize, ...this.#hidden.map((h) => h.units), this.spec.output.units] : []);
  parameterCount = $derived(this.spec && this.#layersAreValid() ? parameterCount(this.spec) : 0);
  errors = $derived<ConfigErrors>(this.#validate());
  isValid = $derived(Object.keys(this.errors).length === 0);
  canAddLayer = $derived(this.#hidden.length < LAYER_LIMITS.maxLayers);
  canRemoveLayer = $derived(this.#hidden.length > LAYER_LIMITS.minLayers);
  /** class weights apply to a classifier's loss only */
  get isClassifier(): boolean { return this.#shape()?.task !== 'regression'; }

  addLayer(): void {
    if (!this.canAddLayer) return;
    this.#record(`add layer ${this.#hidden.length + 1}`, () => this.#addLayer());
  }

  #addLayer(): void {
    const last = this.#hidden[this.#hidden.length - 1];
    const layerIndex = this.#hidden.length;
    const units = last ? Math.max(1, Math.round(last.units / 2)) : layerDefault(setting('network', 'hidden.units'), layerIndex) as number;
    const activation = last?.activation ?? layerDefault(setting('network', 'hidden.activation'), layerIndex) as HiddenActivation;
    this.#hidden.push({ units, activation, dropout: layerDefault(setting('network', 'hidden.dropout'), layerIndex) as number });
  }

  removeLayer(layerIndex: number): void {
    if (!this.canRemoveLayer || layerIndex < 0 || layerIndex >= this.#hidden.length) return;
    this.#record(`remove layer ${layerIndex + 1}`, () => this.#hidden.splice(layerIndex, 1));
  }

  setUnits(layerIndex: number, units: number): void {
    const layer = this.#layer(layerIndex);
    this.#record(`layer ${layerIndex + 1} units`, () => { layer.units = units; }, `layer.${layerIndex}.units`);
  }
  setActivation(layerIndex: number, activation: HiddenActivation): void {
    const layer = this.#layer(layerIndex);
    this.#record(`layer ${layerIndex + 1} activation`, () => { layer.activation = activation; });
  }
  setDropout(layerIndex: number, dropout: number): void {
    const layer = this.#layer(layerIndex);
    this.#record(`layer ${layerIndex + 1} dropout`, () => { layer.dropout = dropout; }, `layer.${layerIndex}.dropout`);
  }
  setInit(init: InitScheme): void { this.#record(setting('network', 'init').label, () => { this.#init = init; }); }

  setLearningRate(learningRate: number): void { this.set('learningRate', learningRate); }
  setBatchSize(batchSize: number): void { this.set('batchSize', batchSize); }
  setEpochs(epochs: number): void { this.set('epochs', epochs); }
  setSeed(seed: number): void { this.set('seed', seed); }
  /**
   * Switches the update rule. A hyperparameter the new rule does not read and whose value is out of range
   * goes back to its default: its field is hidden now, so an error on it could not be seen or fixed.
   */
  setOptimizer(name: OptimizerName): void {
    this.#record(setting('train', 'optimizer.name').label, () => this.#setOptimizer(name));
  }

  #setOptimizer(name: OptimizerName): void {
    const optimizer = this.#train.optimizer;
    optimizer.name = name;
    for (const key of Object.keys(defaultOptimizer) as (keyof OptimizerSpec)[]) {
      if (key === 'name' || optimizerRegistry[name].uses.includes(key)) continue;
      if (checkSetting(setting('train', `optimizer.${key}`), optimizer[key]) !== null) Object.assign(optimizer, { [key]: defaultOptimizer[key] });
    }
  }
  setMomentum(momentum: number): void { this.set('optimizer.momentum', momentum); }
  /** One hyperparameter of the optimizer (the fields its registry entry `uses`). */
  setOptimizerValue<K extends Exclude<keyof OptimizerSpec, 'name'>>(key: K, value: OptimizerSpec[K]): void { this.set(`optimizer.${key}`, value); }
  setSchedule(name: ScheduleName): void { this.set('schedule.name', name); }
  setScheduleStep(stepEvery: number, gamma: number): void { this.#setTogether({ 'schedule.stepEvery': stepEvery, 'schedule.gamma': gamma }); }
  setMinLr(minLr: number): void { this.set('schedule.minLr', minLr); }
  setL1(l1: number): void { this.set('l1', l1); }
  setL2(l2: number): void { this.set('l2', l2); }
  setClipping(mode: TrainSettings['clipping']['mode'], threshold: number): void { this.#setTogether({ 'clipping.mode': mode, 'clipping.threshold': threshold }); }
  setEarlyStopping(patience: number, minDelta: number): void { this.#setTogether({ 'earlyStopping.patience': patience, 'earlyStopping.minDelta': minDelta }); }

  /** Sets one training setting by its table path, e.g. set('optimizer.beta1', 0.95); the value is checked by `errors`. */
  set(key: string, value: unknown): void {
    const entry = setting('train', key);
    if (entry.perLayer) throw new Error(`"${key}" is set per layer`);
    this.#record(entry.label, () => setAt(this.#train as unknown as Record<string, unknown>, key, value), key);
  }

  /** Settings a form sets as a pair: the action is named (and typing coalesced) by the one whose value changes. */
  #setTogether(values: Record<string, unknown>): void {
    const changed = Object.keys(values).find((key) => valueAt(this.#train, key) !== values[key]) ?? Object.keys(values)[0];
    this.#record(setting('train', changed).label, () => {
      for (const [key, value] of Object.entries(values)) setAt(this.#train as unknown as Record<string, unknown>, key, value);
    }, changed);
  }

  /** Replaces everything (a run's settings loaded back from the history). */
  restore(network: NetworkDesign, train: TrainSettingsMessage): void {
    this.#hidden = structuredClone(network.hidden);
    this.#init = network.init;
    this.#train = structuredClone(train);
    // a run saved before a setting existed lacks it: the table's default stands in (as a model file's does)
    for (const entry of settingsOf('train')) {
      if (entry.fillMissing && valueAt(this.#train, entry.key) === undefined) setAt(this.#train as unknown as Record<string, unknown>, entry.key, entry.default);
    }
  }

  /** Plain data for the protocol's `configure` request. */
  toConfigure(): { network: NetworkDesign; train: TrainSettingsMessage } {
    return {
      network: { hidden: $state.snapshot(this.#hidden) as HiddenLayerSpec[], init: this.#init },
      train: $state.snapshot(this.#train) as TrainSettingsMessage,
    };
  }

  /** The settings changeable mid-run, as plain data. */
  liveSettings(): LiveSettings {
    const train = $state.snapshot(this.#train) as TrainSettingsMessage;
    return Object.fromEntries(LIVE_SETTINGS.map((key) => [key, train[key]])) as LiveSettings;
  }

  #layer(layerIndex: number): HiddenLayerSpec {
    const layer = this.#hidden[layerIndex];
    if (!layer) throw new Error(`hidden layer ${layerIndex + 1} does not exist (there are ${this.#hidden.length})`);
    return layer;
  }

  #buildSpec(): ModelSpec | null {
    const shape = this.#shape();
    if (!shape) return null;
    return {
      inputSize: shape.inputSize,
      hidden: this.#hidden.map((h) => ({ ...h })),
      output: { units: shape.outputSize, activation: shape.task === 'classification' ? 'softmax' : 'linear' },
      init: this.#init,
    };
  }

  #layersAreValid(): boolean {
    return this.#hidden.every((h) => Number.isInteger(h.units) && h.units >= 1);
  }

  #validate(): ConfigErrors {
    const errors: ConfigErrors = {};
    const design = { hidden: this.#hidden, init: this.#init };
    const check = (key: string, ok: boolean, message: string): void => { if (!ok) errors[key] = message; };
    for (const problem of settingProblems('network', design)) errors[studioKey(problem.path)] = problem.message;
    for (const problem of settingProblems('train', this.#train)) errors[problem.path] = problem.message;
    const shape = this.#shape();
    if (shape && this.#layersAreValid()) {
      const count = this.spec ? parameterCount(this.spec) : 0;
      check('parameters', count <= MODEL_LIMITS.maxParameters,
        `the network has ${count.toLocaleString('en-US')} parameters; the limit is ${MODEL_LIMITS.maxParameters.toLocaleString('en-US')}`);
    }
    return errors;
  }
}

/** The table's paths as the studio's field keys: 'hidden.<i>.units' → 'layer.<i>.units', 'hidden.length' → 'layers'. */
function studioKey(path: string): string {
  if (path === 'hidden.length') return 'layers';
  return path.startsWith('hidden.') ? `layer.${path.slice('hidden.'.length)}` : path;
}
