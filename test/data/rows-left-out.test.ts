import { describe, expect, it } from 'vitest';
import { prepareData, readTable, type DataChoices } from '../../src/engine';

/** 60 data rows (lines 2–61): line 11 opens a quote that never closes, line 20 has no target, line 30 has "12abc" in a numeric column. */
function file(): string {
  const lines = ['a,b,y'];
  for (let line = 2; line <= 61; line++) {
    lines.push(line === 11 ? '1,"broken,x' : line === 20 ? `${line},${line * 2},` : line === 30 ? `12abc,${line * 2},p` : `${line % 9},${line * 2},${line % 2 ? 'p' : 'q'}`);
  }
  return `${lines.join('\n')}\n`;
}

function leftOut(choices: Partial<DataChoices>) {
  const table = readTable(file(), { badRows: 'skip' });
  if (!table.ok) throw new Error(table.error.message);
  const prepared = prepareData(table.value, { target: 'y', ...choices });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return { rows: table.value.rows, ...prepared.value };
}

describe('rows left out, each counted once under its reason', () => {
  it('a quote left open loses its one row; a row without a target and one with a bad cell are told apart', () => {
    const p = leftOut({ badRows: 'skip' });
    expect(p.rows).toBe(59);
    expect(p.rowsLeftOut).toEqual({ malformed: 1, missingTarget: 1, badCells: 1, missingValues: 0, unknownClass: 0 });
    expect(p.skippedRows).toBe(3);
    expect(p.split.train + p.split.validation + p.split.test).toBe(57);
  });

  it('a row both without a target and with a bad cell counts once, as missing its target', () => {
    const table = readTable('a,y\n1,p\n2,q\nzz,\n4,p\n5,q\n6,p\n', { badRows: 'skip' });
    if (!table.ok) throw new Error(table.error.message);
    const p = prepareData(table.value, { target: 'y', badRows: 'skip' });
    expect(p.ok && p.value.rowsLeftOut).toEqual({ malformed: 0, missingTarget: 1, badCells: 0, missingValues: 0, unknownClass: 0 });
  });

  it('a file with nothing wrong leaves no row out (negative control)', () => {
    const table = readTable('a,y\n1,p\n2,q\n3,p\n');
    const p = table.ok ? prepareData(table.value, { target: 'y' }) : null;
    expect(p?.ok && p.value.rowsLeftOut).toEqual({ malformed: 0, missingTarget: 0, badCells: 0, missingValues: 0, unknownClass: 0 });
  });
});

describe('the missing-target warning', () => {
  it('says the rows without a target value were left out, in the singular for one', () => {
    const table = readTable(file(), { badRows: 'skip' });
    const p = table.ok ? prepareData(table.value, { target: 'y', badRows: 'skip' }) : null;
    expect(p?.ok && p.value.warnings.find((w) => w.code === 'missing-target')?.message).toBe('1 row without a target value ("y" is empty or missing, 1.7% of the rows) was left out');
  });
});

// Every prepared row keeps its own target when rows before it are left out (prepare maps a kept row to its place
// among the kept rows): the feature x is the row's number plus ½ (not an id column), the target a function of it,
// and rows 3, 4, 10, 11… have none.
describe('targets stay with their rows when rows are left out', () => {
  const prepared = (target: (x: number) => string, task: 'auto' | 'regression') => {
    const lines = ['x,y'];
    for (let x = 0; x < 400; x++) lines.push(`${x + 0.5},${x % 7 === 3 || x % 7 === 4 ? '' : target(x)}`);
    const table = readTable(`${lines.join('\n')}\n`);
    if (!table.ok) throw new Error(table.error.message);
    const result = prepareData(table.value, { target: 'y', task, scaling: 'none', validationFraction: 0.2, testFraction: 0.2 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rowsLeftOut.missingTarget).toBe(114);
    return result.value;
  };
  const splits = (p: ReturnType<typeof prepared>) => [p.train, p.validation, p.test];

  it('a class target: each row\'s class is the one its x was written with', () => {
    const p = prepared((x) => ['low', 'mid', 'high'][x % 3], 'auto');
    const classes = p.preprocessing.target.classes!;
    for (const data of splits(p)) {
      for (let i = 0; i < data.rows; i++) expect(classes[data.targets[i]]).toBe(['low', 'mid', 'high'][(data.features[i] - 0.5) % 3]);
    }
  });

  it('a numeric target: each row\'s standardized y gives back 2x + 1', () => {
    const p = prepared((x) => String(2 * x + 1), 'regression');
    const { mean, std } = p.preprocessing.target;
    for (const data of splits(p)) {
      for (let i = 0; i < data.rows; i++) expect(data.targets[i] * std! + mean!).toBeCloseTo(2 * (data.features[i] - 0.5) + 1, 3);
    }
  });
});
