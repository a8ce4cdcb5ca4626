/** Bytes to text: encoding sniffing (BOM, UTF-8, Latin-1 fallback), binary and compressed-file detection. */
import type { CsvFormat, DataError } from './types';

/** The part of the WHATWG TextDecoder the engine uses (present in Node, browsers and workers). */
interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderConstructor = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;

function textDecoder(label: string, fatal = false): TextDecoderLike {
  const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderConstructor }).TextDecoder;
  return new Decoder(label, { fatal, ignoreBOM: true });
}

export type Encoding = CsvFormat['encoding'];

const WHATWG_LABEL: Record<Encoding, string> = { 'utf-8': 'utf-8', 'latin-1': 'windows-1252', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be' };

const SIGNATURES: { bytes: number[]; code: string; message: string }[] = [
  { bytes: [0x1f, 0x8b], code: 'compressed-file', message: 'this is gzip-compressed data, not CSV text: decompress it first (the CLI and the app open .gz files directly)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], code: 'zip-file', message: 'this is a ZIP archive (an .xlsx workbook?), not CSV text: save the sheet as CSV first' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], code: 'binary-file', message: 'this is a PNG image, not CSV text' },
  { bytes: [0xff, 0xd8, 0xff], code: 'binary-file', message: 'this is a JPEG image, not CSV text' },
  { bytes: [0x25, 0x50, 0x44, 0x46], code: 'binary-file', message: 'this is a PDF document, not CSV text' },
  { bytes: [0x47, 0x49, 0x46, 0x38], code: 'binary-file', message: 'this is a GIF image, not CSV text' },
];

const startsWith = (bytes: Uint8Array, prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);

/** A file-level error for known binary signatures or a high share of control bytes, else null. */
export function detectBinary(sample: Uint8Array): DataError | null {
  for (const signature of SIGNATURES) {
    if (startsWith(sample, signature.bytes)) return { code: signature.code, message: signature.message, line: null, column: null };
  }
  let control = 0, nul = 0;
  for (const b of sample) {
    if (b === 0) nul++;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  const share = control / Math.max(1, sample.length);
  const isLong = sample.length >= 512;
  if ((isLong && (share > 0.05 || nul > 0.01 * sample.length)) || share > 0.3) {
    return { code: 'binary-file', message: `this looks like binary data, not CSV text (${Math.round(share * 100)}% control bytes at the start)`, line: null, column: null };
  }
  return null;
}

/** Encoding from a byte-order mark, or by trying UTF-8 on the sample (a cut multi-byte tail is allowed). */
export function sniffEncoding(sample: Uint8Array, isComplete: boolean): { encoding: Encoding; bomLength: number } {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  const end = isComplete ? sample.length : completeUtf8Prefix(sample);
  try {
    textDecoder('utf-8', true).decode(sample.subarray(0, end));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'latin-1', bomLength: 0 };
  }
}

/** Length of the sample without a trailing, possibly cut, multi-byte UTF-8 sequence. */
function completeUtf8Prefix(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0xc0) return bytes.length - back; // a lead byte whose sequence may be cut
    if ((b & 0x80) === 0) return bytes.length;
  }
  return bytes.length;
}

/** Streaming decoder for one encoding; invalid bytes become U+FFFD and are remembered for a warning. */
export class ChunkDecoder {
  readonly encoding: Encoding;
  private decoder: TextDecoderLike;
  private isStrict: boolean;
  sawInvalidBytes = false;

  constructor(encoding: Encoding) {
    this.encoding = encoding;
    this.isStrict = encoding !== 'latin-1';
    this.decoder = textDecoder(WHATWG_LABEL[encoding], this.isStrict);
  }

  /** Text for these bytes; a multi-byte character cut at the end waits for the next chunk. */
  decode(bytes: Uint8Array, isLast: boolean): string {
    if (!this.isStrict) return this.decoder.decode(bytes, { stream: !isLast });
    try {
      return this.decoder.decode(bytes, { stream: !isLast });
    } catch {
      this.sawInvalidBytes = true; // from here on, replace invalid bytes instead of failing
      this.isStrict = false;
      this.decoder = textDecoder(WHATWG_LABEL[this.encoding]);
      return this.decoder.decode(bytes, { stream: !isLast });
    }
  }
}
