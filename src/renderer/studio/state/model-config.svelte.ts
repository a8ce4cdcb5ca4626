import { HIDDEN_ACTIVATIONS, type HiddenActivation } from '../../../engine/functions';
import { INIT_SCHEMES, MODEL_LIMITS, parameterCount, type HiddenLayerSpec, type InitScheme, type ModelSpec } from '../../../engine/network';
import { OPTIMIZERS, SCHEDULES, optimizerProblem, type OptimizerName, type OptimizerSpec, type ScheduleName } from '../../../engine/optimizers';
import { defaultTrainSettings, type TrainSettings } from '../../../engine/trainer';
import type { NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';

export { HIDDEN_ACTIVATIONS, INIT_SCHEMES, OPTIMIZERS, SCHEDULES };

/** The protocol's limits on a hidden layer (the engine host rejects anything beyond them). */
export const LAYER_LIMITS = { minLayers: MODEL_LIMITS.minHiddenLayers, maxLayers: MODEL_LIMITS.maxHiddenLayers, maxUnits: 4096, maxDropout: 0.95 };

/** Settings the engine accepts while a run is paused (protocol `updateSettings`). */
export const LIVE_SETTINGS = ['epochs', 'learningRate', 'schedule', 'l1', 'l2', 'clipping', 'earlyStopping'] as const;
export type LiveSettings = Pick<TrainSettingsMessage, (typeof LIVE_SETTINGS)[number]>;

/** What the network's ends look like, from the data. */
export interface DataShape {
  inputSize: number;
  outputSize: number;
  task: 'classification' | 'regression';
}

/** The studio's defaults: the origin's 128-64-32 relu net, Adam at 0.01 (iris trains to ≥ 0.9 with them). */
export const studioTrainDefaults: TrainSettings = { ...structuredClone(defaultTrainSettings), learningRate: 0.01, epochs: 50 };

export function defaultHiddenLayers(): HiddenLayerSpec[] {
  return [128, 64, 32].map((units) => ({ units, activation: 'relu' as HiddenActivation, dropout: 0 }));
}

/** Field key → message. Keys: `layer.<i>.units`, `layer.<i>.dropout`, `learningRate`, `batchSize`, ... */
export type ConfigErrors = Record<string, string>;

/**
 * The user's network design (1–8 hidden layers) and training settings, with validation that names
 * the field, and the parameter count Σ(fanIn·fanOut + fanOut) of the resulting net.
 */
export class ModelConfig {
  #hidden = $state<HiddenLayerSpec[]>(defaultHiddenLayers());
  #init = $state<InitScheme>('auto');
  #train = $state<TrainSettings>(structuredClone(studioTrainDefaults));
  readonly #shape: () => DataShape | null;

  constructor(shape: () => DataShape | null) {
    this.#shape = shape;
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

  addLayer(): void {
    if (!this.canAddLayer) return;
    const last = this.#hidden[this.#hidden.length - 1];
    this.#hidden.push({ units: Math.max(1, Math.round((last?.units ?? 32) / 2)), activation: last?.activation ?? 'relu', dropout: 0 });
  }

  removeLayer(layerIndex: number): void {
    if (!this.canRemoveLayer || layerIndex < 0 || layerIndex >= this.#hidden.length) return;
    this.#hidden.splice(layerIndex, 1);
  }

  setUnits(layerIndex: number, units: number): void { this.#layer(layerIndex).units = units; }
  setActivation(layerIndex: number, activation: HiddenActivation): void { this.#layer(layerIndex).activation = activation; }
  setDropout(layerIndex: number, dropout: number): void { this.#layer(layerIndex).dropout = dropout; }
  setInit(init: InitScheme): void { this.#init = init; }

  setLearningRate(learningRate: number): void { this.#train.learningRate = learningRate; }
  setBatchSize(batchSize: number): void { this.#train.batchSize = batchSize; }
  setEpochs(epochs: number): void { this.#train.epochs = epochs; }
  setSeed(seed: number): void { this.#train.seed = seed; }
  setOptimizer(name: OptimizerName): void { this.#train.optimizer.name = name; }
  setMomentum(momentum: number): void { this.#train.optimizer.momentum = momentum; }
  /** One hyperparameter of the optimizer (the fields its registry entry `uses`). */
  setOptimizerValue<K extends Exclude<keyof OptimizerSpec, 'name'>>(key: K, value: OptimizerSpec[K]): void { this.#train.optimizer[key] = value; }
  setSchedule(name: ScheduleName): void { this.#train.schedule.name = name; }
  setScheduleStep(stepEvery: number, gamma: number): void {
    this.#train.schedule.stepEvery = stepEvery;
    this.#train.schedule.gamma = gamma;
  }
  setL1(l1: number): void { this.#train.l1 = l1; }
  setL2(l2: number): void { this.#train.l2 = l2; }
  setClipping(mode: TrainSettings['clipping']['mode'], threshold: number): void { this.#train.clipping = { mode, threshold }; }
  setEarlyStopping(patience: number, minDelta: number): void { this.#train.earlyStopping = { patience, minDelta }; }

  /** Replaces everything (a run's settings loaded back from the history). */
  restore(network: NetworkDesign, train: TrainSettingsMessage): void {
    this.#hidden = structuredClone(network.hidden);
    this.#init = network.init;
    this.#train = structuredClone(train);
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
    return { epochs: train.epochs, learningRate: train.learningRate, schedule: train.schedule, l1: train.l1, l2: train.l2,
      clipping: train.clipping, earlyStopping: train.earlyStopping };
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
    const t = this.#train;
    const check = (key: string, ok: boolean, message: string): void => { if (!ok) errors[key] = message; };
    const isInt = (x: number): boolean => Number.isInteger(x);

    check('layers', this.#hidden.length >= LAYER_LIMITS.minLayers && this.#hidden.length <= LAYER_LIMITS.maxLayers,
      `use ${LAYER_LIMITS.minLayers} to ${LAYER_LIMITS.maxLayers} hidden layers, not ${this.#hidden.length}`);
    this.#hidden.forEach((h, i) => {
      check(`layer.${i}.units`, isInt(h.units) && h.units >= 1 && h.units <= LAYER_LIMITS.maxUnits,
        `layer ${i + 1}: units must be a whole number from 1 to ${LAYER_LIMITS.maxUnits}`);
      check(`layer.${i}.dropout`, h.dropout >= 0 && h.dropout <= LAYER_LIMITS.maxDropout,
        `layer ${i + 1}: dropout must be from 0 to ${LAYER_LIMITS.maxDropout}`);
      check(`layer.${i}.activation`, (HIDDEN_ACTIVATIONS as readonly string[]).includes(h.activation),
        `layer ${i + 1}: unknown activation "${h.activation}"`);
    });
    check('learningRate', Number.isFinite(t.learningRate) && t.learningRate > 0 && t.learningRate <= 1000,
      'learning rate must be above 0 and at most 1000');
    check('batchSize', isInt(t.batchSize) && t.batchSize >= 1 && t.batchSize <= 65_536, 'batch size must be a whole number from 1 to 65,536');
    check('epochs', isInt(t.epochs) && t.epochs >= 1 && t.epochs <= 100_000, 'epochs must be a whole number from 1 to 100,000');
    check('seed', isInt(t.seed), 'seed must be a whole number');
    check('l1', Number.isFinite(t.l1) && t.l1 >= 0, 'L1 must be 0 or more');
    check('l2', Number.isFinite(t.l2) && t.l2 >= 0, 'L2 must be 0 or more');
    check('momentum', t.optimizer.momentum >= 0 && t.optimizer.momentum < 1, 'momentum must be from 0 to just under 1');
    const optimizerError = optimizerProblem(t.optimizer);
    check('optimizer', optimizerError === null, optimizerError ?? '');
    check('clipping', t.clipping.mode === 'none' || (Number.isFinite(t.clipping.threshold) && t.clipping.threshold > 0),
      'clipping threshold must be above 0');
    check('schedule', isInt(t.schedule.stepEvery) && t.schedule.stepEvery >= 1 && t.schedule.gamma > 0 && t.schedule.gamma <= 1,
      'step schedule: every ≥ 1 epoch, factor in (0, 1]');
    check('earlyStopping', isInt(t.earlyStopping.patience) && t.earlyStopping.patience >= 0 && t.earlyStopping.minDelta >= 0,
      'patience must be a whole number ≥ 0 (0 = off) and min. improvement ≥ 0');
    const shape = this.#shape();
    if (shape && this.#layersAreValid()) {
      const count = this.spec ? parameterCount(this.spec) : 0;
      check('parameters', count <= MODEL_LIMITS.maxParameters,
        `the network has ${count.toLocaleString('en-US')} parameters; the limit is ${MODEL_LIMITS.maxParameters.toLocaleString('en-US')}`);
    }
    return errors;
  }
}
