/**
 * The engine host's one adapter to the data module (src/engine/data): every call that reads a CSV,
 * prepares splits or transforms rows for prediction goes through here, so an API change there
 * touches this file only. Data problems arrive as values and leave as DataProblem throws, which
 * serveEngine turns into `error` events with line and column.
 */
import type { Dataset } from '../engine';
import {
  CsvReader, parsePreprocessing, prepareData, readPieces, readTable, summarizeDataset, transformCells, transformRows as transformRecords,
  type DataChoices, type DataError, type DataResult, type Preprocessing, type RawTable, type RowBatch,
} from '../engine/data';
import type { DataChoicesMessage, DatasetInfo } from '../shared/protocol';

/** A data problem as a value that the host turns into an `error` event. */
export class DataProblem extends Error {
  constructor(readonly error: DataError) {
    super(error.message);
    this.name = 'DataProblem';
  }
}

/** The value of a data-module result, or a DataProblem thrown. */
function valueOf<T>(result: DataResult<T>): T {
  if (!result.ok) throw new DataProblem(result.error);
  return result.value;
}

export type CsvContent = string | Uint8Array;

export interface PreparedData {
  info: DatasetInfo;
  train: Dataset;
  validation: Dataset | null;
  test: Dataset | null;
  preprocessing: Preprocessing;
}

/** A read table, kept so new data choices re-prepare without reading the file again. */
export interface LoadedTable {
  name: string;
  content: CsvContent;
  badRows: 'stop' | 'skip';
  table: RawTable;
}

/** Reads a CSV (text or bytes in any supported encoding) into a table. */
export function readCsv(name: string, content: CsvContent, badRows: 'stop' | 'skip' = 'stop'): LoadedTable {
  return { name, content, badRows, table: valueOf(readTable(content, { badRows, keepRows: true })) };
}

/** Splits, fits and encodes a table under the user's choices. */
export function prepareTable(loaded: LoadedTable, choices: DataChoicesMessage): PreparedData {
  const badRows = choices.badRows ?? loaded.badRows;
  const source = badRows === loaded.badRows ? loaded : readCsv(loaded.name, loaded.content, badRows);
  const prepared = valueOf(prepareData(source.table, choices as Partial<DataChoices>));
  const summary = summarizeDataset(loaded.name, source.table.inspection, prepared);
  const nonEmpty = (data: Dataset): Dataset | null => (data.rows > 0 ? data : null);
  return {
    info: { ...summary, choices: { ...summary.choices, badRows } },
    train: prepared.train,
    validation: nonEmpty(prepared.validation),
    test: nonEmpty(prepared.test),
    preprocessing: prepared.preprocessing,
  };
}

/**
 * A CSV's raw rows a piece at a time (for predicting a whole file and echoing its rows): `onRows` gets each
 * piece's complete rows with the header and their line numbers, so only one piece's cells are alive at once.
 * Returns the header. Throws the file's error (binary, empty, a row too long), else its first bad row's.
 */
export function forEachCsvRows(content: CsvContent, onRows: (header: string[], rows: string[][], lines: number[]) => void): string[] {
  const reader = new CsvReader();
  let firstBad: DataError | null = null;
  const take = (batch: RowBatch): void => {
    firstBad ??= batch.bad[0]?.error ?? null;
    if (!firstBad && batch.rows.length > 0) onRows(reader.header!, batch.rows, batch.lines);
  };
  for (const piece of readPieces(content)) {
    take(reader.push(piece));
    if (reader.fatal) break;
  }
  take(reader.end());
  if (reader.fatal) throw new DataProblem(reader.fatal);
  if (firstBad) throw new DataProblem(firstBad);
  return reader.header ?? [];
}

/** The network's input rows for raw cells keyed by column name. */
export function transformRows(preprocessing: Preprocessing, rows: Record<string, string>[]): Float32Array {
  return valueOf(transformRecords(preprocessing, rows));
}

/** The network's input rows for a CSV's rows laid out as `header`. */
export function transformCsvRows(preprocessing: Preprocessing, header: string[], rows: string[][], lines: number[]): Float32Array {
  return valueOf(transformCells(preprocessing, header, rows, { lines }));
}

/** A model file's preprocessing section, validated; null when there is none. */
export function preprocessingFrom(raw: unknown): Preprocessing | null {
  if (raw === null || raw === undefined) return null;
  return valueOf(parsePreprocessing(raw));
}

/** How many network inputs the preprocessing yields (Σ of each column's width, counted by the engine). */
export { preprocessedWidth as inputWidth } from '../engine/data';
