/**
 * Undo and redo of the design and data choices. Each entry holds the design snapshots before and after
 * one user action and the paths it changed; undo puts back only those paths (so a value the history
 * never saw, e.g. one sent to a paused run, is left alone).
 *
 * The rules:
 * - one user action is one entry: the changes made in one event-loop task merge (a warning's or a
 *   health check's fix that sets several settings), and a burst of typing in one field merges until the
 *   field is committed (`seal()`: Enter, leaving the field, or another field's change);
 * - a new change after an undo drops the redo entries (a new branch); at most `limit` entries are kept;
 * - while a run trains nothing is undone (the design is the run's); while it is paused, only the changes
 *   made during this pause (live settings: learning rate, epochs, schedule, L1/L2, …) are undone; Resume
 *   or Step sends them to the engine, and then they leave the history (`settle`): they are in the run's
 *   record now. Between runs every entry is undoable again, and undoing changes what the next run uses;
 * - opening another dataset starts a new history (the older entries name columns it does not have).
 */
import { applyDesign, captureDesign, changedPaths, type DesignHolder, type DesignSnapshot } from './design-snapshot';
import { setting } from '../../../engine/settings';
import { TextEditing, handleUndoKey, runUndoCommand, type UndoAction, type UndoTargets } from './undo-keys';

/** One undoable action: its name ("remove layer 2"), the design before and after, and the paths it changed. */
export interface HistoryEntry {
  label: string;
  /** the names of the actions merged into this entry, first first */
  names: string[];
  before: DesignSnapshot;
  after: DesignSnapshot;
  paths: string[];
  /** the run that was paused when the change was made (null between runs): undoable only until that run resumes */
  pausedRunId: number | null;
  datasetKey: string | null;
}

/** How a run stands, as far as the history cares. */
export interface RunStanding {
  isTraining: boolean;
  /** the paused run's id; null when no run is paused */
  pausedRunId: number | null;
  /** the active run's id (training or paused); null between runs */
  activeRunId: number | null;
}

/** Runs a change, naming it for the history; `coalesceKey` names the field when typing may repeat it. */
export type Recorder = (label: string, change: () => void, coalesceKey?: string) => void;

/** A recorder that keeps nothing (a state class used on its own, as in tests). */
export const noRecorder: Recorder = (_label, change) => change();

export interface HistoryParts {
  design: DesignHolder;
  run: () => RunStanding;
  /** how many entries are kept; the oldest go first */
  limit?: number;
  /** the browser's text undo in the focused field (Edit → Undo while a field holds typing) */
  nativeEdit?: (action: UndoAction) => void;
}

/** `document.execCommand('undo')`: deprecated, but the one way a menu can reach a field's own text undo. */
const documentEdit = (action: UndoAction): void => { globalThis.document?.execCommand(action); };

const DEFAULT_LIMIT = 200;
/** how many action names an entry of merged actions lists before "and N more" */
const NAMES_SHOWN = 2;

/** The design and data choices' undo/redo stacks. */
export class DesignHistory implements UndoTargets {
  /** which text field holds typing not committed yet: the keys are its own then (see undo-keys.ts) */
  readonly textEditing = new TextEditing();
  readonly nativeEdit: (action: UndoAction) => void;
  #undo = $state.raw<HistoryEntry[]>([]);
  #redo = $state.raw<HistoryEntry[]>([]);
  /** the top entry while changes of the same task still join it */
  #taskEntry: HistoryEntry | null = null;
  /** the field being typed in while the top entry may still grow; null once committed */
  #openField: string | null = null;
  #depth = 0;
  readonly #parts: HistoryParts;
  readonly #limit: number;

  constructor(parts: HistoryParts) {
    this.#parts = parts;
    this.#limit = parts.limit ?? DEFAULT_LIMIT;
    this.nativeEdit = parts.nativeEdit ?? documentEdit;
  }

  get undoEntries(): readonly HistoryEntry[] { return this.#undo; }
  get redoEntries(): readonly HistoryEntry[] { return this.#redo; }
  canUndo = $derived(this.#isReachable(this.#undo.at(-1)));
  canRedo = $derived(this.#isReachable(this.#redo.at(-1)));
  /** a run is active: entries made before it wait until it ends (its design is fixed) */
  isHeldByRun = $derived(this.#isRunActive());
  /** "remove layer 2": the action an undo would take back (null when none can) */
  undoLabel = $derived(this.canUndo ? this.#undo.at(-1)!.label : null);
  redoLabel = $derived(this.canRedo ? this.#redo.at(-1)!.label : null);

  /** The recorder the state classes call: `history.record(label, change, key)`. */
  readonly record: Recorder = (label, change, coalesceKey) => {
    if (this.#depth > 0) {
      change(); // inside another action (or an undo): it is part of that one
      return;
    }
    const before = captureDesign(this.#parts.design);
    this.#depth += 1;
    try {
      change();
    } finally {
      this.#depth -= 1;
    }
    this.#push(label, before, captureDesign(this.#parts.design), coalesceKey ?? null);
  };

  /** Takes back the latest action; false when there is none the run allows. */
  undo(): boolean {
    const entry = this.#undo.at(-1);
    if (!entry || !this.canUndo) return false;
    this.#undo = this.#undo.slice(0, -1);
    this.#redo = [...this.#redo, entry];
    this.#apply(entry.before, entry.paths);
    return true;
  }

  /** Does again the latest undone action; false when there is none the run allows. */
  redo(): boolean {
    const entry = this.#redo.at(-1);
    if (!entry || !this.canRedo) return false;
    this.#redo = this.#redo.slice(0, -1);
    this.#undo = [...this.#undo, entry];
    this.#apply(entry.after, entry.paths);
    return true;
  }

  /** Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl/Cmd+Y on the page: true when the history took the key. */
  handleKey(event: Parameters<typeof handleUndoKey>[0]): boolean {
    return handleUndoKey(event, this);
  }

  /** Edit → Undo/Redo (the desktop menu): a field's typing first, else the history. */
  command(action: UndoAction): void {
    runUndoCommand(action, this);
  }

  /** The field being typed in was committed: its next change is a new entry. */
  seal(): void {
    this.#openField = null;
  }

  /** A paused run's changes reached the engine (Resume, Step, a live fix): they leave the history. */
  settle(runId: number | null): void {
    if (runId === null) return;
    const isKept = (entry: HistoryEntry): boolean => entry.pausedRunId !== runId;
    this.#openField = null;
    this.#taskEntry = null;
    this.#undo = this.#undo.filter(isKept);
    this.#redo = this.#redo.filter(isKept);
  }

  clear(): void {
    this.#openField = null;
    this.#taskEntry = null;
    this.#undo = [];
    this.#redo = [];
  }

  #apply(snapshot: DesignSnapshot, paths: string[]): void {
    this.#openField = null;
    this.#taskEntry = null;
    this.#depth += 1;
    try {
      applyDesign(this.#parts.design, snapshot, { paths, exact: true });
    } finally {
      this.#depth -= 1;
    }
  }

  #push(label: string, before: DesignSnapshot, after: DesignSnapshot, coalesceKey: string | null): void {
    const datasetKey = datasetKeyOf(after);
    if ([...this.#undo, ...this.#redo].some((entry) => entry.datasetKey !== datasetKey)) this.clear();
    const top = this.#undo.at(-1);
    const isTyping = coalesceKey !== null && coalesceKey === this.#openField;
    if (top && (isTyping || top === this.#taskEntry)) {
      this.#merge(top, label, after, coalesceKey);
      return;
    }
    const paths = changedPaths(before, after);
    if (paths.length === 0) return;
    const entry: HistoryEntry = { label, names: [label], before, after, paths, pausedRunId: this.#pausedRunFor(paths), datasetKey };
    this.#undo = [...this.#undo, entry].slice(-this.#limit);
    this.#redo = [];
    this.#openField = coalesceKey;
    this.#markTask(entry);
  }

  /** The top entry grows: same field typed again, or another change of the same user action. */
  #merge(top: HistoryEntry, label: string, after: DesignSnapshot, coalesceKey: string | null): void {
    const paths = changedPaths(top.before, after);
    const rest = this.#undo.slice(0, -1);
    this.#redo = [];
    if (coalesceKey !== this.#openField) this.#openField = null;
    if (paths.length === 0) {
      this.#undo = rest; // typed back to where it was
      this.#taskEntry = null;
      return;
    }
    const names = top.names.includes(label) ? top.names : [...top.names, label];
    const merged: HistoryEntry = { ...top, names, label: mergedLabel(names), after, paths, pausedRunId: this.#pausedRunFor(paths) };
    this.#undo = [...rest, merged];
    this.#markTask(merged);
  }

  /** Changes made later in the same event-loop task belong to the same action (entry). */
  #markTask(entry: HistoryEntry): void {
    const isNewTask = this.#taskEntry === null;
    this.#taskEntry = entry;
    if (isNewTask) setTimeout(() => { this.#taskEntry = null; }, 0);
  }

  /** A change of live settings only, made while a run is active, belongs to that run's pause. */
  #pausedRunFor(paths: string[]): number | null {
    const { activeRunId } = this.#parts.run();
    if (activeRunId === null) return null;
    return paths.every(isLivePath) ? activeRunId : null;
  }

  #isRunActive(): boolean {
    return this.#parts.run().activeRunId !== null;
  }

  #isReachable(entry: HistoryEntry | undefined): boolean {
    if (!entry) return false;
    const run = this.#parts.run();
    if (run.isTraining) return false;
    if (run.pausedRunId !== null) return entry.pausedRunId === run.pausedRunId;
    return entry.datasetKey === datasetKeyOf(captureDataKey(this.#parts.design));
  }
}

/** "a, b and 3 more": the first NAMES_SHOWN action names, then how many more. */
function mergedLabel(names: string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

/** 'train.learningRate' → whether the engine takes it while paused (the settings table's `live`). */
function isLivePath(path: string): boolean {
  return path.startsWith('train.') && setting('train', path.slice('train.'.length)).live;
}

/** The dataset a snapshot's choices are about: its name and its columns. */
function datasetKeyOf(snapshot: Pick<DesignSnapshot, 'data'>): string | null {
  return snapshot.data ? JSON.stringify([snapshot.data.dataset, snapshot.data.columns]) : null;
}

/** The loaded dataset's name and columns, without capturing the whole design. */
function captureDataKey(design: DesignHolder): Pick<DesignSnapshot, 'data'> {
  const info = design.dataset.info;
  return { data: info ? { dataset: info.name, columns: info.columns.map((c) => c.name), choices: info.choices } : null };
}
