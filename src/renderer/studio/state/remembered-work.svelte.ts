import type { DatasetSource } from '../../../shared/protocol';
import type { Host, KeptDataset } from '../../host/types';
import type { DataLoader, LoadStart } from './data-loader.svelte';
import { applyDesign, captureDesign, changedPaths, type DesignHolder, type DesignSnapshot } from './design-snapshot';
import { ModelConfig } from './model-config.svelte';
import { emptyWork, memoryOf, readWork, refName, withFile, WORK_RECORD_VERSION, type DatasetRef, type WorkRecord } from './work-record';

/** What RememberedWork needs: the host's storage, the studio's design, the loader, and when to save. */
export interface RememberedWorkParts {
  host: Host;
  /** the studio's design (model and dataset) */
  studio: DesignHolder;
  loader: DataLoader;
  /** runs a save a little later (a burst of changes is written once) */
  schedule: (save: () => void) => void;
  /** hands over `flush`, to run when the page goes away (a reload within the delay keeps the last change) */
  onLeave?: (flush: () => void) => void;
  /** a save the host refused (a full storage): said once */
  onSaveFailed: (error: unknown) => void;
}

/**
 * Remembered work: the last dataset with its design and data choices, brought back at start with a
 * one-line note and a way to start fresh, and the design last used with each recent file, brought back
 * when the same file (same name and SHA-256) is loaded again. What is saved names the dataset it was
 * made on: a change is never saved under another file's name.
 */
export class RememberedWork {
  #note = $state<string | null>(null);
  #canStartFresh = $state(false);
  #work: WorkRecord = emptyWork();
  /** the loaded dataset, once known (its identity hashed, its remembered design applied); null: nothing is saved */
  #current: DatasetRef | null = null;
  /** the restore's own load: its identity is known, its design is applied by the restore */
  #restoreLoad: DatasetRef | null = null;
  #latest: DesignSnapshot | null = null;
  #isSaveScheduled = false;
  /** the note describes the data on screen ("Restored …"): the next dataset takes it away */
  #isNoteAboutData = false;
  #hasReportedSaveFailure = false;
  readonly #parts: RememberedWorkParts;

  constructor(parts: RememberedWorkParts) {
    this.#parts = parts;
    parts.onLeave?.(() => this.flush());
  }

  /** Saves a scheduled change now (the page is going away). */
  flush(): void {
    if (!this.#isSaveScheduled) return;
    this.#isSaveScheduled = false;
    void this.#save();
  }

  /** "Restored penguins.csv, target species, 3 layers", or why the last dataset did not come back; null when there is nothing to say. */
  get note(): string | null { return this.#note; }
  /** the note offers "Start fresh" (something was restored) */
  get canStartFresh(): boolean { return this.#canStartFresh; }

  dismissNote(): void {
    this.#note = null;
    this.#canStartFresh = false;
    this.#isNoteAboutData = false;
  }

  /** A note about the data on screen. */
  #tell(note: string, canStartFresh: boolean): void {
    this.#note = note;
    this.#canStartFresh = canStartFresh;
    this.#isNoteAboutData = true;
  }

  /** The loader's watchLoad: a load about to be sent; the function returned hears that it succeeded. */
  readonly watchLoad = (load: LoadStart): (() => void) => {
    const restored = this.#restoreLoad;
    this.#restoreLoad = null;
    if (restored) return () => undefined; // the restore sets #current after applying its design
    const identifying = load.sample ? Promise.resolve<DatasetRef>({ kind: 'sample', sample: load.sample, name: load.name }) : this.#keep(load.source);
    return () => void this.#loaded(identifying, load.sample === null);
  };

  /** The design changed (or a dataset arrived): saved a little later under the current dataset. */
  designChanged(snapshot: DesignSnapshot): void {
    this.#latest = snapshot;
    if (this.#isSaveScheduled || this.#current === null) return;
    this.#isSaveScheduled = true;
    this.#parts.schedule(() => this.flush());
  }

  /**
   * At start: reads the remembered work and loads the last dataset with its design. False when the caller
   * should open the sample: nothing was loaded (the note then says why, when there is a reason) and the
   * user did not choose a dataset meanwhile (theirs is never replaced).
   */
  async restore(): Promise<boolean> {
    const stored = await this.#parts.host.loadUserData('work').then((value) => ({ value }), (error: unknown) => ({ error }));
    if (this.#hasUserData()) return true;
    const { work, problem } = 'error' in stored ? { work: emptyWork(), problem: `it could not be read (${String((stored.error as Error)?.message ?? stored.error)})` } : readWork(stored.value);
    this.#work = work;
    if (problem) this.#note = `The remembered work was ignored: ${problem}.`;
    const last = work.last;
    if (!last) return false;
    const isRestored = await (last.dataset.kind === 'sample' ? this.#restoreSample(last.dataset, last.design) : this.#restoreFile(last.dataset, last.design));
    return isRestored || this.#hasUserData();
  }

  /** The user opened a dataset while the start was still reading (a sample picked at once). */
  #hasUserData(): boolean {
    const { dataset } = this.#parts.studio;
    return dataset.isLoaded || dataset.isLoading;
  }

  /**
   * Start fresh: the last dataset and the last trained settings are forgotten (the per-file memory stays)
   * and the sample opens with the default design.
   */
  async startFresh(): Promise<void> {
    this.dismissNote();
    this.#current = null;
    this.#work = { ...this.#work, last: null };
    await this.#write();
    await this.#parts.host.forgetDataset?.().catch(() => undefined);
    await this.#parts.host.saveUserData('settings', null).catch(() => undefined);
    const defaults = new ModelConfig(() => null).toConfigure();
    this.#parts.studio.model.restore(defaults.network, defaults.train);
    await this.#parts.loader.openSample('iris');
  }

  async #restoreSample(ref: Extract<DatasetRef, { kind: 'sample' }>, design: DesignSnapshot): Promise<boolean> {
    this.#restoreLoad = ref;
    await this.#parts.loader.openSample(ref.sample);
    if (this.#parts.studio.dataset.info?.name !== ref.name) return this.#notRestored(`${ref.name} could not be loaded again`);
    const fresh = captureDesign(this.#parts.studio);
    this.#applyRestored(ref, design);
    // the sample as a fresh start shows it: nothing to tell
    if (changedPaths(fresh, captureDesign(this.#parts.studio)).length === 0) this.dismissNote();
    return true;
  }

  async #restoreFile(ref: Extract<DatasetRef, { kind: 'file' }>, design: DesignSnapshot): Promise<boolean> {
    const name = ref.identity.name;
    if (!ref.isKept) return this.#notRestored(`${name} was not kept (${ref.reason ?? 'the app could not keep it'})`, true);
    const reopened = await (this.#parts.host.reopenDataset?.() ?? Promise.resolve({ status: 'none' as const })).catch(() => ({ status: 'none' as const }));
    if (this.#hasUserData()) return false; // the user's choice stays
    if (reopened.status === 'refused') return this.#notRestored(reopened.reason, true);
    if (reopened.status === 'none') return this.#notRestored(`${name} is no longer kept`, true);
    const { identity } = reopened;
    // the kept file may be newer than the record (a save that did not happen): its own remembered design then
    const known = identity.sha256 === ref.identity.sha256 && identity.name === name ? design : memoryOf(this.#work.files, identity)?.design ?? null;
    const current: DatasetRef = { kind: 'file', identity, isKept: true, reason: null };
    this.#restoreLoad = current;
    // a file that loaded only with its bad rows skipped is loaded so again (the engine refuses it otherwise)
    const choices = known?.data?.choices.badRows === 'skip' ? { badRows: 'skip' as const } : undefined;
    if (!(await this.#parts.loader.openKept(identity.name, reopened.source, choices))) return this.#notRestored(`${identity.name} could not be loaded again`);
    this.#applyRestored(current, known);
    return true;
  }

  /** Applies the restored design (none: the file's own defaults), says what came back, and starts saving under this dataset. */
  #applyRestored(ref: DatasetRef, design: DesignSnapshot | null): void {
    const { dropped } = design ? applyDesign(this.#parts.studio, design) : { dropped: [] };
    this.#current = ref;
    this.#tell(`Restored ${this.#describe(refName(ref))}${dropped.length > 0 ? ` (${dropped.length} setting${dropped.length === 1 ? '' : 's'} no longer fit and kept their defaults)` : ''}`, true);
    void this.#save(captureDesign(this.#parts.studio));
  }

  /** "penguins.csv, target species, 3 layers" from the studio as it now stands. */
  #describe(name: string): string {
    const target = this.#parts.studio.dataset.choices?.target;
    const layers = this.#parts.studio.model.hidden.length;
    return `${name}${target ? `, target ${target}` : ''}, ${layers} layer${layers === 1 ? '' : 's'}`;
  }

  /** Nothing was loaded: the note says why; a file's choices come back when the user opens it again. */
  #notRestored(reason: string, choicesKept = false): false {
    this.#restoreLoad = null;
    this.#note = `${reason}${choicesKept ? '; open it again and its target and choices come back' : ''}.`;
    return false;
  }

  /** The host keeps a file about to be loaded (it reads the bytes now, before they are transferred). */
  #keep(source: DatasetSource): Promise<DatasetRef | null> {
    const keeping = this.#parts.host.keepDataset?.(source) ?? Promise.resolve(null);
    return keeping.then((kept: KeptDataset | null) => (kept ? { kind: 'file' as const, ...kept } : null), () => null);
  }

  /** A load succeeded: a file the user used before gets its design back; from now on changes are saved under it. */
  async #loaded(identifying: Promise<DatasetRef | null>, isFile: boolean): Promise<void> {
    const ref = await identifying;
    if (ref && this.#parts.studio.dataset.info?.name !== refName(ref)) return; // another load came after it
    if (ref?.kind === 'file' && isFile) {
      const memory = memoryOf(this.#work.files, ref.identity);
      if (memory) {
        const { dropped } = applyDesign(this.#parts.studio, memory.design);
        this.#tell(`Restored the choices you made for ${this.#describe(ref.identity.name)}${dropped.length > 0 ? ` (${dropped.length} no longer fit)` : ''}`, false);
      } else if (this.#isNoteAboutData) this.dismissNote();
    } else if (this.#isNoteAboutData) this.dismissNote();
    this.#current = ref;
    if (ref) await this.#save(captureDesign(this.#parts.studio));
  }

  /** Writes the record with `snapshot` (else the latest) as the current dataset's design; a snapshot of another dataset is not saved. */
  async #save(snapshot: DesignSnapshot | null = this.#latest): Promise<void> {
    const current = this.#current;
    if (!current || !snapshot || snapshot.data?.dataset !== refName(current)) return;
    const files = current.kind === 'file' ? withFile(this.#work.files, { identity: current.identity, design: snapshot, usedAt: Date.now() }) : this.#work.files;
    this.#work = { version: WORK_RECORD_VERSION, last: { dataset: current, design: snapshot }, files };
    await this.#write();
  }

  async #write(): Promise<void> {
    try {
      await this.#parts.host.saveUserData('work', this.#work); // plain data: the snapshots are JSON copies
    } catch (error) {
      if (!this.#hasReportedSaveFailure) this.#parts.onSaveFailed(error);
      this.#hasReportedSaveFailure = true;
    }
  }
}
