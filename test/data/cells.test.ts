import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMissing, parseDate, parseNumber } from '../../src/engine';
import { parseNumberSlowly, parsePlainDecimal } from '../../src/engine/data/cells';
import { detectDecimalComma, detectDelimiter, detectHeader, detectNewline } from '../../src/engine/data/sniff';

describe('reading cells', () => {
  it('reads plain decimals and exponents', () => {
    expect(['0', '-1.5', '+2', '.5', '3.', '1e3', '-2.5E-2', ' 7 '].map((c) => parseNumber(c))).toEqual([0, -1.5, 2, 0.5, 3, 1000, -0.025, 7]);
  });

  it('refuses hexadecimal, infinities, trailing text and commas without a decimal comma', () => {
    for (const cell of ['0x10', 'Infinity', '-inf', '12abc', '1,5', '1 000', '', '--1', '1e', '.']) expect(parseNumber(cell), cell).toBeNaN();
  });

  it('reads a decimal comma and a thousands dot when asked', () => {
    expect(['1,5', '-0,25', '1.234,5', '2.5', '3'].map((c) => parseNumber(c, true))).toEqual([1.5, -0.25, 1234.5, 2.5, 3]);
  });

  it('treats "", NA, N/A, NaN, null and ? as missing, in any case, and nothing else', () => {
    for (const cell of ['', '  ', 'NA', 'na', 'N/A', 'NaN', 'null', 'NULL', '?', ' ? ']) expect(isMissing(cell), cell).toBe(true);
    for (const cell of ['0', 'none', 'nan2', '-', 'n', 'NAN!']) expect(isMissing(cell), cell).toBe(false);
  });

  it('reads ISO dates and refuses impossible ones', () => {
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('2024/1/5 13:45')).toBe(Date.UTC(2024, 0, 5, 13, 45));
    for (const cell of ['2023-02-29', '2024-13-01', '31/01/2024', '2024']) expect(parseDate(cell), cell).toBeNaN();
  });

  const decimalText = fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,9}$/), fc.boolean(), fc.stringMatching(/^\d{0,8}$/))
    .filter(([, whole, , fraction]) => whole.length + fraction.length > 0)
    .map(([sign, whole, point, fraction]) => `${sign}${whole}${point || fraction ? '.' : ''}${fraction}`);

  it('parses plain decimals by the fast path exactly as Number() does (property)', () => {
    fc.assert(fc.property(decimalText, (text) => {
      const fast = parsePlainDecimal(text, 46); // undefined: left to the full rules
      expect(fast === undefined || Object.is(fast, Number(text))).toBe(true);
      expect(Object.is(parseNumber(text), parseNumberSlowly(text, false))).toBe(true);
    }), { numRuns: process.env.CI ? 10_000 : 1000 });
  });

  it('would catch a fast path that adds fraction digits times 0.1 (negative control)', () => {
    const naive = (text: string): number => {
      const [whole, fraction = ''] = text.split('.');
      let value = Number(whole || '0'), weight = 0.1;
      for (const digit of fraction) { value += Number(digit) * weight; weight *= 0.1; }
      return value;
    };
    const mismatches = ['0.3', '1.23456789', '123.456', '0.07'].filter((text) => naive(text) !== Number(text));
    expect(mismatches.length).toBeGreaterThan(0);
  });
});

describe('guessing the layout', () => {
  it('picks the delimiter that splits lines consistently, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b\n1,5;2,5\n')).toBe(';');
    expect(detectDelimiter('a\tb\n"1,2,3"\t4\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
    expect(detectDelimiter('value\n1\n2\n')).toBe(',');
  });

  it('finds the newline outside quotes', () => {
    expect([detectNewline('a\r\nb'), detectNewline('a\nb'), detectNewline('a\rb'), detectNewline('"x\ny"\r\n')]).toEqual(['\r\n', '\n', '\r', '\r\n']);
  });

  it('sees a decimal comma only with a non-comma delimiter', () => {
    expect(detectDecimalComma([['1,5', '2'], ['3,25', '4']], ';')).toBe(true);
    expect(detectDecimalComma([['1.5', '2'], ['3,25', '4.5']], ';')).toBe(false);
    expect(detectDecimalComma([['1,5']], ',')).toBe(false);
  });

  it('takes a text first row over numeric columns as a header, and a numeric first row as data', () => {
    expect(detectHeader([['x', 'y'], ['1', 'a'], ['2', 'b']], false)).toBe(true);
    expect(detectHeader([['1', 'a'], ['2', 'b']], false)).toBe(false);
    expect(detectHeader([['red', 'big'], ['blue', 'small'], ['red', 'big']], false)).toBe(false);
    expect(detectHeader([['colour', 'size'], ['blue', 'small'], ['red', 'big']], false)).toBe(true);
  });
});
