/**
 * Reading a whole CSV through the incremental reader: per-column profiles (always) and columnar storage
 * (when the rows are kept for training). Inspection keeps no rows, so memory stays bounded on any size.
 */
import { ColumnProfile } from './profile';
import { ColumnStore } from './column-store';
import { CsvReader, type ReaderOptions } from './reader';
import { columnSchema } from './schema';
import type { NumberRule } from './cells';
import type { ReadingChoice } from './number-readings';
import type { BadRow, ColumnSchema, CsvFormat, DataError, DataResult, DataWarning, RowBatch } from './types';

/** How to read a whole table: the reader's options, what to do with bad rows, whether to keep rows. */
export interface TableOptions extends ReaderOptions {
  /** A malformed row stops the load ('stop', default) or is skipped and counted ('skip'). */
  badRows?: 'stop' | 'skip';
  /** Keep the rows in columnar storage (needed to train); inspection alone does not. */
  keepRows?: boolean;
  previewRows?: number;
}

/** What a pass over the file learned, without the rows. */
export interface Inspection {
  format: CsvFormat;
  columns: ColumnSchema[];
  rows: number; // data rows read (bad rows not counted)
  skippedRows: number; // malformed rows skipped by the reader (badRows 'skip')
  badRowExamples: BadRow[]; // the first few skipped rows, with why
  preview: string[][]; // the first rows, raw cells
  warnings: DataWarning[];
  bytesRead: number;
}

/** An inspected file whose rows are kept column by column. */
export interface RawTable {
  inspection: Inspection;
  profiles: ColumnProfile[];
  stores: ColumnStore[]; // empty when rows were not kept
  rows: number;
}

const MAX_BAD_ROW_EXAMPLES = 5;

/** Streams chunks through the reader into profiles (and stores). push() then end(); errors come back as values. */
export class TableReader {
  private readonly reader: CsvReader;
  private readonly options: TableOptions;
  private profiles: ColumnProfile[] = [];
  private stores: ColumnStore[] = [];
  private readonly preview: string[][] = [];
  private readonly badRowExamples: BadRow[] = [];
  private skipped = 0;
  private failure: DataError | null = null;

  constructor(options: TableOptions = {}) {
    this.options = options;
    this.reader = new CsvReader(options);
  }

  /** The error that stopped reading, if any (callers may stop feeding chunks). */
  get error(): DataError | null { return this.failure ?? this.reader.fatal; }
  get rowsRead(): number { return this.reader.rowsRead; }
  get bytesRead(): number { return this.reader.bytesRead; }

  push(chunk: Uint8Array | string): void {
    if (!this.error) this.take(this.reader.push(chunk));
  }

  end(): DataResult<RawTable> {
    if (!this.error) this.take(this.reader.end());
    const error = this.error;
    if (error) return { ok: false, error };
    if (this.reader.rowsRead === 0) return { ok: false, error: this.noRowsError() };
    return { ok: true, value: this.table() };
  }

  private noRowsError(): DataError {
    if (this.skipped > 0) {
      return { code: 'no-good-rows', message: `all ${this.skipped} data rows are malformed; the first: ${this.badRowExamples[0].error.message}`, line: this.badRowExamples[0].line, column: null };
    }
    return { code: 'no-data-rows', message: 'line 1 is a header and no data rows follow it', line: 1, column: null };
  }

  private take(batch: RowBatch): void {
    if (batch.bad.length > 0 && this.skipBad(batch.bad)) return;
    if (batch.rows.length === 0) return;
    if (this.profiles.length === 0) this.startColumns(this.reader.header!.length);
    const keep = this.options.keepRows ?? false;
    const previewRows = this.options.previewRows ?? 20;
    const { rows, lines } = batch;
    for (let i = 0; i < rows.length && this.preview.length < previewRows; i++) this.preview.push(rows[i].slice(0, 1000));
    // column by column, each in row order: one column's profile and store stay in cache for the whole batch
    // (row by row, a wide file's every cell touched all its columns' state: 785 columns, twice as slow)
    const width = this.profiles.length;
    for (let j = 0; j < width; j++) {
      const profile = this.profiles[j], store = keep ? this.stores[j] : null;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (j >= row.length) continue;
        profile.add(row[j], lines[i]);
        if (store) store.add(row[j], profile);
      }
    }
  }

  /** Counts skipped rows; in 'stop' mode the first one becomes the error. True when reading stops. */
  private skipBad(bad: BadRow[]): boolean {
    if ((this.options.badRows ?? 'stop') === 'stop') {
      this.failure = { ...bad[0].error, message: `${bad[0].error.message} (choose "skip bad rows" to load the rest)` };
      return true;
    }
    this.skipped += bad.length;
    for (const b of bad) if (this.badRowExamples.length < MAX_BAD_ROW_EXAMPLES) this.badRowExamples.push(b);
    return false;
  }

  private startColumns(width: number): void {
    const { decimalComma } = this.reader.format!;
    const rules = Array.from({ length: width }, (_, j) => numberRule(decimalComma, this.reader.readingChoices[j]));
    this.profiles = rules.map((rule, j) => new ColumnProfile(j + 1, rule));
    if (this.options.keepRows) this.stores = rules.map((rule) => new ColumnStore(rule));
  }

  private table(): RawTable {
    const header = this.reader.header!;
    const columns = header.map((name, j) => withReadingProblem(columnSchema(name, j, this.profiles[j]), this.reader.readingChoices[j]));
    columns.forEach((column, j) => { if (column.kind === 'text') this.stores[j]?.release(); });
    const inspection: Inspection = {
      format: this.reader.format!,
      columns,
      rows: this.reader.rowsRead,
      skippedRows: this.skipped,
      badRowExamples: this.badRowExamples,
      preview: this.preview,
      warnings: [...this.reader.warnings, ...skippedRowsWarning(this.skipped, this.badRowExamples)],
      bytesRead: this.reader.bytesRead,
    };
    return { inspection, profiles: this.profiles, stores: this.stores, rows: this.reader.rowsRead };
  }
}

/** A column's rule: its convention when the first rows chose one, else the file's decimal mark. */
function numberRule(decimalComma: boolean, choice: ReadingChoice | null | undefined): NumberRule {
  return choice?.reading ? { decimalComma, reading: choice.reading } : { decimalComma };
}

/** A column the first rows could not read in one convention says why (its warning names the cell). */
function withReadingProblem(schema: ColumnSchema, choice: ReadingChoice | null | undefined): ColumnSchema {
  if (!choice || choice.reading || schema.kind === 'numeric') return schema;
  return { ...schema, readingProblem: { why: choice.ambiguous, first: { text: choice.example.text.slice(0, 200), line: choice.example.line } } };
}

function skippedRowsWarning(skipped: number, examples: BadRow[]): DataWarning[] {
  if (skipped === 0) return [];
  return [{ code: 'skipped-rows', message: `${skipped} malformed row${skipped === 1 ? ' was' : 's were'} skipped; the first: ${examples[0].error.message}`, column: null }];
}

/**
 * The most a reader is fed at once (bytes, or characters of a text): the rows of one piece are parsed, tallied
 * and released before the next, so reading a whole file at once holds its parsed cells one piece at a time
 * (an 87 MB file read whole held ~1 GB: every row's cells at once).
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Pieces of at most READ_CHUNK_BYTES from a whole text, whole bytes, or any iterable of chunks. A cut may fall
 * anywhere (inside a UTF-8 sequence, a surrogate pair, a quoted field): the reader carries what follows a
 * piece's last line break over to the next.
 */
export function* readPieces(source: string | Uint8Array | Iterable<string | Uint8Array>): Iterable<string | Uint8Array> {
  const chunks = typeof source === 'string' || source instanceof Uint8Array ? [source] : source;
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += READ_CHUNK_BYTES) {
      yield typeof chunk === 'string' ? chunk.slice(at, at + READ_CHUNK_BYTES) : chunk.subarray(at, at + READ_CHUNK_BYTES);
    }
  }
}

/** Reads a whole source (text, bytes, or chunks) into a table. */
export function readTable(source: string | Uint8Array | Iterable<string | Uint8Array>, options: TableOptions = {}): DataResult<RawTable> {
  const reader = new TableReader({ keepRows: true, ...options });
  for (const chunk of readPieces(source)) {
    reader.push(chunk);
    if (reader.error) break;
  }
  return reader.end();
}

/** Inspects a whole source without keeping its rows. */
export function inspectCsv(source: string | Uint8Array | Iterable<string | Uint8Array>, options: TableOptions = {}): DataResult<Inspection> {
  const result = readTable(source, { ...options, keepRows: false });
  return result.ok ? { ok: true, value: result.value.inspection } : result;
}
