import { describe, expect, it } from 'vitest';
import * as modules from '../../src/engine/kernels/wasm-binary.generated';

// The host owns all of a kernel instance's memory (its allocator starts at byte 1024), so a module must
// not place anything there itself: no data segment (the standard library's Math.log and friends bring
// tables in one, which the host's arrays would overwrite), no start function, no memory of its own.

/** The ids of a WebAssembly binary's sections, in order. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0, shift = 0, byte: number;
    do { byte = bytes[at++]; size |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
    ids.push(id);
    at += size;
  }
  return ids;
}

const DATA = 11, START = 8, MEMORY = 5, IMPORT = 2;

describe('the embedded kernel modules', () => {
  const entries = Object.entries(modules).filter(([, value]) => typeof value === 'string') as [string, string][];

  it('are the four builds (plain and fused multiply-add, ordinary and shared memory)', () => {
    expect(entries.map(([name]) => name).sort()).toEqual(['kernelsFmaSharedWasm', 'kernelsFmaWasm', 'kernelsSharedWasm', 'kernelsWasm']);
  });

  for (const [name, base64] of entries) {
    it(`${name} imports its memory and has no data segment, no start function and no memory of its own`, () => {
      const ids = sectionIds(Buffer.from(base64, 'base64'));
      expect(ids).toContain(IMPORT);
      expect(ids).not.toContain(DATA);
      expect(ids).not.toContain(START);
      expect(ids).not.toContain(MEMORY);
    });
  }

  it('the section reader sees a data segment where one is (negative control)', () => {
    // (module (memory 1) (data (i32.const 0) "x")): magic, version, memory section, data section
    const withData = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 5, 3, 1, 0, 1, 11, 7, 1, 0, 65, 0, 11, 1, 120]);
    expect(new WebAssembly.Module(withData)).toBeTruthy();
    expect(sectionIds(withData)).toEqual([MEMORY, DATA]);
  });
});
