/**
 * A minimal protocol-buffers wire-format writer (varint, fixed32, length-delimited): enough to encode
 * ONNX's ModelProto without a runtime dependency. Fields are written in the order they are called.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Appends protobuf fields to a growing byte buffer. */
export class ProtoWriter {
  private buffer = new Uint8Array(64);
  private length = 0;

  /** An integer field (int32, int64, enum, bool) as a varint; negative values take ten bytes (two's complement). */
  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** A float field (wire type fixed32, little-endian IEEE 754 single). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.reserve(4);
    new DataView(this.buffer.buffer).setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** A bytes field. */
  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(data.length);
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, text: string): this {
    return this.bytes(field, utf8(text));
  }

  /** An embedded message. */
  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field: one length-delimited run of little-endian singles. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, float32LittleEndian(values));
  }

  /** A packed repeated integer field (int64 / int32) as one run of varints. */
  packedInts(field: number, values: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i]);
    return this.bytes(field, inner.finish());
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** Base-128 varint, least significant group first; negatives as 64-bit two's complement. */
  private varint(value: number | bigint): void {
    let rest = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (rest >= 0x80n) {
      this.buffer[this.length++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.length++] = Number(rest);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** Values as little-endian float32 bytes (ONNX raw_data and packed float_data layout). */
export function float32LittleEndian(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** Values as little-endian float64 bytes (ONNX raw_data of a DOUBLE tensor). */
export function float64LittleEndian(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

/** UTF-8 bytes of a string (the engine has no TextEncoder: it is a DOM/Node API). */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    let code = char.codePointAt(0)!;
    if (code >= 0xd800 && code < 0xe000) code = 0xfffd; // a lone surrogate is not valid UTF-8
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(bytes);
}
