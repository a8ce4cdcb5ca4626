/**
 * Streams a CSV through the engine's reader and a saved model's preprocessing: each batch of raw rows
 * becomes network inputs (and, for evaluation, targets). Bad rows stop the run or are skipped and counted.
 */
import { basename } from 'node:path';
import { CsvReader, encodeTargets, transformCells, type DataResult, type Dataset, type Preprocessing, type RowBatch } from '../engine';
import { UserError, dataFailure } from './errors';
import { progressBar } from './progress';
import { readFileInto } from './read-file';

export interface EncodedBatch {
  header: string[];
  rows: string[][];
  data: Dataset; // targets are empty unless withTargets
}

export interface ModelRowsOptions {
  withTargets: boolean;
  badRows: 'stop' | 'skip';
}

/** Calls onBatch for each batch of usable rows; returns how many rows were skipped. */
export async function forEachEncodedBatch(path: string, pre: Preprocessing, options: ModelRowsOptions, onBatch: (batch: EncodedBatch) => void): Promise<number> {
  const reader = new CsvReader();
  let skipped = 0;
  const handle = (batch: RowBatch): void => {
    if (batch.bad.length > 0) {
      if (options.badRows === 'stop') throw dataFailure(batch.bad[0].error, path);
      skipped += batch.bad.length;
    }
    if (batch.rows.length === 0) return;
    const encoded = encodeBatch(pre, reader.header!, batch, reader.format!.decimalComma, options, path);
    skipped += batch.rows.length - encoded.rows.length;
    if (encoded.rows.length > 0) onBatch(encoded);
  };
  const progress = progressBar();
  const sink = { push: (chunk: Uint8Array) => handle(reader.push(chunk)), get error() { return reader.fatal; } };
  await readFileInto(path, sink, (bytes, size) => progress.update(size ? bytes / size : 0, `reading ${basename(path)}`));
  progress.done();
  if (!reader.fatal) handle(reader.end());
  if (reader.fatal) throw dataFailure(reader.fatal, path);
  return skipped;
}

function encodeBatch(pre: Preprocessing, header: string[], batch: RowBatch, decimalComma: boolean, options: ModelRowsOptions, path: string): EncodedBatch {
  const whole = encodeRows(pre, header, batch.rows, batch.lines, decimalComma, options.withTargets);
  if (whole.ok) return { header, rows: batch.rows, data: whole.value };
  if (options.badRows === 'stop' || whole.error.code === 'missing-column') throw dataFailure(whole.error, path);
  const keep = batch.rows.map((row, i) => encodeRows(pre, header, [row], [batch.lines[i]], decimalComma, options.withTargets).ok);
  const rows = batch.rows.filter((_, i) => keep[i]);
  const lines = batch.lines.filter((_, i) => keep[i]);
  const kept = encodeRows(pre, header, rows, lines, decimalComma, options.withTargets);
  if (!kept.ok) throw new UserError(kept.error.message);
  return { header, rows, data: kept.value };
}

function encodeRows(pre: Preprocessing, header: string[], rows: string[][], lines: number[], decimalComma: boolean, withTargets: boolean): DataResult<Dataset> {
  const features = transformCells(pre, header, rows, { decimalComma, lines });
  if (!features.ok) return features;
  let targets: Float32Array = new Float32Array(0);
  if (withTargets) {
    const t = header.indexOf(pre.target.name);
    if (t < 0) return { ok: false, error: { code: 'missing-column', message: `there is no target column "${pre.target.name}" to evaluate against`, line: null, column: pre.target.name } };
    const encoded = encodeTargets(pre, rows.map((row) => row[t]), { decimalComma, lines });
    if (!encoded.ok) return encoded;
    targets = encoded.value;
  }
  const inputSize = rows.length ? features.value.length / rows.length : 0;
  return { ok: true, value: { features: features.value, targets, rows: rows.length, inputSize, targetSize: withTargets ? 1 : 0 } };
}
