/**
 * `backprop`: the command line over the engine. Exit 0 on success, 2 on bad input or usage, 3 when training
 * diverged or a check fails (gradcheck: a layer's gradient check), 1 on internal error.
 */
import { describeFlags, parseArgs } from './args';
import type { CliIO, Command } from './command';
import { commands } from './commands';
import { UserError } from './errors';
import { terminalSafe } from '../engine';

const processIO: CliIO = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(terminalSafe(text)); }, // messages quote file contents: no escape sequence reaches the terminal
  isTTY: Boolean(process.stderr.isTTY),
};

function usage(): string {
  return ['usage: backprop <command> [options]', '', 'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`), '', 'backprop <command> --help shows its options.', ''].join('\n');
}

function commandHelp(command: Command): string {
  return [`usage: backprop ${command.name} ${command.positional.join(' ')} [options]`, '', command.summary, '', 'options:', describeFlags(command.flags), ''].join('\n');
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') { io.out(usage()); return name === undefined ? 2 : 0; }
  const command = commands.find((c) => c.name === name);
  if (!command) { io.err(`backprop: unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')})\n`); return 2; }
  if (rest.includes('--help') || rest.includes('-h')) { io.out(commandHelp(command)); return 0; }
  try {
    return (await command.run(parseArgs(rest, command.flags, command.positional, command.name), io)) ?? 0;
  } catch (error) {
    if (error instanceof UserError) { io.err(`backprop ${command.name}: ${error.message}\n`); return error.exitCode; }
    io.err(`backprop ${command.name}: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.BACKPROP_DEBUG) io.err(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
