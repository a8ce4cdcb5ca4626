/** `backprop inspect FILE [--target COL] [--json]`: schema, missing counts, classes, warnings; rows are not kept. */
import { basename } from 'node:path';
import { columnWarnings, distinctCount, fillChoices, resolveTask, shownCell, sortLabels, type ColumnSchema, type RawTable } from '../../engine';
import { dataFlags, jsonLine, type Command } from '../command';
import { unwrap } from '../errors';
import { loadTable } from '../load';
import { warningLines } from '../warning-lines';

export const inspect: Command = {
  name: 'inspect',
  summary: 'show a CSV file\'s columns, types, missing values, classes and warnings',
  positional: ['FILE'],
  flags: {
    target: { type: 'string', help: 'the column to predict (default: the last one)' },
    json: { type: 'boolean', help: 'print one JSON object instead of a table' },
    ...dataFlags,
  },
  async run({ positional: [file], flags }, io) {
    const started = performance.now();
    const table = await loadTable(file, { keepRows: false, badRows: flags['bad-rows'] as 'stop' | 'skip' | undefined });
    const seconds = (performance.now() - started) / 1000;
    const report = describe(table, flags.target as string | undefined, file);
    const megabytesPerSecond = table.inspection.bytesRead / 1e6 / Math.max(seconds, 1e-9);
    if (flags.json) io.out(jsonLine({ type: 'inspect', file: basename(file), ...report, seconds, megabytesPerSecond }));
    else io.out(humanReport(basename(file), report));
  },
};

function describe(table: RawTable, target: string | undefined, file: string) {
  const { inspection } = table;
  const choices = unwrap(fillChoices(inspection.columns, target === undefined ? {} : { target }), file);
  const t = inspection.columns.findIndex((c) => c.name === choices.target);
  const task = resolveTask(inspection.columns[t], table.profiles[t], 'auto');
  const profile = table.profiles[t];
  const classes = task.ok && task.value === 'classification' && !profile.tallyOverflowed ? sortLabels([...profile.tally.keys()]) : null;
  return {
    rows: inspection.rows, skippedRows: inspection.skippedRows, format: inspection.format, columns: inspection.columns,
    target: choices.target, task: task.ok ? task.value : null, classes,
    excluded: choices.excluded,
    warnings: [...inspection.warnings, ...columnWarnings(inspection.columns, choices, inspection.rows), ...(task.ok ? [] : [{ code: task.error.code, message: task.error.message, column: choices.target }])],
    bytesRead: inspection.bytesRead,
  };
}

function columnLine(c: ColumnSchema): string {
  const detail = c.kind === 'numeric' && c.min !== undefined
    ? `${fmt(c.min)} .. ${fmt(c.max!)}  mean ${fmt(c.mean!)}  std ${fmt(c.std!)}`
    : c.kind === 'date' && c.min !== undefined ? `${new Date(c.min).toISOString().slice(0, 10)} .. ${new Date(c.max!).toISOString().slice(0, 10)}`
      : (c.topValues ?? []).slice(0, 4).map((v) => `${shownCell(v.value, 24)} ${v.count}`).join(', ');
  return `  ${c.name.slice(0, 24).padEnd(24)} ${c.kind.padEnd(12)} ${String(c.missing).padStart(8)} ${distinctCount(c).padStart(9)}  ${detail}`;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

function humanReport(name: string, r: ReturnType<typeof describe>): string {
  const f = r.format;
  const delimiter = f.delimiter === '\t' ? 'tab' : `"${f.delimiter}"`;
  const lines = [
    `${name}: ${r.rows} rows × ${r.columns.length} columns (${f.encoding}${f.hadBom ? ' with BOM' : ''}, delimiter ${delimiter}${f.decimalComma ? ', decimal comma' : ''}, ${f.hasHeader ? 'header' : 'no header'})`,
    `  ${'column'.padEnd(24)} ${'kind'.padEnd(12)} ${'missing'.padStart(8)} ${'distinct'.padStart(9)}  range / top values`,
    ...r.columns.map(columnLine),
    `target: ${r.target} → ${r.task ?? 'unusable'}${r.classes ? `, ${r.classes.length} classes: ${r.classes.slice(0, 10).join(', ')}` : ''}`,
  ];
  if (r.skippedRows) lines.push(`skipped rows: ${r.skippedRows}`);
  if (r.warnings.length) lines.push('warnings:', ...warningLines(r.warnings).map((line) => `  - ${line}`));
  return `${lines.join('\n')}\n`;
}
