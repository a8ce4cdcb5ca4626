/**
 * Node helper: read a file path in chunks into anything with push(chunk) (the engine's CsvReader or
 * TableReader), gunzipping .gz files on the fly. Memory stays at a chunk or two whatever the file size.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { READ_CHUNK_BYTES, inflatedByteCap, inflatedTooMuch } from '../engine';
import { UserError } from './errors';

export interface ChunkSink {
  push(chunk: Uint8Array): void;
  /** set once the sink has failed: reading stops */
  readonly error?: unknown;
}

/** True when the file starts with the gzip magic bytes 1f 8b. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Streams `path` into `sink` (gunzipped when gzip); onProgress gets (file bytes read, file size). */
export async function readFileInto(path: string, sink: ChunkSink, onProgress?: (bytesRead: number, size: number) => void): Promise<void> {
  const size = await fileSize(path);
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  const gzip = await isGzipFile(path);
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: READ_CHUNK_BYTES })) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  const cap = gzip ? inflatedByteCap(size) : Infinity;
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.byteLength;
      if (inflated > cap) throw new UserError(`${path}: ${inflatedTooMuch(cap)}`);
      sink.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      onProgress?.(raw.bytesRead, size);
      if (sink.error) break;
    }
  } catch (error) {
    if (error instanceof UserError) throw error; // from the sink (a bad row, a full disk): already one line
    throw new UserError(`${path}: ${gzip ? 'the gzip data is damaged' : 'cannot be read'} (${(error as Error).message})`);
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UserError(`${path} is a folder, not a CSV file`);
    return info.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be opened (${code ?? (error as Error).message})`);
  }
}
