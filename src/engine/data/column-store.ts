/**
 * Columnar storage of one column's cells while a file streams in. A column starts dictionary-coded
 * (2 bytes a cell); past PROFILE_LIMITS.distinctCap distinct values it becomes float32 numbers, float64
 * dates, or (free text, ids) is dropped. Bad cells (not a number in a numeric column) are listed by row.
 */
import { isMissing, isUnusableNumber, parseDate, readNumber, type NumberRule } from './cells';
import { BlockArray, float32Blocks, float64Blocks, int32Blocks, uint16Blocks } from './blocks';
import { KIND_THRESHOLD, isNumericProfile } from './schema';
import { PROFILE_LIMITS, type ColumnProfile } from './profile';

export type StoreMode = 'codes' | 'numbers' | 'dates' | 'dropped';

const MISSING_CODE = 0;

/** float32 value of a numeric cell under a column's rule (or the file's decimal comma), NaN when missing, not a number, or unusable (∞, beyond float32). */
export function cellNumber(cell: string, rule: NumberRule | boolean): number {
  const x = readNumber(cell, typeof rule === 'boolean' ? { decimalComma: rule } : rule);
  return x === x && !isUnusableNumber(x) ? Math.fround(x) : NaN;
}

/** Most categories a column stores as codes (uint16, code 0 = missing) before it is dropped. */
const MAX_CODES = 65_535;

/**
 * The number a stored category stands for (±Infinity for "inf" or "1e39", NaN for text). A numeric cell is
 * stored as String(x), JavaScript's own notation with a decimal point, whatever the file's separator: read
 * back with a decimal comma, "-182.625" would be -182625 (the dot taken for a thousands separator).
 */
function categoryNumber(category: string): number {
  return readNumber(category, { decimalComma: false });
}

/** One column's cells, stored compactly as they stream in (see the file comment for the modes). */
export class ColumnStore {
  mode: StoreMode = 'codes';
  private codes: BlockArray<Uint16Array> | null = uint16Blocks();
  private readonly dictionary = new Map<string, number>();
  private readonly numberCodes = new Map<number, number>();
  /** code → category; index 0 is the missing code */
  readonly categories: string[] = [''];
  private numbers: BlockArray<Float32Array> | null = null;
  private dates: BlockArray<Float64Array> | null = null;
  private readonly badRows = int32Blocks();
  private codeNumbers: Float64Array | null = null;
  private codeDates: Float64Array | null = null;
  rows = 0;

  /** `rule`: how the column's cells read as numbers (recorded in the preprocessing a numeric column is fitted into) */
  constructor(readonly rule: NumberRule = { decimalComma: false }) {}

  /** Stores one raw cell; `profile` (already updated with it) decides a switch of mode on overflow. */
  add(cell: string, profile: ColumnProfile): void {
    const row = this.rows++;
    switch (this.mode) {
      case 'codes': return this.addCode(cell, profile);
      case 'numbers': return this.addNumber(cell, row, profile);
      case 'dates': return this.addDate(cell, row);
      case 'dropped': return;
    }
  }

  /** Dictionary coding; a number is keyed by its value (cheap to hash) and labelled canonically, like categoryOf. */
  private addCode(cell: string, profile: ColumnProfile): void {
    const x = profile.lastNumber;
    if (x !== x && isMissing(cell)) { this.codes!.push(MISSING_CODE); return; }
    const isNumber = x === x && !isUnusableNumber(x); // "inf" stays text, as categoryOf spells it
    let code = isNumber ? this.numberCodes.get(x) : this.dictionary.get(cell.trim());
    if (code === undefined) {
      if (this.categories.length > PROFILE_LIMITS.distinctCap && this.shouldLeaveCodes(profile)) {
        this.rows--;
        this.leaveCodes(profile);
        this.add(cell, profile);
        return;
      }
      code = this.categories.length;
      if (isNumber) this.numberCodes.set(x, code); else this.dictionary.set(cell.trim(), code);
      this.categories.push(isNumber ? String(x) : cell.trim());
    }
    this.codes!.push(code);
  }

  /**
   * Past the distinct cap numbers and dates are stored as values; other text keeps its codes up to MAX_CODES
   * (a many-level category), since whether it is free text or ids is known only at the end (release()).
   */
  private shouldLeaveCodes(profile: ColumnProfile): boolean {
    return isNumericProfile(profile) || profile.dates >= KIND_THRESHOLD * profile.nonMissing || this.categories.length > MAX_CODES;
  }

  /** Drops the values of a column judged free text or ids after the whole file was read (no feature can use them). */
  release(): void {
    if (this.mode !== 'codes') return;
    this.mode = 'dropped';
    this.codes = null;
    this.dictionary.clear();
    this.numberCodes.clear();
    this.categories.length = 1;
  }

  /** Too many distinct values: re-store what was read as numbers or dates, or drop the column. */
  private leaveCodes(profile: ColumnProfile): void {
    const codes = this.codes!;
    this.codes = null;
    this.dictionary.clear();
    this.numberCodes.clear();
    if (isNumericProfile(profile)) {
      this.mode = 'numbers';
      this.numbers = float32Blocks();
      const values = this.categories.map(categoryNumber);
      codes.forEach((code, row) => this.storeNumber(values[code], code !== MISSING_CODE, row));
    } else if (profile.dates >= KIND_THRESHOLD * profile.nonMissing) {
      this.mode = 'dates';
      this.dates = float64Blocks();
      const values = this.categories.map((c) => parseDate(c));
      codes.forEach((code, row) => this.storeDate(values[code], code !== MISSING_CODE, row));
    } else {
      this.mode = 'dropped';
    }
    this.categories.length = 1;
  }

  private addNumber(cell: string, row: number, profile: ColumnProfile): void {
    const x = profile.lastNumber;
    const missing = x !== x && isMissing(cell);
    this.storeNumber(x, !missing, row);
    if (this.badRows.length > 100 && this.badRows.length > (1 - KIND_THRESHOLD) * profile.nonMissing) this.drop();
  }

  /** Stores x as float32; an unusable number (±∞) is stored as missing, not a bad cell. */
  private storeNumber(x: number, present: boolean, row: number): void {
    this.numbers!.push(isUnusableNumber(x) ? NaN : Math.fround(x));
    if (present && x !== x) this.badRows.push(row);
  }

  private addDate(cell: string, row: number): void {
    const missing = isMissing(cell);
    this.storeDate(missing ? NaN : parseDate(cell), !missing, row);
  }

  private storeDate(ms: number, present: boolean, row: number): void {
    this.dates!.push(ms);
    if (present && ms !== ms) this.badRows.push(row);
  }

  private drop(): void {
    this.mode = 'dropped';
    this.numbers = null;
    this.dates = null;
  }

  /** The float32 number in `row`, NaN when missing or bad. */
  number(row: number): number {
    if (this.mode === 'numbers') return this.numbers!.get(row);
    if (this.mode !== 'codes') return NaN;
    this.codeNumbers ??= Float64Array.from(this.categories, (c, code) => {
      const x = code === MISSING_CODE ? NaN : categoryNumber(c);
      return isUnusableNumber(x) ? NaN : Math.fround(x);
    });
    return this.codeNumbers[this.codes!.get(row)];
  }

  /** The date in `row` as ms since 1970, NaN when missing or bad. */
  date(row: number): number {
    if (this.mode === 'dates') return this.dates!.get(row);
    if (this.mode !== 'codes') return NaN;
    this.codeDates ??= Float64Array.from(this.categories, (c, code) => (code === MISSING_CODE ? NaN : parseDate(c)));
    return this.codeDates[this.codes!.get(row)];
  }

  /** The category code in `row` (0 = missing); only in 'codes' mode. */
  code(row: number): number {
    return this.codes ? this.codes.get(row) : MISSING_CODE;
  }

  /** Rows whose cell is present but not a number (kind 'numeric') or not a date (kind 'date'). */
  badRowsFor(kind: 'numeric' | 'date'): number[] {
    if (this.mode !== 'codes') {
      const rows: number[] = [];
      this.badRows.forEach((row) => rows.push(row));
      return rows;
    }
    const parse = kind === 'numeric' ? categoryNumber : parseDate;
    const isBadCode = this.categories.map((c, code) => code !== MISSING_CODE && Number.isNaN(parse(c)));
    const rows: number[] = [];
    this.codes!.forEach((code, row) => { if (isBadCode[code]) rows.push(row); });
    return rows;
  }
}
