import type { DatasetSource } from '../shared/protocol';
import { inflatedByteCap, inflatedTooMuch } from '../engine';
import { DataProblem, type CsvContent } from './dataset';

/** Reads a file by path; only hosts with a file system (the Electron utility process, the CLI) provide it. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

const GZIP_MAGIC = [0x1f, 0x8b];

/** The CSV content (text, or bytes whose encoding the data module detects) and a display name; gzip bytes are inflated (DecompressionStream exists in Node ≥ 18 and browsers). */
export async function readSource(source: DatasetSource, readFile: ReadFile | undefined): Promise<{ name: string; content: CsvContent }> {
  if (source.kind === 'text') return { name: source.name, content: source.text };
  if (source.kind === 'bytes') return { name: source.name.replace(/\.gz$/i, ''), content: await inflateIfGzip(source.bytes) };
  if (!readFile) {
    throw new DataProblem({ code: 'no-file-access', message: 'this host cannot read files by path; send the file\'s bytes instead', line: null, column: null });
  }
  const name = source.path.split(/[\\/]/).pop() ?? source.path;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source.path);
  } catch (error) {
    throw new DataProblem({ code: 'unreadable-file', message: `cannot read ${name}: ${(error as Error).message}`, line: null, column: null });
  }
  return { name: name.replace(/\.gz$/i, ''), content: await inflateIfGzip(bytes) };
}

/** Gzip bytes inflated chunk by chunk, stopped at inflatedByteCap (100× the size, at least 64 MiB): no bomb fills the memory. */
async function inflateIfGzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  const cap = inflatedByteCap(bytes.length);
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      total += part.value.byteLength;
      if (total > cap) throw new DataProblem({ code: 'inflated-too-large', message: inflatedTooMuch(cap), line: null, column: null });
      chunks.push(part.value);
    }
  } catch (error) {
    if (error instanceof DataProblem) throw error;
    throw new DataProblem({ code: 'damaged-gzip', message: `the gzip data is damaged (${(error as Error).message})`, line: null, column: null });
  } finally {
    void reader.cancel().catch(() => {});
  }
  const inflated = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) { inflated.set(chunk, offset); offset += chunk.byteLength; }
  return inflated;
}
