/** How text from a file appears inside a message: bounded, and with nothing a terminal would act on. */

/** Longest piece of a cell a message shows. */
export const MAX_SHOWN_CHARS = 60;

/** Control characters (ESC of ANSI sequences, bell, line breaks), C1 controls, line separators and bidi overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A cell as a message shows it, in quotes: unsafe characters written as \xNN or \uNNNN and at most
 * MAX_SHOWN_CHARS characters (then "…"). "\x1b[31mred" → "\"\\x1b[31mred\"".
 */
export function shownCell(text: string, max = MAX_SHOWN_CHARS): string {
  const points = Array.from(text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text);
  const cut = points.length > max || text.length > max * 2 + 2;
  const head = (cut ? points.slice(0, max) : points).join('').replace(UNSAFE, escapeChar);
  return `"${head}${cut ? '…' : ''}"`;
}

/** Text for a terminal: every unsafe character except the line break escaped (for whole messages). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\n' ? ch : escapeChar(ch)));
}

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
