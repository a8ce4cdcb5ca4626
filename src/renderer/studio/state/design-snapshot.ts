/**
 * The studio's whole design and data choices as plain, JSON-safe data, and applying such a snapshot back.
 *
 * API (kept small and stable: the undo history and the "remembered work" store both use it):
 *  - `captureDesign(studio)` → `DesignSnapshot` (version, network design, training settings, data choices);
 *  - `applyDesign(studio, snapshot, { paths?, exact? })` → `{ applied, dropped }`: every value is checked
 *    against the settings table (and the loaded dataset's columns) on its own, so a stale or foreign
 *    snapshot applies what still fits and names what it dropped; `paths` limits it to some `designPaths()`;
 *    `exact` (the studio's own snapshot, as undo has) puts back a value the user had even when it was out of
 *    range (its field shows the error again), checking only that it is there;
 *  - `changedPaths(a, b)`: the paths whose values differ between two snapshots.
 * Applying records nothing in the undo history (it is how undo itself works).
 */
import { checkSetting, settingsOf, setAt, valueAt } from '../../../engine/settings-values';
import { setting, type Setting } from '../../../engine/settings';
import type { HiddenLayerSpec } from '../../../engine/network';
import type { DataChoicesMessage, NetworkDesign, TrainSettingsMessage } from '../../../shared/protocol';
import type { DatasetState } from './dataset.svelte';
import type { ModelConfig } from './model-config.svelte';

/** The snapshot format's version; a reader of an older or newer one still applies the values that fit. */
export const DESIGN_SNAPSHOT_VERSION = 1;

/** The data choices and the dataset they were made on (its name and column names). */
export interface DataDesign {
  dataset: string;
  columns: string[];
  choices: Required<DataChoicesMessage>;
}

/** Everything the user designed: the network, the training settings and the data choices (null before any data). */
export interface DesignSnapshot {
  version: number;
  network: NetworkDesign;
  train: TrainSettingsMessage;
  data: DataDesign | null;
}

/** The parts of the studio that hold the design (a Studio has both). */
export interface DesignHolder {
  readonly model: ModelConfig;
  readonly dataset: DatasetState;
}

/** What applying did: the paths set, and each value left out with the reason ("learning rate must be …"). */
export interface ApplyReport {
  applied: string[];
  dropped: string[];
}

/** A report being written, and whether values go back as they were (unchecked against their ranges). */
type Work = ApplyReport & { exact: boolean };

/** A deep copy with nothing but JSON values (Svelte proxies and undefined fields gone). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The snapshot of the studio's current design and data choices. */
export function captureDesign(studio: DesignHolder): DesignSnapshot {
  const { network, train } = studio.model.toConfigure();
  const { info, choices } = studio.dataset;
  const data = info && choices ? { dataset: info.name, columns: info.columns.map((c) => c.name), choices } : null;
  return plain({ version: DESIGN_SNAPSHOT_VERSION, network, train, data });
}

const trainEntries = (): Setting[] => settingsOf('train');
const dataEntries = (): Setting[] => settingsOf('data');

/** Every path a snapshot holds: the hidden layers as one, the init, each training setting and each data choice. */
export function designPaths(): string[] {
  return ['network.hidden', 'network.init', ...trainEntries().map((e) => `train.${e.key}`), ...dataEntries().map((e) => `data.${e.key}`)];
}

/** The value of one of `designPaths()` in a snapshot (undefined where it has none). */
export function valueOfPath(snapshot: DesignSnapshot, path: string): unknown {
  if (path.startsWith('data.')) return snapshot.data ? valueAt(snapshot.data.choices, path.slice('data.'.length)) : undefined;
  return valueAt(snapshot, path);
}

/** The paths whose values differ between two snapshots, in `designPaths()` order. */
export function changedPaths(before: DesignSnapshot, after: DesignSnapshot): string[] {
  return designPaths().filter((path) => JSON.stringify(valueOfPath(before, path)) !== JSON.stringify(valueOfPath(after, path)));
}

/**
 * Sets the studio's design from a snapshot (the paths given, else all): each value the settings table
 * accepts is applied; a wrong or missing one keeps the current value and is named in `dropped`.
 */
export function applyDesign(studio: DesignHolder, snapshot: unknown, options: { paths?: readonly string[]; exact?: boolean } = {}): ApplyReport {
  const report: Work = { applied: [], dropped: [], exact: options.exact === true };
  if (snapshot === null || typeof snapshot !== 'object') {
    report.dropped.push('everything: not a design snapshot');
    return report;
  }
  const source = snapshot as Partial<Record<keyof DesignSnapshot, unknown>>;
  const wanted = new Set(options.paths ?? designPaths());
  applyModel(studio.model, source, wanted, report);
  if (designPaths().some((path) => path.startsWith('data.') && wanted.has(path))) applyData(studio.dataset, source.data, wanted, report);
  return { applied: report.applied, dropped: report.dropped };
}

/** The network and training parts: checked value by value, then set in one `restore`. */
function applyModel(model: ModelConfig, source: Partial<Record<keyof DesignSnapshot, unknown>>, wanted: Set<string>, report: Work): void {
  const current = model.toConfigure();
  const network: NetworkDesign = plain(current.network);
  const train = plain(current.train) as unknown as Record<string, unknown>;
  if (wanted.has('network.hidden')) {
    const hidden = checkedLayers(valueAt(source.network, 'hidden'), report);
    if (hidden) network.hidden = hidden;
  }
  if (wanted.has('network.init')) {
    const init = valueAt(source.network, 'init');
    if (take(setting('network', 'init'), init, 'network.init', report)) network.init = init as NetworkDesign['init'];
  }
  for (const entry of trainEntries()) {
    const path = `train.${entry.key}`;
    if (!wanted.has(path)) continue;
    const value = valueAt(source.train, entry.key);
    if (take(entry, value, path, report)) setAt(train, entry.key, plain(value));
  }
  model.restore(network, train as unknown as TrainSettingsMessage);
}

/** Whether a value fits its table entry; a misfit (or a missing value) is reported as dropped. */
function take(entry: Setting, value: unknown, path: string, report: Work): boolean {
  const problem = value === undefined ? `${entry.label}: missing from the snapshot` : report.exact ? null : checkSetting(entry, value);
  if (problem) report.dropped.push(problem);
  else report.applied.push(path);
  return problem === null;
}

/** The hidden layers, when their count and every layer's fields fit the table; else null (and why). */
function checkedLayers(value: unknown, report: Work): HiddenLayerSpec[] | null {
  const count = setting('network', 'hidden.length');
  const problem = !Array.isArray(value) ? `${count.label}: missing from the snapshot` : checkSetting(count, value.length);
  if (problem || !Array.isArray(value)) {
    report.dropped.push(problem ?? 'hidden layers');
    return null;
  }
  const fields = settingsOf('network').filter((e) => e.perLayer);
  const problems = report.exact ? [] : value.flatMap((layer, i) => fields.map((e) => checkSetting(e, valueAt(layer, e.key.slice('hidden.'.length))))
    .filter((p): p is string => p !== null).map((p) => `hidden layer ${i + 1}: ${p}`));
  if (problems.length > 0) {
    report.dropped.push(...problems);
    return null;
  }
  report.applied.push('network.hidden');
  return value.map((layer) => Object.fromEntries(fields.map((e) => [e.key.slice('hidden.'.length), valueAt(layer, e.key.slice('hidden.'.length))]))) as unknown as HiddenLayerSpec[];
}

/** The data choices that fit the loaded dataset (its columns) and the table; only those that differ are sent. */
function applyData(dataset: DatasetState, value: unknown, wanted: Set<string>, report: Work): void {
  const current = dataset.choices;
  const choices = valueAt(value, 'choices');
  if (!current || !dataset.info) {
    if (choices !== undefined) report.dropped.push('data choices: no dataset is loaded');
    return;
  }
  if (choices === null || typeof choices !== 'object') {
    report.dropped.push('data choices: missing from the snapshot');
    return;
  }
  const columns = new Set(dataset.info.columns.map((c) => c.name));
  const changes: Record<string, unknown> = {};
  for (const entry of dataEntries()) {
    const path = `data.${entry.key}`;
    let given = valueAt(choices, entry.key);
    if (!wanted.has(path)) continue;
    if (entry.key === 'target' && typeof given === 'string' && !columns.has(given)) {
      report.dropped.push(`target: the dataset has no column "${given}"`);
      continue;
    }
    if (entry.key === 'excluded' && Array.isArray(given)) given = keptColumns(given, columns, report);
    if (!take(entry, given, path, report)) continue;
    if (JSON.stringify(given) !== JSON.stringify(valueAt(current, entry.key))) changes[entry.key] = plain(given);
  }
  // a column cannot be both the target and excluded
  const target = (changes.target ?? current.target) as string;
  const excluded = ((changes.excluded ?? current.excluded) as string[]).filter((name) => name !== target);
  if (JSON.stringify(excluded) !== JSON.stringify(current.excluded)) changes.excluded = excluded;
  else delete changes.excluded;
  if (Object.keys(changes).length > 0) dataset.applyChoices(changes as DataChoicesMessage);
}

/** The excluded names the dataset has; the others are reported. */
function keptColumns(names: unknown[], columns: Set<string>, report: Work): unknown[] {
  const missing = names.filter((name) => typeof name === 'string' && !columns.has(name));
  if (missing.length > 0) report.dropped.push(`excluded columns: the dataset has no column ${missing.map((m) => `"${String(m)}"`).join(', ')}`);
  return names.filter((name) => !missing.includes(name));
}
