/** `backprop gradcheck FILE --target COL [train flags] [--json]`: per-layer gradient check; exit 3 when a layer fails. */
import { Network, Random, checkLayerGradients, prepareData, type GradientCheckReport } from '../../engine';
import { jsonLine, type Command } from '../command';
import { unwrap } from '../errors';
import { loadTable } from '../load';
import { dataFromFlags, settingFlags } from '../setting-flags';
import { clippingShorthandFlags, settingsFromFlags, specFromFlags } from '../training';

/** The exit code when some layer's max relative error is at or above the tolerance. */
export const GRADCHECK_FAILED_EXIT = 3;

export const gradcheck: Command = {
  name: 'gradcheck',
  summary: `check backprop's gradient per layer against centred differences (float64; exit ${GRADCHECK_FAILED_EXIT} when a layer is at or above 1e-6)`,
  positional: ['FILE'],
  flags: {
    ...settingFlags(['data', 'network', 'train']),
    ...clippingShorthandFlags,
    rows: { type: 'integer', help: 'rows of the training split in the checked batch (default 8)' },
    json: { type: 'boolean', help: 'print one JSON object instead of a table' },
  },
  async run({ positional: [file], flags }, io) {
    const table = await loadTable(file, { keepRows: true, badRows: flags['bad-rows'] as 'stop' | 'skip' | undefined });
    const prepared = unwrap(prepareData(table, dataFromFlags(flags)), file);
    const settings = settingsFromFlags(flags);
    const net = new Network(specFromFlags(flags, prepared.train.inputSize, prepared.classes?.length ?? 1, prepared.task), { precision: 'float64' });
    net.initialize(new Random(settings.seed)); // the weights `backprop train` starts from with the same flags
    const report = checkLayerGradients(net, prepared.train, { rows: (flags.rows as number | undefined) ?? 8, penalty: { l1: settings.l1, l2: settings.l2 }, seed: settings.seed });
    io.out(flags.json ? jsonLine({ type: 'gradcheck', ...report }) : reportText(report));
    return report.passed ? 0 : GRADCHECK_FAILED_EXIT;
  },
};

function reportText(report: GradientCheckReport): string {
  const lines = [
    `gradient check: float64, ${report.rows} rows, five-point centred differences, pass below ${report.tolerance.toExponential(0)}`,
    `  ${'layer'.padEnd(10)} ${'parameters'.padStart(10)} ${'checked'.padStart(8)} ${'max rel. error'.padStart(15)}  result`,
    ...report.layers.map((row) => `  ${row.name.padEnd(10)} ${String(row.parameters).padStart(10)} ${String(row.checked).padStart(8)} ${row.maxRelativeError.toExponential(2).padStart(15)}  ${row.passed ? 'pass' : 'FAIL'}`),
    report.passed ? 'every layer passes' : `some layer fails (exit ${GRADCHECK_FAILED_EXIT})`,
  ];
  return `${lines.join('\n')}\n`;
}
