import { afterEach, describe, expect, it, vi } from 'vitest';
import { READ_CHUNK_BYTES, TableReader, readTable, type RawTable } from '../../src/engine';

// readTable feeds a whole text or file to the reader in pieces of at most READ_CHUNK_BYTES, so only one
// piece's parsed cells are held at a time (read whole, an 87 MB file held ~1 GB), and a cut anywhere —
// inside a UTF-8 sequence, a surrogate pair or a quoted field — reads back as if the file came in one piece.

afterEach(() => { vi.restoreAllMocks(); });

/** `rows` rows of an id, a decimal and a class, about 20 bytes each. */
function numericCsv(rows: number): string {
  const lines = ['id,x,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(Math.sin(i) * 100).toFixed(4)},${i % 3}`);
  return `${lines.join('\n')}\n`;
}

function tableOf(source: Parameters<typeof readTable>[0]): RawTable {
  const result = readTable(source);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** What a table holds, cell by cell, through its stores (codes or numbers). */
function cellsOf(table: RawTable): string[][] {
  return table.stores.map((store) => Array.from({ length: table.rows }, (_, row) => {
    if (store.mode === 'codes') return store.categories[store.code(row)];
    return String(store.number(row));
  }));
}

describe('reading a whole file in pieces', () => {
  it('feeds the reader at most READ_CHUNK_BYTES at a time and reads the same table as a file streamed in 7 KB chunks', () => {
    const bytes = new TextEncoder().encode(numericCsv(150_000)); // ~3 MB
    const pushed: number[] = [];
    const push = TableReader.prototype.push;
    vi.spyOn(TableReader.prototype, 'push').mockImplementation(function (this: TableReader, chunk) {
      pushed.push(chunk.length);
      push.call(this, chunk);
    });
    const whole = tableOf(bytes);
    expect(bytes.length).toBeGreaterThan(2 * READ_CHUNK_BYTES);
    expect(Math.max(...pushed)).toBeLessThanOrEqual(READ_CHUNK_BYTES); // fed whole, it was one push of ~3 MB
    expect(pushed.reduce((a, b) => a + b, 0)).toBe(bytes.length);
    expect(pushed.length).toBe(Math.ceil(bytes.length / READ_CHUNK_BYTES));

    vi.restoreAllMocks();
    const streamed = tableOf(Array.from({ length: Math.ceil(bytes.length / 7000) }, (_, i) => bytes.subarray(i * 7000, (i + 1) * 7000)));
    expect(whole.rows).toBe(150_000);
    expect(whole.inspection.columns).toEqual(streamed.inspection.columns);
    expect(cellsOf(whole)).toEqual(cellsOf(streamed));
  });

  it('reads an emoji, an accented letter and a quoted line break cut by a piece boundary back as written, from text and from bytes', () => {
    const special = '"é😀\nß"'; // as bytes: " (1) é (2) 😀 (4) …; as text: " é 😀 (a surrogate pair) …
    /** A file whose quoted label cell starts at character (and byte) `at`; every other row is plain ASCII. */
    const fileWithCellAt = (at: number): string => {
      let text = 'id,x,label\n';
      for (let i = 0; text.length < at - 100; i++) text += `${i},1.5,a\n`;
      text += `${'9'.repeat(at - text.length - 5)},2.5,`;
      expect(text.length).toBe(at);
      text += `${special}\n`;
      for (let i = 0; i < 20; i++) text += `${i},1.5,a\n`;
      return text;
    };
    const cases = [
      { source: fileWithCellAt(READ_CHUNK_BYTES - 3) as string | Uint8Array, what: 'text cut between the surrogates of 😀' },
      { source: new TextEncoder().encode(fileWithCellAt(READ_CHUNK_BYTES - 5)), what: 'bytes cut inside the UTF-8 sequence of 😀' },
    ];
    expect((cases[0].source as string).slice(READ_CHUNK_BYTES - 1, READ_CHUNK_BYTES + 1)).toBe('😀');
    expect(Array.from((cases[1].source as Uint8Array).subarray(READ_CHUNK_BYTES - 2, READ_CHUNK_BYTES + 2))).toEqual(Array.from(new TextEncoder().encode('😀')));
    for (const { source, what } of cases) {
      const table = tableOf(source);
      const labels = cellsOf(table)[2];
      expect(labels.filter((label) => label === 'é😀\nß'), what).toHaveLength(1);
      expect(labels.filter((label) => label === 'a'), what).toHaveLength(table.rows - 1);
    }
  });
});
