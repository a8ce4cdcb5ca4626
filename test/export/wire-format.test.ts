import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { ProtoWriter, utf8 } from '../../src/engine/export/protobuf-writer';
import { fnv1a64 } from '../../src/engine/model-file-sections';
import { locateJsonError } from '../../src/engine/model-file-json';

describe('the protobuf writer, read back by protobufjs', () => {
  it('writes any int64 as a varint protobufjs decodes to the same value', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
      const reader = protobuf.Reader.create(new ProtoWriter().int(3, value).finish());
      expect(reader.uint32()).toBe((3 << 3) | 0);
      expect(BigInt(reader.int64().toString())).toBe(value);
    }), { numRuns: 500 });
  });

  it('writes strings as UTF-8 that protobufjs reads back', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      const reader = protobuf.Reader.create(new ProtoWriter().string(1, text).finish());
      reader.uint32();
      expect(reader.string()).toBe(text);
    }), { numRuns: 300 });
  });

  it('writes floats and nested messages at the field numbers asked for', () => {
    const bytes = new ProtoWriter().float(2, 0.01).message(7, new ProtoWriter().int(1, 5)).finish();
    const reader = protobuf.Reader.create(bytes);
    expect(reader.uint32()).toBe((2 << 3) | 5);
    expect(reader.float()).toBe(Math.fround(0.01));
    expect(reader.uint32()).toBe((7 << 3) | 2);
    expect(Array.from(reader.bytes())).toEqual([1 << 3, 5]);
  });

  it('encodes UTF-8 like TextEncoder', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      expect(Array.from(utf8(text))).toEqual(Array.from(new TextEncoder().encode(text)));
    }), { numRuns: 300 });
  });

  it('would be caught writing −1 as a 32-bit varint (negative control)', () => {
    const fiveBytes = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]); // −1 truncated to 32 bits
    const reader = protobuf.Reader.create(fiveBytes);
    expect(BigInt(reader.int64().toString())).not.toBe(-1n);
  });
});

describe('the JSON error locator', () => {
  it('finds no error exactly when JSON.parse succeeds, on valid JSON and its truncations', () => {
    fc.assert(fc.property(fc.json(), fc.nat(), (text, cut) => {
      for (const candidate of [text, text.slice(0, cut % (text.length + 1))]) {
        let parses = true;
        try { JSON.parse(candidate); } catch { parses = false; }
        expect(locateJsonError(candidate) === null).toBe(parses);
      }
    }), { numRuns: 1000 });
  });

  it('names the path of the first bad value', () => {
    expect(locateJsonError('{"layers":[{"weights":[[0.5,NaN]]}]}')).toMatchObject({ path: 'layers.0.weights.0.1' });
  });
});

describe('the FNV-1a 64-bit hash', () => {
  /** The textbook definition with BigInt: h = (h ⊕ c) · 0x100000001b3 mod 2⁶⁴. */
  const reference = (text: string): string => {
    let hash = 0xcbf29ce484222325n;
    for (let i = 0; i < text.length; i++) hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
    return hash.toString(16).padStart(16, '0');
  };

  it('matches the BigInt definition', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => { expect(fnv1a64(text)).toBe(reference(text)); }), { numRuns: 500 });
  });

  it('gives the published hash of "a" and differs for one changed character (negative control)', () => {
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('iris.csv')).not.toBe(fnv1a64('iris.csw'));
  });
});
