import { describe, expect, it } from 'vitest';
import { prepareData, readTable } from '../../src/engine';

function warningsOf(csv: string): string[] {
  const table = readTable(csv);
  if (!table.ok) throw new Error(table.error.message);
  const prepared = prepareData(table.value, { target: 'y' });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.value.warnings.filter((w) => w.code === 'numbers-as-text').map((w) => w.message);
}
const rows = (cells: string[]): string => `a,y\n${cells.map((c, i) => `${c},${i % 2 ? 'x' : 'z'}`).join('\n')}\n`;

describe('numbers a person reads but the parser does not', () => {
  it('thousands separators first seen after the rows a convention is chosen from are not read silently as categories', () => {
    const cells = [...Array.from({ length: 100 }, (_, i) => String(100 + (i % 10))), ...Array.from({ length: 20 }, (_, i) => `"${(i % 5) + 1},234"`)];
    expect(warningsOf(rows(cells))).toEqual([
      expect.stringMatching(/^column "a" looks numeric, but 20 cells are like "1,234" \(line 102\): they appear only after the first rows/),
    ]);
  });

  it('thousands separators in the first rows are read as numbers instead (issue 14 item 9: this used to be the warning above)', () => {
    expect(warningsOf(rows(['"1,234"', '"2,500"', '"12,000"', '"5,000"', '"6,100"', '"7,000"']))).toEqual([]);
  });

  it('"inf" and 1e39 among numbers are read as missing values with their own warning, no longer as categories', () => {
    expect(warningsOf(rows(['1', '2', 'inf', '4', '1e39', '6', '7', '8', '9', '10']))).toEqual([]);
  });

  it('plain categories and plain numbers get no such warning (negative control)', () => {
    expect(warningsOf(rows(['red', 'green', 'blue', 'red', 'green', 'blue']))).toEqual([]);
    expect(warningsOf(rows(['1234', '2500', '12000', '5000', '6100', '7000']))).toEqual([]);
  });

  it('a distinct count beyond the cap is marked as a lower bound', () => {
    const table = readTable(rows(Array.from({ length: 3000 }, (_, i) => `v${i % 2500}`)));
    if (!table.ok) throw new Error(table.error.message);
    const column = table.value.inspection.columns.find((c) => c.name === 'a')!;
    expect(column.distinctCapped).toBe(true);
    const small = readTable(rows(['a', 'b', 'a']));
    expect(small.ok && small.value.inspection.columns[0].distinctCapped).toBeFalsy();
  });
});
