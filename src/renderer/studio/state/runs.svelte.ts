import { setting, type SettingSection } from '../../../engine/settings';
import type { StopReason } from '../../../engine/trainer';
import type { SettingsChange } from '../../../engine/settings-changes';
import type { DataChoicesMessage, Evaluation, NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import type { EpochCurves } from './curves.svelte';

/** Why a run ended: the engine's own type. */
export type { StopReason };

/** One training run as the history keeps it (plain data: it is persisted as JSON). */
export interface RunRecord {
  id: number;
  name: string;
  startedAt: number; // ms since epoch
  dataset: string;
  task: 'classification' | 'regression';
  parameterCount: number;
  layerSizes: number[];
  network: NetworkDesign;
  /** the settings the run started with */
  train: TrainSettingsMessage;
  /** every mid-run change with the step (updates done) it took effect after: with `train`, the run's recipe */
  changes?: SettingsChange[];
  data: DataChoicesMessage;
  curves: EpochCurves | null;
  result: RunResult | null;
  /** the trained model, fetched a moment after the run ends (the newest MODELS_KEPT runs keep theirs) */
  model: RunModel | null;
}

/**
 * A run's model file as the engine wrote it: model JSON as UTF-8 bytes. The page keeps the bytes
 * (a save passes them on as they are) and decodes them only where a parsed model is needed.
 */
export interface RunModel {
  fileName: string;
  json: Uint8Array;
}

export interface RunResult {
  reason: StopReason;
  epochs: number;
  /** accuracy (classification) or R² (regression) on the evaluation split */
  score: number | null;
  loss: number | null;
  split: Evaluation['split'] | null;
}

export interface RunStorage {
  load(): Promise<unknown>;
  save(runs: RunRecord[]): Promise<void>;
}

/** A row of a settings diff between two runs. */
export interface SettingsDifference {
  /** the path in the run record, e.g. "train.optimizer.name", "network.hidden[0].units" */
  setting: string;
  /** what a person reads: the settings table's label, e.g. "optimizer", "layer 1 units" */
  label: string;
  a: string;
  b: string;
}

const SECTIONS: Record<string, SettingSection> = { network: 'network', train: 'train', data: 'data' };

/** "train.optimizer.name" → "optimizer", "network.hidden[1].units" → "layer 2 units", "changes[0].changes.learningRate" → "change 1: learning rate" (the table's labels); other paths as they are. */
export function settingLabel(path: string): string {
  const change = /^changes\[(\d+)\]\.(step|changes\.(.+))$/.exec(path); // a mid-run change: its step, or a setting it set
  if (change) return `change ${Number(change[1]) + 1}: ${change[3] ? settingLabel(`train.${change[3]}`) : 'at step'}`;
  const [prefix, ...rest] = path.split('.');
  const section = SECTIONS[prefix];
  if (!section || rest.length === 0) return path;
  const layer = /^hidden\[(\d+)\]$/.exec(rest[0]);
  const key = layer ? ['hidden', ...rest.slice(1)].join('.') : rest.join('.');
  try {
    const label = setting(section, key).label;
    return layer ? `layer ${Number(layer[1]) + 1} ${label}` : label;
  } catch {
    return path; // not a table setting (e.g. a record field the table does not list)
  }
}

/** How many runs keep their model (the rest keep settings and curves; storage stays small). */
export const MODELS_KEPT = 5;
export const RUNS_KEPT = 50;

/** Flattens nested settings into "optimizer.name" → "adam" rows. */
export function flattenSettings(value: unknown, prefix = ''): Record<string, string> {
  const rows: Record<string, string> = {};
  if (Array.isArray(value)) {
    value.forEach((item, i) => Object.assign(rows, flattenSettings(item, `${prefix}[${i}]`)));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) Object.assign(rows, flattenSettings(item, prefix ? `${prefix}.${key}` : key));
  } else if (prefix) {
    rows[prefix] = String(value);
  }
  return rows;
}

/** The settings that differ between two runs: architecture, training and data choices. */
export function diffRuns(a: RunRecord, b: RunRecord): SettingsDifference[] {
  const flat = (run: RunRecord): Record<string, string> => ({
    ...flattenSettings({ layers: run.layerSizes.join('-') }),
    ...flattenSettings(run.network, 'network'),
    ...flattenSettings(run.train, 'train'),
    ...flattenSettings(run.changes ?? [], 'changes'),
    ...flattenSettings(run.data, 'data'),
    dataset: run.dataset,
  });
  const left = flat(a);
  const right = flat(b);
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return keys.filter((k) => left[k] !== right[k]).map((k) => ({ setting: k, label: settingLabel(k), a: left[k] ?? '—', b: right[k] ?? '—' }));
}

function isRunRecord(value: unknown): value is RunRecord {
  const run = value as RunRecord;
  return typeof value === 'object' && value !== null && typeof run.id === 'number' && typeof run.name === 'string'
    && Array.isArray(run.layerSizes) && typeof run.train === 'object' && typeof run.network === 'object';
}

/** A saved run as this version keeps it: a malformed model is dropped; runs saved before models were bytes kept `modelJson` text. */
function withModel(run: RunRecord & { modelJson?: unknown }): RunRecord {
  const { modelJson, ...rest } = run;
  const model = run.model as Partial<RunModel> | null | undefined;
  if (model && typeof model.fileName === 'string' && model.json instanceof Uint8Array) return { ...rest, model: { fileName: model.fileName, json: model.json } };
  if (typeof modelJson === 'string') return { ...rest, model: { fileName: `${safeFileStem(run.dataset)}.model.json`, json: new TextEncoder().encode(modelJson) } };
  return { ...rest, model: null };
}

function safeFileStem(dataset: unknown): string {
  return String(dataset).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';
}

/**
 * Every run of the session (newest first): settings, curves, final metrics and model. Saved through
 * the host after each change; two runs can be picked to overlay their curves and diff their settings.
 */
export class RunHistory {
  #runs = $state.raw<RunRecord[]>([]);
  #compared = $state.raw<number[]>([]);
  #saveError = $state<string | null>(null);
  readonly #storage: RunStorage;

  constructor(storage: RunStorage) {
    this.#storage = storage;
  }

  get runs(): RunRecord[] { return this.#runs; }
  get compared(): number[] { return this.#compared; }
  get saveError(): string | null { return this.#saveError; }
  comparedRuns = $derived(this.#compared.map((id) => this.#runs.find((r) => r.id === id)).filter((r): r is RunRecord => !!r));
  differences = $derived(this.comparedRuns.length === 2 ? diffRuns(this.comparedRuns[0], this.comparedRuns[1]) : []);
  latest = $derived<RunRecord | null>(this.#runs[0] ?? null);

  /** Reads the saved runs; anything malformed is dropped, not thrown. */
  async load(): Promise<void> {
    try {
      const saved = await this.#storage.load();
      const runs = Array.isArray(saved) ? saved.filter(isRunRecord).map(withModel) : [];
      // runs made before the load finished stay on top
      const ids = new Set(this.#runs.map((r) => r.id));
      this.#runs = [...this.#runs, ...runs.filter((r) => !ids.has(r.id))].slice(0, RUNS_KEPT);
    } catch (error) {
      this.#saveError = `Could not read saved runs: ${(error as Error).message}`;
    }
  }

  /** Records a run as it starts; returns its id. */
  begin(run: Omit<RunRecord, 'id' | 'name' | 'curves' | 'result' | 'model'>): number {
    const id = Math.max(0, ...this.#runs.map((r) => r.id)) + 1;
    const record: RunRecord = { ...structuredClone(run), id, name: `Run ${id}`, curves: null, result: null, model: null };
    this.#runs = [record, ...this.#runs].slice(0, RUNS_KEPT);
    this.#persistSoon();
    return id;
  }

  /** Adds a mid-run change to a run's recipe. */
  recordChange(id: number, change: SettingsChange): void {
    const run = this.find(id);
    if (run) this.#update(id, { changes: [...(run.changes ?? []), structuredClone(change)] });
  }

  finish(id: number, curves: EpochCurves, result: RunResult): void {
    this.#update(id, { curves, result });
  }

  /** Keeps a run's model (its bytes as they arrived: not copied, not decoded). */
  attachModel(id: number, model: RunModel): void {
    this.#update(id, { model });
    // keep the models of the newest runs only
    let kept = 0;
    this.#runs = this.#runs.map((r) => (r.model && ++kept > MODELS_KEPT ? { ...r, model: null } : r));
    this.#persistSoon();
  }

  remove(id: number): void {
    this.#runs = this.#runs.filter((r) => r.id !== id);
    this.#compared = this.#compared.filter((c) => c !== id);
    this.#persistSoon();
  }

  /** Adds a run to the comparison (at most two: the oldest pick drops out) or takes it out. */
  toggleCompared(id: number): void {
    if (this.#compared.includes(id)) this.#compared = this.#compared.filter((c) => c !== id);
    else this.#compared = [...this.#compared, id].slice(-2);
  }

  find(id: number): RunRecord | undefined {
    return this.#runs.find((r) => r.id === id);
  }

  #update(id: number, changes: Partial<RunRecord>): void {
    this.#runs = this.#runs.map((r) => (r.id === id ? { ...r, ...changes } : r));
    this.#persistSoon();
  }

  #saveTimer: ReturnType<typeof setTimeout> | null = null;

  /** Saves in a task of its own (serializing the history is work the run's events need not wait for); changes made meanwhile share one save. */
  #persistSoon(): void {
    this.#saveTimer ??= setTimeout(() => {
      this.#saveTimer = null;
      void this.#persist();
    }, 0);
  }

  async #persist(): Promise<void> {
    try {
      await this.#storage.save(this.#runs);
      this.#saveError = null;
    } catch (error) {
      this.#saveError = `Runs could not be saved: ${(error as Error).message}`;
    }
  }
}
