/**
 * The one place where text from data (column names, categories, class labels) becomes part of generated
 * code or documentation. Every writer goes through these helpers; none calls JSON.stringify on data.
 * Each result is printable ASCII only, so no character from data (U+2028/2029, a newline, a lone
 * surrogate, a BOM) can end a comment, a string or a line in the generated file.
 */

const hex = (code: number, width: number): string => code.toString(16).padStart(width, '0');

/**
 * A value as a JavaScript expression that is also valid JSON: JSON.stringify with every character
 * outside printable ASCII written as \uXXXX and every "/" as "\/" (so no "*\/" or "</script>" appears).
 * "a\u2028b" → "\"a\\u2028b\"". Safe in a string, an expression and a // or /* comment.
 */
export function jsLiteral(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  // Outside strings JSON has only ASCII punctuation, digits and literals, so a global replace touches strings only.
  return json.replace(/[^\x20-\x2e\x30-\x7e]/g, (ch) => (ch === '/' ? '\\/' : `\\u${hex(ch.charCodeAt(0), 4)}`));
}

/**
 * A string as a Python str literal in double quotes: \\ and \" escaped, every character outside
 * printable ASCII as \xXX, \uXXXX or \UXXXXXXXX (by code point, so an emoji stays one character).
 * Safe inside a triple-quoted docstring too (no unescaped quote can appear).
 */
export function pyStringLiteral(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

/** A JSON-able value as a Python expression: json.loads("…") of its JSON text, the text as a safe str literal. */
export function pyJsonValue(value: unknown): string {
  return `json.loads(${pyStringLiteral(JSON.stringify(value) ?? 'null')})`;
}

/** A name quoted for a one-line documentation string (ONNX doc strings): the jsLiteral spelling. */
export const quotedName = (name: string): string => jsLiteral(name);
