/**
 * Where JSON text goes wrong, as a field path: JSON.parse only says "Unexpected token", so when it
 * fails this scanner walks the text (iteratively: no recursion, any nesting depth) to the first error.
 */

type Frame = { kind: 'array'; index: number } | { kind: 'object'; key: string };

export interface JsonSyntaxProblem {
  position: number;
  path: string;
  problem: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Model files nest five levels; anything far deeper is junk (and would cost a deep path). */
export const MAX_JSON_DEPTH = 64;

/** The first syntax error in `text` with the path of the field it is in, or null when the text is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxProblem | null {
  const stack: Frame[] = [];
  let i = 0;
  let expect: 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'after' = 'value';
  const fail = (problem: string): JsonSyntaxProblem => ({
    position: i, problem, path: stack.map((f) => (f.kind === 'array' ? String(f.index) : f.key)).join('.'),
  });
  for (;;) {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
    if (i >= text.length) return stack.length === 0 && expect === 'after' ? null : fail('the text ends too early (is the file truncated?)');
    const ch = text[i];
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (!top) return fail(`unexpected ${describe(text, i)} after the end of the JSON value`);
      const close = top.kind === 'array' ? ']' : '}';
      if (ch === ',') { i++; if (top.kind === 'array') { top.index++; expect = 'value'; } else { top.key = ''; expect = 'key'; } continue; }
      if (ch === close) { i++; stack.pop(); continue; }
      return fail(`expected "," or "${close}", found ${describe(text, i)}`);
    }
    if ((expect === 'valueOrEnd' && ch === ']') || (expect === 'keyOrEnd' && ch === '}')) { i++; stack.pop(); expect = 'after'; continue; }
    if (expect === 'key' || expect === 'keyOrEnd') {
      const end = ch === '"' ? stringEnd(text, i) : -1;
      if (end < 0) return fail(ch === '"' ? 'a key string is not closed or has a bad escape' : `expected a quoted key, found ${describe(text, i)}`);
      (stack[stack.length - 1] as { key: string }).key = JSON.parse(text.slice(i, end)) as string;
      WHITESPACE.lastIndex = end;
      WHITESPACE.exec(text);
      i = WHITESPACE.lastIndex;
      if (text[i] !== ':') return fail(`expected ":" after the key, found ${describe(text, i)}`);
      i++;
      expect = 'value';
      continue;
    }
    if ((ch === '{' || ch === '[') && stack.length >= MAX_JSON_DEPTH) return fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (ch === '{') { i++; stack.push({ kind: 'object', key: '' }); expect = 'keyOrEnd'; continue; }
    if (ch === '[') { i++; stack.push({ kind: 'array', index: 0 }); expect = 'valueOrEnd'; continue; }
    const end = scalarEnd(text, i);
    if (end < 0 && ch === '"') return fail('a string is not closed or has a bad escape');
    if (end < 0) return fail(`${describe(text, i)} is not a JSON value${/^[-+]?(NaN|Infinity)/.test(text.slice(i, i + 9)) ? ' (JSON has no NaN or Infinity)' : ''}`);
    i = end;
    expect = 'after';
  }
}

/** End index (after the closing quote) of the string starting at `start`, or −1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) return i + 1;
    if (code < 32) return -1;
    if (code === 92) {
      const next = text[i + 1];
      if (next === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -1; i += 5; } else if ('"\\/bfnrt'.includes(next ?? 'x')) i++; else return -1;
    }
  }
  return -1;
}

/** End index of a string, number, true, false or null starting at `start`, or −1. */
function scalarEnd(text: string, start: number): number {
  if (text[start] === '"') return stringEnd(text, start);
  NUMBER.lastIndex = start;
  if (NUMBER.exec(text)) return NUMBER.lastIndex;
  WORD.lastIndex = start;
  const word = WORD.exec(text)?.[0];
  return word === 'true' || word === 'false' || word === 'null' ? start + word.length : -1;
}

/** A short, printable description of the text at `i`. */
function describe(text: string, i: number): string {
  if (i >= text.length) return 'the end of the text';
  const sign = text[i] === '-' || text[i] === '+' ? text[i] : '';
  WORD.lastIndex = i + sign.length;
  const word = WORD.exec(text)?.[0];
  const shown = word ? sign + word : text.slice(i, i + 1);
  const printable = /^[\x20-\x7e]+$/.test(shown) ? shown : `character U+${text.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(printable.slice(0, 40)).replace(/^"character (.*)"$/, 'character $1');
}
