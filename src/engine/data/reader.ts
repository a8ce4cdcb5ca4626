/**
 * The incremental CSV reader: bytes or strings in by chunks, rows out. Papa Parse's core parser does the
 * quoting; this class adds encoding and layout detection, line numbers, chunk seams and bad-row checks.
 */
import Papa from 'papaparse';
import { ChunkDecoder, detectBinary, sniffEncoding } from './decode';
import { generatedName, uniqueColumnNames } from './column-names';
import { chooseReadings, type ReadingChoice } from './number-readings';
import { detectDecimalComma, detectDelimiter, detectHeader, detectNewline, type Delimiter } from './sniff';
import type { BadRow, CsvFormat, DataError, DataWarning, RowBatch } from './types';

/** What the caller already knows about the layout, and the reader's limits. */
export interface ReaderOptions {
  /** Layout the caller already knows; the rest is detected. */
  format?: Partial<Pick<CsvFormat, 'delimiter' | 'decimalComma' | 'hasHeader'>>;
  /** Longest row (in characters) before the load stops; guards against a quote that never closes. */
  maxRowChars?: number;
  /** Characters read before the layout is guessed. */
  sampleChars?: number;
}

export const READER_LIMITS = { maxRowChars: 32 * 1024 * 1024, sampleChars: 64 * 1024, sniffBytes: 4096, maxColumns: 20_000 };

/** Gzip data may expand this many times its size (CSV gives 5-20×; a bomb of blank lines 1000×), at least to minBytes, at most to maxBytes. */
export const GZIP_LIMITS = { maxRatio: 100, minBytes: 64 * 1024 * 1024, maxBytes: 4 * 1024 * 1024 * 1024 };

/** The most bytes a gzip file of `compressedBytes` may inflate to: clamp(100 × size, 64 MiB, 4 GiB). */
export function inflatedByteCap(compressedBytes: number): number {
  return Math.min(GZIP_LIMITS.maxBytes, Math.max(GZIP_LIMITS.minBytes, GZIP_LIMITS.maxRatio * compressedBytes));
}

/** The message when gzip data inflates past its cap. */
export function inflatedTooMuch(cap: number): string {
  return `the gzip data expands to more than ${Math.round(cap / 1024 / 1024).toLocaleString('en')} MB (over ${GZIP_LIMITS.maxRatio} times its size); reading stopped there (a damaged file or a zip bomb?)`;
}

/** Excel's "sep=;" first line names the delimiter. */
const EXCEL_SEPARATOR_LINE = /^sep=([,;\t|])\r?\n/;

const emptyBatch = (): RowBatch => ({ rows: [], lines: [], bad: [] });

/** A 1-based line's problem as a DataError. */
export const lineError = (code: string, line: number, message: string, column: string | null = null): DataError =>
  ({ code, message: `line ${line}: ${message}`, line, column });

interface PapaResult { data: string[][]; errors: { code: string; row: number }[]; meta: { cursor: number } }
interface PapaParser { parse(input: string, baseIndex: number, ignoreLastRow: boolean): PapaResult }
type PapaParserConstructor = new (config: object) => PapaParser;

/** Chunks in, rows out: push() each chunk, then end(); errors and bad rows come back as values. */
export class CsvReader {
  private readonly options: Required<Omit<ReaderOptions, 'format'>> & Pick<ReaderOptions, 'format'>;
  private decoder: ChunkDecoder | null = null;
  private pendingBytes: Uint8Array[] = [];
  private pendingByteCount = 0;
  private sample = '';
  private carry = '';
  private carryWaitsForQuote = false;
  private parser: PapaParser | null = null; // handles quotes
  private fastParser: PapaParser | null = null; // for text without quotes: splits lines, then fields
  private lineBreak: '\n' | '\r' = '\n';
  private nextLine = 1;
  private isFirstText = true;
  private encodingInfo: Pick<CsvFormat, 'encoding' | 'hadBom'> = { encoding: 'utf-8', hadBom: false };
  private formatValue: CsvFormat | null = null;
  private headerValue: string[] | null = null;
  private failure: DataError | null = null;
  private ended = false;
  private firstRowDelimiters = 0; // delimiters in a first row still waiting for its line break
  readonly warnings: DataWarning[] = [];
  /** each column's number convention as the first rows show it (number-readings.ts), by column index */
  readingChoices: (ReadingChoice | null)[] = [];
  bytesRead = 0;
  rowsRead = 0;

  constructor(options: ReaderOptions = {}) {
    this.options = { maxRowChars: READER_LIMITS.maxRowChars, sampleChars: READER_LIMITS.sampleChars, ...options };
  }

  /** The detected layout, once enough text has been read. */
  get format(): CsvFormat | null { return this.formatValue; }
  /** Column names (from the header, or "column 1".. when there is none). */
  get header(): string[] | null { return this.headerValue; }
  /** A file-level error that ended reading (binary data, empty file, a row too long). */
  get fatal(): DataError | null { return this.failure; }

  /** Feeds the next chunk; returns the complete rows it finished. */
  push(chunk: Uint8Array | string): RowBatch {
    if (this.failure || this.ended) return emptyBatch();
    this.bytesRead += chunk.length; // characters for a string chunk
    if (typeof chunk === 'string') return this.acceptText(this.textFromString(chunk), false);
    if (!this.decoder) return this.sniffThenDecode(chunk, false);
    return this.acceptText(this.decoder.decode(chunk, false), false);
  }

  /** Ends the input; returns the last rows. */
  end(): RowBatch {
    if (this.failure || this.ended) return emptyBatch();
    const text = this.decoder ? this.decoder.decode(new Uint8Array(0), true) : '';
    const batch = !this.decoder && this.pendingByteCount > 0 ? this.sniffThenDecode(new Uint8Array(0), true) : this.acceptText(text, true);
    this.ended = true;
    if (!this.failure && !this.headerValue) this.failure = { code: 'empty-file', message: 'the file is empty: no rows, no header', line: null, column: null };
    if (this.decoder?.sawInvalidBytes) {
      this.warnings.push({ code: 'invalid-utf8', message: 'some bytes are not valid UTF-8 and show as "\uFFFD"; re-save the file as UTF-8', column: null });
    }
    return batch;
  }

  /** A string chunk is already text: only a leading BOM is dropped. */
  private textFromString(chunk: string): string {
    if (!this.isFirstText) return chunk;
    this.isFirstText = false;
    const hadBom = chunk.charCodeAt(0) === 0xfeff;
    this.encodingInfo = { encoding: 'utf-8', hadBom };
    return hadBom ? chunk.slice(1) : chunk;
  }

  private sniffThenDecode(chunk: Uint8Array, isLast: boolean): RowBatch {
    this.pendingBytes.push(chunk);
    this.pendingByteCount += chunk.length;
    if (this.pendingByteCount < READER_LIMITS.sniffBytes && !isLast) return emptyBatch();
    const bytes = concatBytes(this.pendingBytes, this.pendingByteCount);
    this.pendingBytes = [];
    const { encoding, bomLength } = sniffEncoding(bytes.subarray(0, 65536), isLast && bytes.length <= 65536);
    const binary = encoding.startsWith('utf-16') ? null : detectBinary(bytes.subarray(0, 8192));
    if (binary) return this.fail(binary);
    this.isFirstText = false;
    this.encodingInfo = { encoding, hadBom: bomLength > 0 };
    if (encoding === 'latin-1') {
      this.warnings.push({ code: 'latin-1', message: 'the file is not valid UTF-8; it was read as Latin-1 (Windows-1252): check accented letters', column: null });
    }
    this.decoder = new ChunkDecoder(encoding);
    return this.acceptText(this.decoder.decode(bytes.subarray(bomLength), isLast), isLast);
  }

  private fail(error: DataError): RowBatch {
    this.failure = error;
    return emptyBatch();
  }

  private acceptText(text: string, isLast: boolean): RowBatch {
    if (!this.parser) {
      this.sample += text;
      if (this.sample.length < this.options.sampleChars && !isLast) return emptyBatch();
      text = this.startParser(this.sample);
      this.sample = '';
    }
    return this.parseText(text, isLast);
  }

  private startParser(sample: string): string {
    const newline = detectNewline(sample);
    this.lineBreak = newline === '\r' ? '\r' : '\n';
    const hint = EXCEL_SEPARATOR_LINE.exec(sample);
    if (hint) { sample = sample.slice(hint[0].length); this.nextLine++; }
    const delimiter = this.options.format?.delimiter ?? (hint ? hint[1] as Delimiter : detectDelimiter(sample));
    const Parser = (Papa as unknown as { Parser: PapaParserConstructor }).Parser;
    const config = { delimiter, newline: this.lineBreak, quoteChar: '"', comments: false };
    this.parser = new Parser({ ...config, fastMode: false });
    this.fastParser = new Parser({ ...config, fastMode: true });
    this.formatValue = { ...this.encodingInfo, delimiter, decimalComma: false, hasHeader: false };
    return sample;
  }

  /** Parses the complete lines of carry + text; what follows the last line break (or an open quote) is carried. */
  private parseText(text: string, isLast: boolean): RowBatch {
    const textHasQuote = text.includes('"');
    const lastBreak = text.lastIndexOf(this.lineBreak);
    if (!isLast && (lastBreak < 0 || (this.carryWaitsForQuote && !textHasQuote))) {
      this.carry += text;
      if (!this.headerValue) this.firstRowDelimiters += countChar(text, this.formatValue!.delimiter);
      if (this.firstRowDelimiters >= READER_LIMITS.maxColumns) return this.fail(tooManyColumns(this.nextLine, `more than ${READER_LIMITS.maxColumns.toLocaleString('en')}`));
      return this.checkCarryLength();
    }
    const cut = isLast ? text.length : lastBreak + 1;
    const input = this.carry + text.slice(0, cut);
    const hasQuotes = textHasQuote || this.carry.includes('"');
    if (!hasQuotes) {
      this.carry = text.slice(cut);
      this.carryWaitsForQuote = false;
      const batch = this.parsePlain(input, isLast);
      return this.carry.length > this.options.maxRowChars ? this.checkCarryLength() : batch;
    }
    const result = this.parser!.parse(input, 0, !isLast);
    if (isLast) {
      const unclosed = result.data.length - 1;
      if (unclosed > 0 && result.errors.some((e) => e.code === 'MissingQuotes' && e.row === unclosed)) return this.recoverFromUnclosedQuote(input, result, unclosed);
    }
    const isCutInQuotes = result.meta.cursor < input.length && !isLast; // a quoted field spans the cut
    this.carry = (isCutInQuotes ? input.slice(result.meta.cursor) : '') + text.slice(cut);
    this.carryWaitsForQuote = isCutInQuotes;
    const batch = this.collectRows(result, hasQuotes, input.includes('\0'));
    return this.carry.length > this.options.maxRowChars ? this.checkCarryLength() : batch;
  }

  /**
   * Text without quotes: runs of blank lines are counted, not parsed (a file of a billion empty lines
   * would otherwise become a billion one-cell rows); the lines between runs go through the fast parser.
   */
  private parsePlain(input: string, isLast: boolean): RowBatch {
    const hasNul = input.includes('\0');
    const batch = emptyBatch();
    const br = this.lineBreak;
    let from = 0, runStart = -1, runBreaks = 0, lineStart = 0;
    // the run is the text from runStart to lineStart (where the line after it starts): runBreaks blank lines
    const flushRun = (): void => {
      if (from < runStart) this.appendRows(batch, this.fastParser!.parse(input.slice(from, runStart), 0, true), hasNul);
      this.nextLine += runBreaks;
      from = lineStart;
    };
    for (let at = input.indexOf(br); at >= 0 && !this.failure; at = input.indexOf(br, at + 1)) {
      const width = at - lineStart;
      const blank = width === 0 || (width === 1 && br === '\n' && input.charCodeAt(lineStart) === 13);
      if (blank) {
        if (runBreaks === 0) runStart = lineStart;
        runBreaks++;
        // more empty lines right after: step over them character by character, not one search each
        if (br.length === 1) {
          const code = br.charCodeAt(0);
          let next = at + 1;
          while (next < input.length && input.charCodeAt(next) === code) next++;
          runBreaks += next - at - 1;
          at = next - 1;
        }
      } else {
        if (runBreaks >= BLANK_RUN) flushRun();
        runBreaks = 0;
      }
      lineStart = at + 1;
    }
    if (runBreaks >= BLANK_RUN && !this.failure) flushRun();
    if (this.failure) return batch;
    this.appendRows(batch, this.fastParser!.parse(from === 0 ? input : input.slice(from), 0, !isLast), hasNul);
    return batch;
  }

  /**
   * A quote opened on some line never closes, so the parser ran it to the end of the file. That line is
   * one bad row; the lines after it are read again as rows (so "skip bad rows" loses that row only).
   */
  private recoverFromUnclosedQuote(input: string, result: PapaResult, unclosed: number): RowBatch {
    const startLine = this.nextLine;
    const before = { data: result.data.slice(0, unclosed), errors: result.errors.filter((e) => e.row < unclosed), meta: result.meta };
    const batch = this.collectRows(before, true, input.includes('\0'));
    if (this.failure) return batch;
    const line = this.nextLine;
    batch.bad.push(badRow('unterminated-quote', line, 'a quoted field starts on this line and its closing quote (") never comes; the lines after it were read as rows again'));
    const breaksToNext = line - startLine + 1;
    const restStart = countUpTo(input, 0, breaksToNext, this.lineBreak);
    const rest = restStart > 0 && countChar(input.slice(0, restStart), this.lineBreak) === breaksToNext ? input.slice(restStart) : '';
    this.nextLine = line + 1;
    this.carry = '';
    this.carryWaitsForQuote = false;
    if (rest !== '') this.appendBatch(batch, this.parseText(rest, true));
    return batch;
  }

  private appendBatch(batch: RowBatch, more: RowBatch): void {
    for (const row of more.rows) batch.rows.push(row);
    for (const line of more.lines) batch.lines.push(line);
    for (const bad of more.bad) batch.bad.push(bad);
  }

  private appendRows(batch: RowBatch, result: PapaResult, hasNul: boolean): void {
    const more = this.collectRows(result, false, hasNul);
    for (const row of more.rows) batch.rows.push(row);
    for (const line of more.lines) batch.lines.push(line);
    for (const bad of more.bad) batch.bad.push(bad);
  }

  private checkCarryLength(): RowBatch {
    if (this.carry.length <= this.options.maxRowChars) return emptyBatch();
    const mb = Math.round(this.options.maxRowChars / 1024 / 1024);
    return this.fail(lineError('row-too-long', this.nextLine, `this row is longer than ${mb} MB; is a quote (") left open?`));
  }

  private collectRows(result: PapaResult, hasQuotes: boolean, hasNul: boolean): RowBatch {
    const batch = emptyBatch();
    const quoteErrors = new Map<number, string>();
    for (const e of result.errors) if (e.row < result.data.length) quoteErrors.set(e.row, e.code);
    for (let i = 0; i < result.data.length; i++) {
      const row = result.data[i];
      const line = this.nextLine;
      this.nextLine += hasQuotes ? 1 + countBreaks(row, this.lineBreak) : 1;
      stripTrailingCarriageReturn(row, this.lineBreak);
      if (row.length === 1 && row[0].trim() === '' && !quoteErrors.has(i)) continue; // blank line
      if (!this.headerValue) {
        if (this.takeHeader(row, result.data.slice(i), line)) continue;
        if (this.failure) return batch;
      }
      const problem = this.rowProblem(row, line, quoteErrors.get(i), hasNul);
      if (problem) batch.bad.push(problem);
      else {
        batch.rows.push(row);
        batch.lines.push(line);
        this.rowsRead++;
      }
    }
    return batch;
  }

  /** Decides the header and decimal comma from the first rows; true when this row was the header. */
  private takeHeader(first: string[], sampleRows: string[][], line: number): boolean {
    if (first.length > READER_LIMITS.maxColumns) {
      this.fail(tooManyColumns(line, first.length.toLocaleString('en')));
      return false;
    }
    const { rows, lines } = sampleWithLines(sampleRows.slice(0, SAMPLE_ROWS), line, this.lineBreak);
    const format = this.formatValue!;
    format.decimalComma = this.options.format?.decimalComma ?? detectDecimalComma(rows, format.delimiter);
    format.hasHeader = this.options.format?.hasHeader ?? detectHeader(rows, format.decimalComma);
    const data = format.hasHeader ? 1 : 0;
    this.readingChoices = chooseReadings(rows.slice(data), lines.slice(data), first.length, format);
    if (!format.hasHeader) {
      this.headerValue = first.map((_, j) => generatedName(j));
      this.warnings.push({ code: 'no-header', message: 'the first row looks like data, so columns are named "column 1", "column 2", …', column: null });
      return false;
    }
    const { names, warnings } = uniqueColumnNames(first);
    this.headerValue = names;
    this.warnings.push(...warnings);
    return true;
  }

  private rowProblem(row: string[], line: number, quoteError: string | undefined, hasNul: boolean): BadRow | null {
    if (quoteError === 'MissingQuotes') return badRow('unterminated-quote', line, 'a quoted field starts on this line and its closing quote (") never comes');
    if (quoteError) return badRow('malformed-quote', line, 'a quoted field has text after its closing quote; write a quote inside quotes as ""');
    const expected = this.headerValue!.length;
    while (row.length > expected && row[row.length - 1].trim() === '') row.pop(); // trailing delimiters
    if (row.length !== expected) return badRow('ragged-row', line, `expected ${expected} fields, found ${row.length}`);
    if (hasNul && row.some((cell) => cell.includes('\0'))) return badRow('nul-byte', line, 'contains a NUL byte; the file may be damaged or not text');
    return null;
  }
}

/** Rows the layout, header and number conventions are judged from. */
const SAMPLE_ROWS = 100;

/** The sample's non-blank rows with their 1-based start lines (a quoted cell may span lines). */
function sampleWithLines(sample: string[][], firstLine: number, lineBreak: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [], lines: number[] = [];
  let line = firstLine;
  for (const row of sample) {
    if (!(row.length === 1 && row[0].trim() === '')) { rows.push(row); lines.push(line); }
    line += 1 + countBreaks(row, lineBreak);
  }
  return { rows, lines };
}

const tooManyColumns = (line: number, count: string): DataError =>
  lineError('too-many-columns', line, `${count} columns; Backprop Studio reads at most ${READER_LIMITS.maxColumns.toLocaleString('en')} columns`);

const badRow = (code: string, line: number, message: string): BadRow => ({ line, error: lineError(code, line, message) });

/** Blank lines in a row from which they are counted rather than parsed. */
const BLANK_RUN = 32;

/** The length of the text from `start` that holds `breaks` line breaks `br` (the last included). */
function countUpTo(text: string, start: number, breaks: number, br: string): number {
  let at = start - 1;
  for (let k = 0; k < breaks; k++) at = text.indexOf(br, at + 1);
  return at + 1 - start;
}

/** How many times the one-character `ch` occurs in `text`. */
function countChar(text: string, ch: string): number {
  let count = 0;
  for (let at = text.indexOf(ch); at >= 0; at = text.indexOf(ch, at + 1)) count++;
  return count;
}

/** Line breaks inside a row's (quoted) cells. */
function countBreaks(row: string[], lineBreak: string): number {
  let breaks = 0;
  for (const cell of row) {
    for (let at = cell.indexOf(lineBreak); at >= 0; at = cell.indexOf(lineBreak, at + 1)) breaks++;
  }
  return breaks;
}

/** With "\n" as the parser's newline, a CRLF file leaves "\r" on each row's last cell. */
function stripTrailingCarriageReturn(row: string[], lineBreak: string): void {
  if (lineBreak !== '\n') return;
  const last = row[row.length - 1];
  if (last.charCodeAt(last.length - 1) === 13) row[row.length - 1] = last.slice(0, -1);
}

function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) { bytes.set(part, offset); offset += part.length; }
  return bytes;
}
