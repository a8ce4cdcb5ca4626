import type { DataChoicesMessage, DatasetInfo } from '../../../shared/protocol';
import { setting } from '../../../engine/settings';
import { noRecorder, type Recorder } from './history.svelte';

export type DatasetColumn = DatasetInfo['columns'][number];
export type DatasetWarning = DatasetInfo['warnings'][number];
type Choices = DatasetInfo['choices'];

/**
 * The loaded dataset as the engine described it, and the user's choices about it (target, excluded
 * columns, task, scaling, split). A choice is shown at once (optimistic) and sent to the engine, whose
 * next `datasetInfo` replaces it. A failed load leaves the previous dataset in place.
 */
export class DatasetState {
  #info = $state.raw<DatasetInfo | null>(null);
  /** choices the user made that the engine has not answered yet */
  #pending = $state.raw<DataChoicesMessage>({});
  #loadingName = $state<string | null>(null);
  readonly #sendChoices: (choices: DataChoicesMessage) => void;
  /** every user choice goes through it, named, so the undo history can keep it */
  readonly #record: Recorder;

  constructor(sendChoices: (choices: DataChoicesMessage) => void, record: Recorder = noRecorder) {
    this.#sendChoices = sendChoices;
    this.#record = record;
  }

  get info(): DatasetInfo | null { return this.#info; }
  get loadingName(): string | null { return this.#loadingName; }
  isLoaded = $derived(this.#info !== null);
  isLoading = $derived(this.#loadingName !== null);
  /** the engine's choices with the user's unanswered ones on top */
  choices = $derived<Choices | null>(this.#info ? { ...this.#info.choices, ...this.#pending } as Choices : null);
  columns = $derived<DatasetColumn[]>(this.#info?.columns ?? []);
  /** raw columns the network reads: all but the target and the excluded */
  featureColumns = $derived<DatasetColumn[]>(
    this.columns.filter((c) => c.name !== this.choices?.target && !this.choices?.excluded.includes(c.name)),
  );
  summary = $derived(this.#summarize());
  /** what is wrong with the current choices, in words; null when they can be trained on */
  problem = $derived(this.#findProblem());

  /** Marks a load as started (the name shows while the engine parses). */
  beginLoad(name: string): void { this.#loadingName = name; }

  /** A load failed: the previous dataset stays. */
  failLoad(): void { this.#loadingName = null; this.#pending = {}; }

  /** The engine refused the user's choices: the engine's own show again. */
  dropPendingChoices(): void { this.#pending = {}; }

  /** The engine's description of the dataset (after a load or a change of choices). */
  receive(info: DatasetInfo): void {
    this.#info = info;
    this.#pending = {};
    this.#loadingName = null;
  }

  setTarget(name: string): void {
    if (!this.#hasColumn(name) || name === this.choices?.target) return;
    // a column cannot be both the target and excluded
    const excluded = (this.choices?.excluded ?? []).filter((c) => c !== name);
    this.#record(`target ${name}`, () => this.#change({ target: name, excluded, task: 'auto' }));
  }

  setExcluded(name: string, isExcluded: boolean): void {
    const choices = this.choices;
    if (!choices || !this.#hasColumn(name) || name === choices.target) return;
    const others = choices.excluded.filter((c) => c !== name);
    this.#record(`${isExcluded ? 'exclude' : 'use'} column ${name}`, () => this.#change({ excluded: isExcluded ? [...others, name] : others }));
  }

  setTask(task: Choices['task']): void { this.#choose('task', { task }); }
  setScaling(scaling: Choices['scaling']): void { this.#choose('scaling', { scaling }); }
  setImputation(imputation: Choices['imputation']): void { this.#choose('imputation', { imputation }); }

  /** Validation and test fractions; together they leave at least 10% for training. */
  setSplit(validationFraction: number, testFraction: number): void {
    const clamp = (x: number): number => Math.min(0.9, Math.max(0, Math.round(x * 100) / 100));
    let validation = clamp(validationFraction);
    let test = clamp(testFraction);
    if (validation + test > 0.9) {
      // keep the fraction the user just moved, shrink the other
      if (validation !== this.choices?.validationFraction) test = Math.round((0.9 - validation) * 100) / 100;
      else validation = Math.round((0.9 - test) * 100) / 100;
    }
    this.#record('split', () => this.#change({ validationFraction: validation, testFraction: test }));
  }

  applyFix(warning: DatasetWarning): void {
    const fix = warning.fix;
    if (fix && Object.keys(fix.changes).length > 0) this.#record(`fix “${fix.label}”`, () => this.#change(fix.changes));
  }

  /** Several choices at once, unchecked and unrecorded (a design snapshot applied: undo, or remembered work). */
  applyChoices(changes: DataChoicesMessage): void { this.#change(changes); }

  /** One choice, named by the settings table ("scaling"). */
  #choose(key: keyof Choices, changes: DataChoicesMessage): void {
    this.#record(setting('data', key).label, () => this.#change(changes));
  }

  #change(changes: DataChoicesMessage): void {
    if (!this.#info) return;
    this.#pending = { ...this.#pending, ...changes };
    this.#sendChoices(changes);
  }

  #hasColumn(name: string): boolean {
    return this.columns.some((c) => c.name === name);
  }

  #summarize(): string {
    const info = this.#info;
    if (!info) return 'no dataset';
    const task = info.task === 'classification' ? `classification (${info.classes?.length ?? 0} classes)` : 'regression';
    return `${info.name} · ${info.rows.toLocaleString('en-US')} rows · ${task} · target ${info.choices.target} · ${info.columns.length} columns`;
  }

  #findProblem(): string | null {
    const info = this.#info;
    if (!info) return 'Load a dataset first.';
    if (this.featureColumns.length === 0) return 'Every input column is excluded: include at least one.';
    if (info.split.train < 1) return 'The training split is empty: lower the validation or test fraction.';
    return null;
  }
}
