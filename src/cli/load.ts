/** Reading a CSV path into the engine's TableReader, with a progress bar. */
import { basename } from 'node:path';
import { TableReader, type RawTable, type TableOptions } from '../engine';
import { unwrap } from './errors';
import { progressBar } from './progress';
import { readFileInto } from './read-file';

/** The file read through the data module (rows kept when options.keepRows); bad data → UserError. */
export async function loadTable(path: string, options: TableOptions): Promise<RawTable> {
  const reader = new TableReader(options);
  const progress = progressBar();
  await readFileInto(path, reader, (bytes, size) => progress.update(size ? bytes / size : 0, `reading ${basename(path)}: ${reader.rowsRead.toLocaleString('en')} rows`));
  progress.done();
  return unwrap(reader.end(), path);
}
