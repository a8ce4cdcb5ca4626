import { describe, expect, it } from 'vitest';
import { uniqueColumnNames } from '../../src/engine/data/column-names';

describe('column names from a header row', () => {
  it('lose line and paragraph separators (U+2028, U+2029, U+0085) as they lose control characters', () => {
    expect(uniqueColumnNames(['a\u2028b', 'c\u2029d', 'e\u0085f', 'g\nh']).names).toEqual(['ab', 'cd', 'ef', 'gh']);
  });

  it('keep other non-ASCII letters as they are (negative control)', () => {
    expect(uniqueColumnNames(['ünï 😀', 'Größe']).names).toEqual(['ünï 😀', 'Größe']);
  });
});
