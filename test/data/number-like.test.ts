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
  it('thousands separators are not read silently as categories', () => {
    expect(warningsOf(rows(['"1,234"', '"2,500"', '"12,000"', '"5,000"', '"6,100"', '"7,000"']))).toEqual([
      expect.stringMatching(/^column "a" looks numeric, but 6 cells are like "1,234" \(line 2\): written with thousands separators/),
    ]);
  });

  it('"inf" and 1e39 among numbers are named (with more of them than the bad-cell share, the column would otherwise turn categorical silently)', () => {
    expect(warningsOf(rows(['1', '2', 'inf', '4', '1e39', '6', '7', '8', '9', '10'])))
      .toEqual([expect.stringMatching(/2 cells are like "inf" \(line 4\): an infinity/)]);
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
