/** The CLI's checkpoints: written by time and at the end of a run (atomically), read back by `backprop resume`. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  checkpointOf, decodeCheckpoint, encodeCheckpoint, type Checkpoint, type DataChoices, type DataFingerprint, type Preprocessing, type Trainer,
} from '../engine';
import { CheckpointClock, defaultCheckpointPacing } from '../engine-host/checkpoint-pacing';
import { writeFileAtomic } from '../node-host/atomic-write';
import type { FlagSpec } from './args';
import { UserError } from './errors';

/** What `resume` needs besides the trainer's state: the CSV, the data choices that split it, and --init's preprocessing. */
export interface CliRecipe {
  file: string;
  choices: DataChoices;
  preprocessing: Preprocessing | null;
}

/** The flags train and resume share for writing checkpoints. */
export const checkpointFlags: Record<string, FlagSpec> = {
  checkpoint: { type: 'string', help: 'write a checkpoint to this file every --checkpoint-every seconds of training and when the run ends (continue it with `backprop resume FILE`)' },
  'checkpoint-every': { type: 'number', help: `seconds of training between checkpoints (default ${defaultCheckpointPacing.intervalMs / 1000}; 0 = after every epoch)` },
};

/** SHA-256 of the file's bytes (streamed), with its data rows and header: the data a checkpoint belongs to. */
export async function fileFingerprint(path: string, rows: number, columns: string[], name: string): Promise<DataFingerprint> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { name, hash: `sha256:${hash.digest('hex')}`, rows, columns };
}

/**
 * Writes a run's checkpoints to one path: `afterEpoch` when the clock says one is due, `final` once at the
 * end. The snapshot is taken at once (so the file holds that moment); writes run one after another.
 */
export class CheckpointWriter {
  private readonly clock: CheckpointClock;
  private writes: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly path: string, private readonly data: DataFingerprint, private readonly recipe: CliRecipe, everySeconds?: number) {
    this.clock = new CheckpointClock({ ...defaultCheckpointPacing, ...(everySeconds === undefined ? {} : { intervalMs: everySeconds * 1000 }) });
    if (everySeconds !== undefined && !(everySeconds >= 0)) throw new UserError(`--checkpoint-every must be 0 or more seconds, got ${everySeconds}`);
  }

  /** Between epochs: a checkpoint when one is due. */
  afterEpoch(trainer: Trainer): void {
    if (this.clock.isDue) this.write(trainer);
  }

  /** The last checkpoint of this command; resolves when every write is on disk (throws the first failure). */
  async final(trainer: Trainer): Promise<void> {
    this.write(trainer);
    await this.writes;
    if (this.failure) throw new UserError(`${this.path}: the checkpoint could not be written (${this.failure.message})`);
  }

  private write(trainer: Trainer): void {
    const bytes = encodeCheckpoint(checkpointOf(trainer, this.data, { ...this.recipe }, new Date().toISOString()));
    this.clock.written();
    this.writes = this.writes.then(() => writeFileAtomic(this.path, bytes)).catch((error: Error) => { this.failure ??= error; });
  }
}

/** A checkpoint file read and checked; problems become one-line user errors naming the file. */
export async function readCheckpointFile(path: string): Promise<{ checkpoint: Checkpoint; recipe: CliRecipe }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${path}: no such checkpoint` : `${path}: cannot be read (${code})`);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = decodeCheckpoint(bytes);
  } catch (error) {
    throw new UserError(`${path}: ${(error as Error).message}`);
  }
  const { file, choices, preprocessing } = checkpoint.host as Partial<CliRecipe>;
  if (typeof file !== 'string' || typeof choices !== 'object' || choices === null) {
    throw new UserError(`${path}: this checkpoint was not written by \`backprop train\` (it names no CSV file to resume on)`);
  }
  return { checkpoint, recipe: { file, choices, preprocessing: preprocessing ?? null } };
}

/** The writer for `--checkpoint FILE` (null without it), fingerprinting the CSV the run reads. */
export async function checkpointWriterFor(flags: Record<string, unknown>, file: string, prepared: { choices: DataChoices; split: { train: number; validation: number; test: number }; columns: { name: string }[] },
  preprocessing: Preprocessing | null): Promise<CheckpointWriter | null> {
  if (flags.checkpoint === undefined) return null;
  const { train, validation, test } = prepared.split;
  const data = await fileFingerprint(file, train + validation + test, prepared.columns.map((c) => c.name), basename(file));
  return new CheckpointWriter(flags.checkpoint as string, data, { file: resolve(file), choices: prepared.choices, preprocessing }, flags['checkpoint-every'] as number | undefined);
}
