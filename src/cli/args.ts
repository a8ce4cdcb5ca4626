/** A small strict flag parser: declared flags only, typed values, positional arguments by count. */
import { UserError } from './errors';

export type FlagType = 'string' | 'number' | 'integer' | 'boolean' | 'list';

export interface FlagSpec {
  type: FlagType;
  help: string;
  choices?: readonly string[];
  /** what --help shows for the value, e.g. 'A[,B,C]' (default: from the type) */
  placeholder?: string;
}

export interface CommandArgs {
  positional: string[];
  flags: Record<string, string | number | boolean | number[] | undefined>;
}

/** Parses argv for a command with these flags and `positionalNames` arguments (a name in [brackets] may be left out). */
export function parseArgs(argv: string[], specs: Record<string, FlagSpec>, positionalNames: string[], command: string): CommandArgs {
  const positional: string[] = [];
  const flags: CommandArgs['flags'] = Object.create(null);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') { positional.push(arg); continue; }
    const [name, inline] = splitInline(arg.slice(2));
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) throw new UserError(`unknown option --${name} for "backprop ${command}" (see backprop ${command} --help)`);
    if (spec.type === 'boolean') { flags[name] = true; continue; }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UserError(`--${name} needs a value`);
    flags[name] = flagValue(name, raw, spec);
  }
  const required = positionalNames.filter((p) => !p.startsWith('[')).length;
  if (positional.length < required || positional.length > positionalNames.length) {
    throw new UserError(`"backprop ${command}" expects ${positionalNames.map((p) => p.toUpperCase()).join(' ')}, got ${positional.length} argument${positional.length === 1 ? '' : 's'}`);
  }
  return { positional, flags };
}

function splitInline(text: string): [string, string | undefined] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

function flagValue(name: string, raw: string, spec: FlagSpec): string | number | number[] {
  const number = (text: string): number => {
    const x = Number(text);
    if (text.trim() === '' || !Number.isFinite(x)) throw new UserError(`--${name}: "${raw}" is not a number`);
    if (spec.type !== 'number' && !Number.isInteger(x)) throw new UserError(`--${name}: "${raw}" is not a whole number`);
    return x;
  };
  switch (spec.type) {
    case 'number': case 'integer': return number(raw);
    case 'list': return raw.split(',').map(number);
    default:
      if (spec.choices && !spec.choices.includes(raw)) throw new UserError(`--${name}: "${raw}" is not one of ${spec.choices.join(', ')}`);
      return raw;
  }
}

/** "  --lr N   learning rate" lines for --help. */
export function describeFlags(specs: Record<string, FlagSpec>): string {
  return Object.entries(specs).map(([name, spec]) => {
    const value = spec.type === 'boolean' ? '' : spec.placeholder ? ` ${spec.placeholder}` : spec.choices ? ` ${spec.choices.join('|')}`
      : spec.type === 'list' ? ' A,B,C' : spec.type === 'string' ? ' VALUE' : ' N';
    return `  --${(name + value).padEnd(34)} ${spec.help}`;
  }).join('\n');
}
