/**
 * The engine host's checkpoints of the current run: written through a host-provided store (a file under
 * the app's user data in the utility process, IndexedDB in the web worker) by time while training, at each
 * pause and when the run ends; read back to rebuild the run after the engine process died.
 */
import {
  checkpointOf, dataFingerprint, decodeCheckpoint, encodeCheckpoint, type Checkpoint, type DataFingerprint, type Trainer,
} from '../engine';
import type { DataChoicesMessage, DatasetSource, NetworkDesign } from '../shared/protocol';
import { CheckpointClock, defaultCheckpointPacing, type CheckpointPacing } from './checkpoint-pacing';
import type { CsvContent } from './dataset';

/** Where a host keeps the current run's latest checkpoint (one at a time; each save replaces the last, whole or not at all). */
export interface CheckpointStore {
  save(bytes: Uint8Array): Promise<void>;
  /** the latest checkpoint, or null when there is none */
  load(): Promise<Uint8Array | null>;
  clear(): Promise<void>;
}

/** What the session needs, beside the trainer's state, to rebuild the run: where the data came from, how it was prepared, the design. */
export interface SessionRecipe {
  source: DatasetSource;
  choices: DataChoicesMessage;
  design: NetworkDesign;
}

/** CSV content as text: UTF-8 when the bytes are valid UTF-8, else Latin-1 (one character per byte, nothing lost). */
function contentText(content: CsvContent): string {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('latin1').decode(content);
  }
}

/** A dataset source to keep in a checkpoint: a path stays a path; sent text or bytes are kept as text (the engine cannot read them again). */
export function keepableSource(source: DatasetSource, name: string, content: CsvContent): DatasetSource {
  if (source.kind === 'path') return source;
  return { kind: 'text', name, text: contentText(content) };
}

/** The fingerprint of the CSV content, hashed as the text keepableSource keeps (so a resumed run's data hashes the same). */
export function contentFingerprint(content: CsvContent, rows: number, columns: string[], name: string): DataFingerprint {
  return dataFingerprint(contentText(content), rows, columns, name);
}

/**
 * Writes one run's checkpoints to a store: `tick` when the clock says one is due, `now` at a pause or the end.
 * Writes never overlap: while one is in flight only the newest pending checkpoint waits (older ones are dropped).
 */
export class RunCheckpoints {
  private readonly clock: CheckpointClock;
  private pending: Uint8Array | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly store: CheckpointStore, private readonly trainer: Trainer, private readonly recipe: SessionRecipe,
    private readonly data: DataFingerprint, pacing: CheckpointPacing = defaultCheckpointPacing, private readonly onError: (message: string) => void = () => undefined) {
    this.clock = new CheckpointClock(pacing);
  }

  /** While training: a checkpoint when intervalMs of training have passed since the last. */
  tick(): void {
    if (this.clock.isDue) this.now();
  }

  /** A checkpoint of this moment (at a pause, at the end). */
  now(): void {
    this.pending = encodeCheckpoint(checkpointOf(this.trainer, this.data, { ...this.recipe }, new Date().toISOString()));
    this.clock.written();
    this.writing ??= this.drain();
  }

  /** Resolves when every checkpoint asked for is written (tests, and a host about to close). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    for (let bytes = this.pending; bytes; bytes = this.pending) {
      this.pending = null;
      try {
        await this.store.save(bytes);
      } catch (error) {
        this.onError(`the run's checkpoint was not saved: ${(error as Error).message}`);
      }
    }
    this.writing = null;
  }
}

/** The store's checkpoint of an unfinished run with its recipe, or null when there is none to resume (none, finished, unreadable). */
export async function unfinishedRun(store: CheckpointStore): Promise<{ checkpoint: Checkpoint; recipe: SessionRecipe } | null> {
  const bytes = await store.load();
  if (!bytes) return null;
  const checkpoint = decodeCheckpoint(bytes);
  if (checkpoint.trainer.stopReason !== null) return null;
  const recipe = checkpoint.host as Partial<SessionRecipe>;
  if (!recipe.source || !recipe.choices || !recipe.design) return null;
  return { checkpoint, recipe: recipe as SessionRecipe };
}

/** What the page shows about the store's unfinished run (null: none, or unreadable). */
export async function checkpointSummary(store: CheckpointStore | undefined): Promise<{ dataset: string; epoch: number; epochs: number } | null> {
  if (!store) return null;
  try {
    const found = await unfinishedRun(store);
    if (!found) return null;
    const { checkpoint, recipe } = found;
    const dataset = recipe.source.kind === 'path' ? recipe.source.path.split(/[\\/]/).pop() ?? recipe.source.path : recipe.source.name;
    return { dataset, epoch: checkpoint.trainer.epoch, epochs: checkpoint.trainer.settings.epochs };
  } catch {
    return null;
  }
}
