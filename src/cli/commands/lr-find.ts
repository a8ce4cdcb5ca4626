/** `backprop lr-find FILE --target COL`: Smith's learning-rate range test; the loss-vs-rate curve and a suggested rate. */
import { Network, defaultLrFindOptions, lrRangeTest, prepareData } from '../../engine';
import { jsonLine, type CliIO, type Command } from '../command';
import { dataFromFlags, settingFlags } from '../setting-flags';
import { UserError, unwrap } from '../errors';
import { loadTable } from '../load';
import { clippingShorthandFlags, settingsFromFlags, specFromFlags } from '../training';
import type { CommandArgs } from '../args';

export const lrFind: Command = {
  name: 'lr-find',
  summary: 'learning-rate range test: a short run raising the rate every batch; prints loss vs rate and a suggested --lr',
  positional: ['FILE'],
  flags: {
    ...settingFlags(['data', 'network', 'train']),
    ...clippingShorthandFlags,
    'min-rate': { type: 'number', help: `first rate of the sweep (default ${defaultLrFindOptions.minLr})` },
    'max-rate': { type: 'number', help: `last rate of the sweep (default ${defaultLrFindOptions.maxLr})` },
    steps: { type: 'integer', help: `mini-batches in the sweep, one rate each (default ${defaultLrFindOptions.steps})` },
    json: { type: 'boolean', help: 'print one JSON object: rates, losses, smoothed losses and the suggestion' },
  },
  run: runLrFind,
};

async function runLrFind(args: CommandArgs, io: CliIO): Promise<void> {
  const [file] = args.positional;
  const { flags } = args;
  const choices = dataFromFlags(flags);
  const table = await loadTable(file, { keepRows: true, badRows: choices.badRows });
  const prepared = unwrap(prepareData(table, choices), file);
  const net = new Network(specFromFlags(flags, prepared.train.inputSize, prepared.classes?.length ?? 1, prepared.task));
  const options = {
    minLr: (flags['min-rate'] as number | undefined) ?? defaultLrFindOptions.minLr,
    maxLr: (flags['max-rate'] as number | undefined) ?? defaultLrFindOptions.maxLr,
    steps: (flags.steps as number | undefined) ?? defaultLrFindOptions.steps,
  };
  if (!(options.minLr > 0 && options.maxLr > options.minLr)) throw new UserError(`--min-rate must be above 0 and below --max-rate, got ${options.minLr} and ${options.maxLr}`);
  if (options.steps < 20) throw new UserError(`--steps must be at least 20, got ${options.steps}`);
  const result = lrRangeTest(net, settingsFromFlags(flags), prepared.train, options);
  if (flags.json) { io.out(jsonLine({ type: 'lr-find', ...result })); return; }
  io.out(plot(result.rates, result.smoothed));
  io.out(`lowest smoothed loss at lr ${result.minLossRate.toPrecision(3)}; steepest fall at lr ${result.steepestRate.toPrecision(3)}\n`);
  io.out(`suggested: --lr ${result.suggested.toPrecision(2)}\n`);
}

const PLOT_ROWS = 12;
const PLOT_COLUMNS = 60;

/** A text plot of the smoothed loss (rows, top = highest) against log10 of the rate (columns). */
function plot(rates: number[], losses: number[]): string {
  if (rates.length < 2) return 'the sweep diverged at once: lower --min-rate\n';
  const lo = Math.min(...losses), hi = Math.min(Math.max(...losses), 1.5 * losses[0]); // the diverged tail is cut off at 1.5 × the first loss
  const grid = Array.from({ length: PLOT_ROWS }, () => new Array<string>(PLOT_COLUMNS).fill(' '));
  const x0 = Math.log10(rates[0]), x1 = Math.log10(rates[rates.length - 1]);
  rates.forEach((rate, i) => {
    const column = Math.round(((Math.log10(rate) - x0) / (x1 - x0)) * (PLOT_COLUMNS - 1));
    const row = Math.max(0, Math.round(((hi - losses[i]) / Math.max(hi - lo, 1e-12)) * (PLOT_ROWS - 1)));
    grid[row][column] = '•';
  });
  const lines = grid.map((cells, r) => `${(r === 0 ? hi : r === PLOT_ROWS - 1 ? lo : Number.NaN).toFixed(3).replace('NaN', '').padStart(8)} │${cells.join('')}`);
  return `smoothed loss vs learning rate\n${lines.join('\n')}\n${' '.repeat(9)}└${'─'.repeat(PLOT_COLUMNS)}\n${' '.repeat(10)}${rates[0].toExponential(0).padEnd(PLOT_COLUMNS - 5)}${rates[rates.length - 1].toExponential(0)}\n`;
}
