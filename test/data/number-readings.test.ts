import { describe, expect, it } from 'vitest';
import { encodeTargets, prepareData, readTable, transformRows, type DataChoices } from '../../src/engine';
import { parseNumberAs, readNumber } from '../../src/engine/data/cells';
import { chooseReading } from '../../src/engine/data/number-readings';

function prepared(csv: string, choices: Partial<DataChoices> = { target: 'y' }) {
  const table = readTable(csv);
  if (!table.ok) throw new Error(table.error.message);
  const result = prepareData(table.value, choices);
  if (!result.ok) throw new Error(result.error.message);
  return { table: table.value, ...result.value };
}
const kindOf = (p: ReturnType<typeof prepared>, name: string) => p.columns.find((c) => c.name === name)?.kind;
const warningOf = (p: ReturnType<typeof prepared>, code: string) => p.warnings.find((w) => w.code === code)?.message;
const lines = (n: number) => Array.from({ length: n }, (_, i) => i + 2);

describe('a column\'s number convention', () => {
  it('"1,234.5" with groups of three reads the comma as a thousands separator, and says so', () => {
    const p = prepared('amount,y\n"1,234.5",a\n"12,000",b\n"999.25",a\n"2,500,000",b\n7,a\n');
    expect(kindOf(p, 'amount')).toBe('numeric');
    expect(p.columns[0]).toMatchObject({ min: 7, max: 2_500_000, numberReading: 'comma-thousands' });
    expect(p.preprocessing.columns[0]).toMatchObject({ name: 'amount', numbers: 'comma-thousands' });
    expect(warningOf(p, 'number-reading')).toMatch(/^column "amount" is read as numbers written like 1,234\.5: "," as the thousands separator and "\." as the decimal mark/);
  });

  it('plain numbers get no convention and no note (negative control)', () => {
    const p = prepared('amount,y\n1234.5,a\n12000,b\n999.25,a\n');
    expect(p.columns[0].numberReading).toBeUndefined();
    expect(p.preprocessing.columns[0]).not.toHaveProperty('numbers');
    expect(warningOf(p, 'number-reading')).toBeUndefined();
  });

  it('"1,5" with no dots in a ";" file whose other columns use decimal points reads as a decimal comma', () => {
    const p = prepared('w;b;c;y\n1,5;1.25;2.5;a\n22,75;3.5;4.25;b\n3;5.5;6.75;a\n');
    expect(p.table.inspection.format.decimalComma).toBe(false);
    expect(p.columns[0]).toMatchObject({ kind: 'numeric', min: 1.5, max: 22.75, numberReading: 'decimal-comma' });
  });

  it('"1,250" alone in a ";" file could be 1250 or 1.25: the column stays categorical and the warning says why', () => {
    const p = prepared('a;b;c;y\n1,250;1.5;2.5;a\n2,500;3.5;4.5;b\n1,250;5.5;6.5;a\n2,500;7.5;8.5;b\n');
    expect(kindOf(p, 'a')).toBe('categorical');
    expect(warningOf(p, 'numbers-as-text')).toMatch(/"1,250" \(line 2\): it could be 1250 \(a thousands comma\) or 1\.25 \(a decimal comma\)/);
  });

  it('the same cells in a comma-separated file read as thousands (a decimal-point locale wrote it)', () => {
    const p = prepared('a,y\n"1,250",a\n"2,500",b\n"1,250",a\n');
    expect(p.columns[0]).toMatchObject({ kind: 'numeric', min: 1250, max: 2500 });
  });

  it('cells that mix conventions ("1,234.5" beside "1.234,5") are left as categories with a warning', () => {
    const p = prepared('a;y\n1,234.5;a\n1.234,5;b\n1,234.5;a\n');
    expect(kindOf(p, 'a')).toBe('categorical');
    expect(warningOf(p, 'numbers-as-text')).toMatch(/mix number conventions/);
  });

  it('spaces (also no-break spaces) and apostrophes group thousands too', () => {
    expect(parseNumberAs('1\u00a0234\u202f567,5', 'space-thousands-decimal-comma')).toBe(1234567.5);
    expect(parseNumberAs("1'234.5", 'apostrophe-thousands')).toBe(1234.5);
    expect(parseNumberAs('1,23', 'comma-thousands')).toBeNaN(); // groups are three digits
    expect(chooseReading(['1 234', '56 789', '12'], lines(3), { decimalComma: false, delimiter: '\t' })?.reading).toBe('space-thousands');
    expect(chooseReading(['1 234', '56 789', '12'], lines(3), { decimalComma: true, delimiter: ';' })?.reading).toBe('space-thousands-decimal-comma');
  });

  it('prediction reads a cell in the column\'s recorded convention', () => {
    const p = prepared('amount,y\n"1,234.5",a\n"12,000",b\n"999.25",a\n"2,500,000",b\n7,a\n');
    const grouped = transformRows(p.preprocessing, [{ amount: '12,000' }, { amount: '12000' }]);
    expect(grouped.ok && grouped.value[0]).toBe(grouped.ok && grouped.value[1]);
    const older = { ...p.preprocessing, columns: p.preprocessing.columns.map((c) => (c.kind === 'numeric' ? { ...c, numbers: undefined } : c)) };
    const asBefore = transformRows(older, [{ amount: '12,000' }]);
    expect(asBefore.ok ? 'read' : asBefore.error.message).toMatch(/"12,000" is not a number/); // a file without the record reads as before
  });
});

describe('infinities and numbers beyond float32', () => {
  const csv = 'x,y\n1,a\n2,b\ninf,a\n4,b\n1e39,a\n-Infinity,b\n7,a\n8,b\n9,a\n10,b\n';

  it('read as missing values in a numeric column, imputed, with a warning naming the first', () => {
    const p = prepared(csv);
    expect(kindOf(p, 'x')).toBe('numeric');
    expect(p.columns[0].unusableNumbers).toEqual({ count: 3, first: { text: 'inf', line: 4 } });
    expect(warningOf(p, 'unusable-numbers')).toMatch(/3 cells are infinite or beyond the float32 range .* like "inf" \(line 4\); they are read as missing values \(filled with the mean\)/);
    expect(p.train.features.every(Number.isFinite)).toBe(true);
  });

  it('at prediction time an infinity is the imputed value, as a missing cell is', () => {
    const p = prepared(csv);
    const rows = transformRows(p.preprocessing, [{ x: 'inf' }, { x: '-1e39' }, { x: '' }, { x: '5' }]);
    if (!rows.ok) throw new Error(rows.error.message);
    expect(rows.value[0]).toBe(rows.value[2]);
    expect(rows.value[1]).toBe(rows.value[2]);
    expect(rows.value[3]).not.toBe(rows.value[2]); // negative control: a real number is not imputed
  });

  it('readNumber tells unusable (±Infinity) from not a number (NaN)', () => {
    expect([readNumber('inf', { decimalComma: false }), readNumber(' -INFINITY ', { decimalComma: false }), readNumber('1e39', { decimalComma: false }), readNumber('3.4e38', { decimalComma: false })])
      .toEqual([Infinity, -Infinity, Infinity, 3.4e38]);
    expect(readNumber('infinite', { decimalComma: false })).toBeNaN();
  });
});

describe('distinct counts past the cap', () => {
  const categoryFile = (levels: number, rows: number) => `c,x,y\n${Array.from({ length: rows }, (_, i) => `L${(i * 7919) % levels},${i % 10},${'ab'[i % 2]}`).join('\n')}\n`;

  it('a 3,000-level category is a category (not "a different value in every row") and its count reads "≥ 2,048"', () => {
    const p = prepared(categoryFile(3000, 9000), { target: 'y', excluded: [] });
    expect(p.columns[0]).toMatchObject({ kind: 'categorical', distinct: 2048, distinctCapped: true });
    expect(warningOf(p, 'high-cardinality')).toMatch(/^column "c" has ≥ 2,048 values; the \d+ most frequent get an input each/);
    expect(p.featureNames.some((n) => n.startsWith('c='))).toBe(true);
  });

  it('a column with a new value in nearly every row is still free text or ids (negative control)', () => {
    const p = prepared(categoryFile(9000, 9000));
    expect(kindOf(p, 'c')).toBe('text');
    expect(p.warnings.find((w) => w.column === 'c')?.message).toMatch(/free text or ids \(≥ 2,048 distinct values, nearly one per row\)/);
  });

  it('a 5,000-class target fails up front naming the class limit and the count, not "no row is left"', () => {
    const csv = `x,y\n${Array.from({ length: 15000 }, (_, i) => `${i % 10},k${(i * 7) % 5000}`).join('\n')}\n`;
    const table = readTable(csv);
    if (!table.ok) throw new Error(table.error.message);
    const result = prepareData(table.value, { target: 'y' });
    expect(result.ok ? 'trained' : result.error.message).toBe('the target "y" has 5,000 classes; a class target may have at most 1,000 (is it a regression target?)');
  });

  it('an id-like target of 3,000 distinct values is refused with the cap, not "no row is left to train on"', () => {
    const csv = `x,y\n${Array.from({ length: 3000 }, (_, i) => `${i % 10},id${i}`).join('\n')}\n`;
    const table = readTable(csv);
    if (!table.ok) throw new Error(table.error.message);
    const result = prepareData(table.value, { target: 'y' });
    expect(result.ok ? 'trained' : result.error.message).toMatch(/^the target "y" has at least 2,048 distinct values \(100% of its rows differ\); a class target may have at most 1,000 classes/);
  });
});

describe('choosing conventions stays cheap', () => {
  it('a file of 5,000 text columns (100 sampled rows) reads in under 2 s of CPU', () => {
    const header = Array.from({ length: 5000 }, (_, j) => `c${j}`).join(',');
    const rows = Array.from({ length: 100 }, (_, i) => Array.from({ length: 5000 }, (_, j) => `w${(i * 31 + j) % 7}x`).join(','));
    const started = process.cpuUsage();
    const table = readTable(`${header}\n${rows.join('\n')}\n`);
    const used = process.cpuUsage(started);
    expect(table.ok && table.value.inspection.columns.length).toBe(5000);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
  });
});

describe('a class target written with thousands separators', () => {
  it('keeps its classes as numbers and reads them back in its convention when scoring', () => {
    const p = prepared('x,y\n1,"1,000"\n2,"2,000"\n3,"1,000"\n4,"2,000"\n5,"1,000"\n6,"2,000"\n', { target: 'y', task: 'classification' });
    expect(p.classes).toEqual(['1000', '2000']);
    expect(p.preprocessing.target.numbers).toBe('comma-thousands');
    const scored = encodeTargets(p.preprocessing, ['2,000', '1000']);
    expect(scored.ok && Array.from(scored.value)).toEqual([1, 0]);
    const older = encodeTargets({ ...p.preprocessing, target: { ...p.preprocessing.target, numbers: undefined } }, ['2,000']);
    expect(older.ok).toBe(false); // negative control: without the record "2,000" is no class
  });
});
