// MISSING BEGIN: the writer puts the engine's missing-value markers (src/engine/data/cells.ts) here
const MISSING_MARKERS = new Set(['']);
// MISSING END

/** "", NA, N/A, NaN, null and ? (any case, surrounding spaces ignored) mean missing. */
function isMissing(cell) {
  return MISSING_MARKERS.has(cell.trim().toLowerCase());
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS_DOT = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

/** A cell's number in plain decimal notation (with a decimal comma "1,5" is 1.5 and "1.234,5" is 1234.5), or NaN. */
function parseNumber(cell, decimalComma) {
  const text = cell.charCodeAt(0) === 32 || cell.charCodeAt(cell.length - 1) === 32 ? cell.trim() : cell;
  if (!decimalComma) return DECIMAL.test(text) ? Number(text) : NaN;
  if (DECIMAL_COMMA.test(text)) return Number(text.replace(',', '.'));
  if (THOUSANDS_DOT.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  return DECIMAL.test(text) ? Number(text) : NaN;
}

const fitsFloat32 = (x) => x >= -FLOAT32_MAX && x <= FLOAT32_MAX;

// NUMBERS BEGIN: the writer puts the engine's number conventions (src/engine/data/cells.ts NUMBER_READINGS) here
const NUMBER_READINGS = {};
// NUMBERS END
const INFINITY_SPELLING = /^\s*[+-]?inf(?:inity)?\s*$/i;

/** A separator as a character class: a space also stands for a no-break or narrow no-break space. */
const charClass = (ch) => (ch === ' ' ? '[ \u00a0\u202f]' : '[' + ch + ']');
const READING_RULES = Object.fromEntries(Object.entries(NUMBER_READINGS).map(([name, { decimal, group }]) => [name, {
  grouped: group ? new RegExp('^[+-]?\\d{1,3}(?:' + charClass(group) + '\\d{3})+(?:' + charClass(decimal) + '\\d*)?$') : null,
  groups: group ? new RegExp(charClass(group), 'g') : null,
  plain: new RegExp('^[+-]?(?:\\d+' + charClass(decimal) + '?\\d*|' + charClass(decimal) + '\\d+)(?:[eE][+-]?\\d+)?$'),
  decimal,
}]));

/** A cell's number in a column's convention ("1,234.5" with comma-thousands is 1234.5), or NaN. */
function parseNumberAs(cell, reading) {
  const text = cell.trim();
  const rule = READING_RULES[reading];
  if (rule.grouped && rule.grouped.test(text)) return Number(text.replace(rule.groups, '').replace(rule.decimal, '.'));
  return rule.plain.test(text) ? Number(text.replace(rule.decimal, '.')) : NaN;
}

/** A numeric cell under its column's convention (none: the file's decimal mark): the number, +-Infinity for an infinity or beyond float32 (read as missing), NaN when not a number. */
function readNumber(cell, numbers) {
  const x = numbers ? parseNumberAs(cell, numbers) : parseNumber(cell, PREPROCESSING.format.decimalComma);
  if (x === x) return fitsFloat32(x) ? x : x > 0 ? Infinity : -Infinity;
  if (!INFINITY_SPELLING.test(cell)) return NaN;
  return cell.trim()[0] === '-' ? -Infinity : Infinity;
}

/** A category as the studio stores it: a number spelled canonically ("1.50" is "1.5"), else the trimmed text. */
function categoryOf(cell, decimalComma) {
  const x = parseNumber(cell, decimalComma);
  return x === x && fitsFloat32(x) ? String(x) : cell.trim();
}

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since 1970 (UTC) for "2024-01-31" or "2024-01-31T12:30[:00]", else NaN. */
function parseDate(cell) {
  const match = ISO_DATE.exec(cell.trim());
  if (!match) return NaN;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : NaN;
}

/** year, month 1-12, day 1-31 or weekday 0-6 (Sunday 0) of a time in ms, in UTC. */
function datePart(ms, part) {
  const date = new Date(ms);
  if (part === 'year') return date.getUTCFullYear();
  if (part === 'month') return date.getUTCMonth() + 1;
  if (part === 'day') return date.getUTCDate();
  return date.getUTCDay();
}

const CATEGORY_INDEX = PREPROCESSING.columns.map((c) => (c.kind === 'categorical' ? new Map(c.categories.map((v, i) => [v, i])) : null));

/** One row of raw cells {column: text} → the network's input vector (an absent column counts as missing). */
export function transform(row) {
  const out = new Float32Array(MODEL.inputSize);
  let at = 0;
  PREPROCESSING.columns.forEach((column, c) => {
    const cell = Object.prototype.hasOwnProperty.call(row, column.name) && row[column.name] != null ? String(row[column.name]) : '';
    const missing = isMissing(cell);
    if (column.kind === 'numeric') {
      const x = missing ? NaN : readNumber(cell, column.numbers);
      if (!missing && x !== x) throw new Error('column "' + column.name + '": "' + cell.slice(0, 60) + '" is not a number');
      const usable = x === x && x !== Infinity && x !== -Infinity; // an infinity or beyond float32 is read as missing
      out[at] = ((usable ? Math.fround(x) : column.impute) - column.center) / column.scale;
      at += 1;
    } else if (column.kind === 'categorical') {
      const known = CATEGORY_INDEX[c];
      const index = known.get(missing ? column.impute : categoryOf(cell, PREPROCESSING.format.decimalComma)) ?? -1;
      if (index >= 0) out[at + index] = 1;
      else if (column.other) out[at + column.categories.length] = 1;
      at += column.categories.length + (column.other ? 1 : 0);
    } else {
      const ms = missing ? NaN : parseDate(cell);
      if (!missing && ms !== ms) throw new Error('column "' + column.name + '": "' + cell.slice(0, 60) + '" is not a date (expected like 2024-01-31)');
      const value = ms === ms ? ms : column.impute;
      column.parts.forEach((part, k) => { out[at + k] = (datePart(value, part) - column.center[k]) / column.scale[k]; });
      at += column.parts.length;
    }
  });
  if (PREPROCESSING.scaling === 'l2row') {
    let sumSquares = 0;
    for (let j = 0; j < out.length; j++) sumSquares += out[j] ** 2;
    const norm = Math.sqrt(sumSquares);
    if (norm > 0) for (let j = 0; j < out.length; j++) out[j] /= norm;
  }
  return out;
}

/** Classification: { label, probabilities: {class: p} }; regression: { value } in the target's units. */
export function predict(row) {
  const outputs = forward(transform(row));
  const target = PREPROCESSING.target;
  if (!target.classes) return { value: outputs[0] * (target.std ?? 1) + (target.mean ?? 0) };
  let best = 0;
  for (let j = 1; j < outputs.length; j++) if (outputs[j] > outputs[best]) best = j;
  return { label: target.classes[best], probabilities: Object.fromEntries(target.classes.map((name, j) => [name, outputs[j]])) };
}
