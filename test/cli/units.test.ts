/** Small CLI pieces: flag parsing, the progress bar (CSV cell writing: test/data/csv-write.test.ts). */
import { describe, expect, it } from 'vitest';
import { parseArgs, type FlagSpec } from '../../src/cli/args';
import { UserError } from '../../src/cli/errors';
import { progressBar } from '../../src/cli/progress';

const specs: Record<string, FlagSpec> = {
  lr: { type: 'number', help: '' },
  hidden: { type: 'list', help: '' },
  json: { type: 'boolean', help: '' },
  scale: { type: 'string', choices: ['standard', 'none'], help: '' },
};

describe('flag parsing', () => {
  it('reads typed values, lists, booleans and --flag=value', () => {
    const args = parseArgs(['data.csv', '--lr', '0.1', '--hidden=64,32', '--json', '--scale', 'none'], specs, ['FILE'], 'train');
    expect(args).toEqual({ positional: ['data.csv'], flags: expect.objectContaining({ lr: 0.1, hidden: [64, 32], json: true, scale: 'none' }) });
  });

  it('refuses unknown flags, bad numbers, values outside the choices and missing arguments', () => {
    const cases: string[][] = [['f', '--nope'], ['f', '--lr', 'x'], ['f', '--scale', 'log'], [], ['f', '--lr'], ['f', '--hidden', '64,a']];
    for (const argv of cases) expect(() => parseArgs(argv, specs, ['FILE'], 'train'), argv.join(' ')).toThrow(UserError);
  });

  it('does not treat __proto__ as a known flag', () => {
    expect(() => parseArgs(['f', '--__proto__', '1'], specs, ['FILE'], 'train')).toThrow('unknown option --__proto__');
  });
});

describe('the progress bar', () => {
  const fakeStream = (isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } => {
    const written: string[] = [];
    return { stream: { isTTY, write: (text: string) => { written.push(text); return true; } } as unknown as NodeJS.WriteStream, written };
  };

  it('draws on a terminal and clears its line when done', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream);
    bar.update(0.5, 'epoch 5/10');
    bar.done();
    expect(written[0]).toContain('50% epoch 5/10');
    expect(written[1]).toBe('\r\x1b[K');
  });

  it('stays silent when stderr is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const bar = progressBar(stream);
    bar.update(0.5, 'x');
    bar.done();
    expect(written).toEqual([]);
  });
});

describe('warning lines', () => {
  it('folds more than three warnings of one kind into one line, and keeps a few as they are', async () => {
    const { warningLines } = await import('../../src/cli/warning-lines');
    const constant = (name: string) => ({ code: 'constant-column', message: `column "${name}" holds one value only, so it is left out`, column: name });
    const lines = warningLines([...['a', 'b', 'c', 'd', 'e'].map(constant), { code: 'latin-1', message: 'read as Latin-1', column: null }]);
    expect(lines).toEqual(['column "a" holds one value only, so it is left out (and 4 more like it: "b", "c", "d", "e", …)', 'read as Latin-1']);
    expect(warningLines(['a', 'b'].map(constant))).toHaveLength(2);
  });
});
