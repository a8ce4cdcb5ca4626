/** The shape of one `backprop` command: adding a command is a new file plus one line in commands/index.ts. */
import type { CommandArgs, FlagSpec } from './args';
import { settingFlags } from './setting-flags';

/** Where a command writes: stdout for results, stderr for progress and the one-line error. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal (progress bars) */
  isTTY: boolean;
}

export interface Command {
  name: string;
  summary: string;
  /** required positional arguments, e.g. ['MODEL', 'FILE'] */
  positional: string[];
  flags: Record<string, FlagSpec>;
  /** resolves to the exit code when it is not 0 without an error (e.g. gradcheck's failed check) */
  run(args: CommandArgs, io: CliIO): Promise<void | number>;
}

/** Flags every data-reading command takes. */
export const dataFlags: Record<string, FlagSpec> = { 'bad-rows': settingFlags(['data'])['bad-rows'] };

/** One JSON object per line. */
export const jsonLine = (value: unknown): string => `${JSON.stringify(value)}\n`;
