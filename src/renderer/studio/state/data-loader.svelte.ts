import type { DataChoicesMessage, DatasetInfo, DatasetSource } from '../../../shared/protocol';
import type { Host, SampleName, SendRequest } from '../../host/types';
import type { DatasetState } from './dataset.svelte';
import { sentence, type StudioErrors } from './errors.svelte';

/** Choices a sample needs beyond the defaults (MNIST's label is its first column, not its last). */
const SAMPLE_CHOICES: Partial<Record<SampleName, DataChoicesMessage>> = {
  mnist: { target: 'label' },
};

export interface DataLoaderParts {
  host: Host;
  request: SendRequest;
  dataset: DatasetState;
  errors: StudioErrors;
  /** a load stops the run in progress first */
  stopRun: () => void;
  /** the engine holds new data (a new file, or new choices) and dropped its model: results made with it go */
  onDataset: () => void;
  /**
   * Hears each load just before it is sent (the source still whole: its bytes are transferred to the
   * engine right after) and, through the function it returns, the engine's description once it loaded.
   */
  watchLoad?: (load: LoadStart) => ((info: DatasetInfo) => void) | void;
}

/** A load about to be sent: its name, its source, and the sample it is (null for the user's file). */
export interface LoadStart {
  name: string;
  source: DatasetSource;
  sample: SampleName | null;
}

/**
 * Getting data into the engine: samples, the host's dialog, a dropped or picked file, a recent file,
 * and the user's data choices. Each load is one request; its answer describes the data, its error
 * names the line, and a load that failed on a bad row can be run again skipping such rows.
 */
export class DataLoader {
  #recentFiles = $state.raw<string[]>([]);
  readonly #parts: DataLoaderParts;
  /** counts loads begun: one whose source comes after a newer load began is dropped, not sent */
  #loadsBegun = 0;

  constructor(parts: DataLoaderParts) {
    this.#parts = parts;
  }

  get recentFiles(): string[] { return this.#recentFiles; }

  async openSample(name: SampleName): Promise<void> {
    const sample = this.#parts.host.samples().find((s) => s.name === name);
    await this.#load(sampleDatasetName(sample?.file ?? name), () => this.#parts.host.sampleSource(name), SAMPLE_CHOICES[name], name);
  }

  /** A source the host kept or chose (the remembered last dataset, File › Open Recent); true when the engine loaded it. */
  async openKept(name: string, source: DatasetSource, choices?: DataChoicesMessage): Promise<boolean> {
    const before = this.#parts.dataset.info;
    // bytes are transferred to the engine: a retry (skipping bad rows) sends a copy of its own
    await this.#load(name, async () => (source.kind === 'bytes' ? { ...source, bytes: source.bytes.slice() } : source), choices);
    return this.#parts.dataset.info !== before;
  }

  /** The host's own dialog (Electron) or file picker. */
  async openCsvDialog(): Promise<void> {
    const source = await this.#parts.errors.attempt(() => this.#parts.host.openCsv());
    if (source) await this.#load(sourceName(source), async () => source);
  }

  /** A file from the page's file input or a drop. */
  async openFile(file: File): Promise<void> {
    await this.#load(file.name, () => this.#parts.host.sourceFromFile(file));
  }

  async openRecent(path: string): Promise<void> {
    await this.#load(path.split(/[\\/]/).pop() ?? path, async () => ({ kind: 'path', path }));
  }

  async loadRecentFiles(): Promise<void> {
    const recent = await this.#parts.errors.attempt(() => this.#parts.host.recentFiles());
    if (recent) this.#recentFiles = recent;
  }

  /** The user's data choices (shown at once by the dataset); the engine's answer describes the data anew. */
  async changeChoices(choices: DataChoicesMessage): Promise<void> {
    const { request, dataset, errors, onDataset } = this.#parts;
    try {
      const { info } = await request({ type: 'setDataChoices', choices });
      dataset.receive(info);
      onDataset();
    } catch (error) {
      dataset.dropPendingChoices();
      errors.reportFailure(error, (message) => `Could not apply the data choices: ${message}`);
    }
  }

  /** Loads a source (made anew on a retry: its bytes were transferred); the previous dataset stays when it fails. */
  async #load(name: string, source: () => Promise<DatasetSource>, choices?: DataChoicesMessage, sample: SampleName | null = null): Promise<void> {
    const { request, dataset, errors, onDataset, stopRun } = this.#parts;
    stopRun();
    dataset.beginLoad(name);
    const load = ++this.#loadsBegun;
    const resolved = await errors.attempt(source);
    // a newer load began while this source was read (a file dropped while the start-up sample was fetched):
    // the newer one wins; sent now, this one would reach the engine after it and replace it
    if (load !== this.#loadsBegun) return;
    if (!resolved) {
      dataset.failLoad();
      return;
    }
    const loaded = this.#parts.watchLoad?.({ name, source: resolved, sample });
    try {
      const { info } = await request({ type: 'loadDataset', source: resolved, ...(choices ? { choices } : {}) });
      dataset.receive(info);
      errors.clearDataErrors();
      onDataset();
      loaded?.(info);
    } catch (error) {
      dataset.failLoad();
      const kept = dataset.info ? ` ${dataset.info.name} stays loaded.` : '';
      errors.reportFailure(error, (message) => `Could not load ${name}: ${sentence(message, kept)}`,
        (problem) => (problem.line !== null && choices?.badRows !== 'skip' ? () => this.#load(name, source, { ...choices, badRows: 'skip' }) : undefined));
    }
  }
}

/** The name a sample's dataset is known by once loaded: "mnist-10k.csv.gz" → "mnist-10k.csv". */
export function sampleDatasetName(file: string): string {
  return file.replace(/\.gz$/i, '');
}

function sourceName(source: DatasetSource): string {
  return source.kind === 'path' ? source.path.split(/[\\/]/).pop() ?? source.path : source.name;
}

const rowsWord = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;

/**
 * What the data panel says about rows that did not make it in, each row counted once under its reason:
 * "2 bad rows skipped (1 malformed, 1 with a cell that is not a number)", "6 rows without a target value
 * were left out", "3 rows with missing values dropped". An engine without the breakdown gives the total.
 */
export function rowsLeftOutNotes(info: Pick<DatasetInfo, 'skippedRows' | 'rowsLeftOut'>): string[] {
  const left = info.rowsLeftOut;
  if (!left) return info.skippedRows > 0 ? [`${rowsWord(info.skippedRows)} left out`] : [];
  const notes: string[] = [];
  const bad = left.malformed + left.badCells;
  if (bad > 0) {
    const why = [left.malformed > 0 ? `${left.malformed.toLocaleString('en-US')} malformed` : '', left.badCells > 0 ? `${left.badCells.toLocaleString('en-US')} with a cell that does not read` : ''].filter(Boolean);
    notes.push(`${bad.toLocaleString('en-US')} bad ${bad === 1 ? 'row' : 'rows'} skipped (${why.join(', ')})`);
  }
  if (left.missingTarget > 0) notes.push(`${rowsWord(left.missingTarget)} without a target value ${left.missingTarget === 1 ? 'was' : 'were'} left out`);
  if (left.missingValues > 0) notes.push(`${rowsWord(left.missingValues)} with missing values dropped`);
  if (left.unknownClass > 0) notes.push(`${rowsWord(left.unknownClass)} with a class the model does not know left out`);
  return notes;
}
