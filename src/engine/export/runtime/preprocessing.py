# MISSING BEGIN: the writer puts the engine's missing-value markers (src/engine/data/cells.ts) here
_MISSING_MARKERS = {""}
# MISSING END
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?", re.ASCII)
_ISO_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.ASCII)
_FLOAT32_MAX = 3.4028234663852886e38
_EPOCH = datetime.datetime(1970, 1, 1)


def _is_missing(cell):
    """Empty cells, NA, N/A, NaN, null and ? (any case, surrounding spaces ignored) mean missing."""
    return cell.strip().lower() in _MISSING_MARKERS


def _parse_number(cell, decimal_comma):
    """A cell's number in plain decimal notation (decimal comma: "1,5" is 1.5), or nan."""
    text = cell.strip() if cell[:1] == " " or cell[-1:] == " " else cell
    x = math.nan
    if not decimal_comma:
        x = float(text) if _DECIMAL.fullmatch(text) else math.nan
    elif _DECIMAL_COMMA.fullmatch(text):
        x = float(text.replace(",", ".", 1))
    elif _THOUSANDS_DOT.fullmatch(text):
        x = float(text.replace(".", "").replace(",", ".", 1))
    elif _DECIMAL.fullmatch(text):
        x = float(text)
    return x


# NUMBERS BEGIN: the writer puts the engine's number conventions (src/engine/data/cells.ts NUMBER_READINGS) here
_NUMBER_READINGS = {}
# NUMBERS END
_INFINITY_SPELLING = re.compile(r"\s*[+-]?inf(?:inity)?\s*", re.IGNORECASE)


def _char_class(ch):
    """A separator as a character class: a space also stands for a no-break or narrow no-break space."""
    return "[ \u00a0\u202f]" if ch == " " else "[" + re.escape(ch) + "]"


def _reading_rules(decimal, group):
    d = _char_class(decimal)
    return {
        "grouped": re.compile(r"[+-]?\d{1,3}(?:" + _char_class(group) + r"\d{3})+(?:" + d + r"\d*)?", re.ASCII) if group else None,
        "groups": re.compile(_char_class(group)) if group else None,
        "plain": re.compile(r"[+-]?(?:\d+" + d + r"?\d*|" + d + r"\d+)(?:[eE][+-]?\d+)?", re.ASCII),
        "decimal": decimal,
    }


_READING_RULES = {name: _reading_rules(r["decimal"], r["group"]) for name, r in _NUMBER_READINGS.items()}


def _parse_number_as(cell, reading):
    """A cell's number in a column's convention ("1,234.5" with comma-thousands is 1234.5), or nan."""
    text = cell.strip()
    rule = _READING_RULES[reading]
    if rule["grouped"] is not None and rule["grouped"].fullmatch(text):
        return float(rule["groups"].sub("", text).replace(rule["decimal"], ".", 1))
    return float(text.replace(rule["decimal"], ".", 1)) if rule["plain"].fullmatch(text) else math.nan


def _read_number(cell, numbers):
    """A numeric cell under its column's convention (none: the file's decimal mark): the number, +-inf for an infinity or beyond float32 (read as missing), nan when not a number."""
    x = _parse_number_as(cell, numbers) if numbers else _parse_number(cell, PREPROCESSING["format"]["decimalComma"])
    if not math.isnan(x):
        return x if -_FLOAT32_MAX <= x <= _FLOAT32_MAX else (math.inf if x > 0 else -math.inf)
    if _INFINITY_SPELLING.fullmatch(cell):
        return -math.inf if cell.strip().startswith("-") else math.inf
    return math.nan


def _js_number_text(x):
    """x spelled as JavaScript's String(x): the shortest round-trip digits (Python's repr has the same), placed by JS rules."""
    if x == 0:
        return "0"
    mantissa, _, exponent = repr(abs(x)).partition("e")
    point = mantissa.index(".") if "." in mantissa else len(mantissa)
    digits = mantissa.replace(".", "")
    n = point + int(exponent or 0) - (len(digits) - len(digits.lstrip("0")))  # the decimal point's place after the first digit
    digits = digits.strip("0")
    k, sign = len(digits), "-" if x < 0 else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if n - 1 >= 0 else "-") + str(abs(n - 1))


def _category_of(cell, decimal_comma):
    """A category as the studio stores it: a number spelled canonically ("1.50" is "1.5"), else the trimmed text."""
    x = _parse_number(cell, decimal_comma)
    return _js_number_text(x) if not math.isnan(x) and -_FLOAT32_MAX <= x <= _FLOAT32_MAX else cell.strip()


def _days_in_month(year, month):
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _parse_date(cell):
    """Milliseconds since 1970 (UTC) for "2024-01-31" or "2024-01-31T12:30[:00]", else nan."""
    match = _ISO_DATE.fullmatch(cell.strip())
    if not match:
        return math.nan
    year, month, day, hour, minute, second = (int(p) if p is not None else 0 for p in match.groups())
    if month < 1 or month > 12 or day < 1 or day > _days_in_month(year, month) or hour > 23 or minute > 59 or second > 60:
        return math.nan
    days = (datetime.date(year, month, day) - datetime.date(1970, 1, 1)).days
    return float(((days * 24 + hour) * 60 + minute) * 60 + second) * 1000.0


def _date_part(ms, part):
    """year, month 1-12, day 1-31 or weekday 0-6 (Sunday 0) of a time in ms, in UTC."""
    date = _EPOCH + datetime.timedelta(milliseconds=ms)
    if part == "year":
        return date.year
    if part == "month":
        return date.month
    if part == "day":
        return date.day
    return (date.weekday() + 1) % 7


_CATEGORY_INDEX = [{v: i for i, v in enumerate(c["categories"])} if c["kind"] == "categorical" else None for c in PREPROCESSING["columns"]]


def transform(row):
    """One row of raw cells {column: text} -> the network's input vector (an absent column counts as missing)."""
    out = np.zeros(INPUT_SIZE, dtype=np.float64)
    at = 0
    for c, column in enumerate(PREPROCESSING["columns"]):
        value = row.get(column["name"])
        cell = "" if value is None else str(value)
        missing = _is_missing(cell)
        if column["kind"] == "numeric":
            x = math.nan if missing else _read_number(cell, column.get("numbers"))
            if not missing and math.isnan(x):
                raise ValueError('column "%s": "%s" is not a number' % (column["name"], cell[:60]))
            usable = not math.isnan(x) and not math.isinf(x)  # an infinity or beyond float32 is read as missing
            out[at] = np.float32(((float(np.float32(x)) if usable else column["impute"]) - column["center"]) / column["scale"])
            at += 1
        elif column["kind"] == "categorical":
            index = _CATEGORY_INDEX[c].get(column["impute"] if missing else _category_of(cell, PREPROCESSING["format"]["decimalComma"]), -1)
            if index >= 0:
                out[at + index] = 1.0
            elif column["other"]:
                out[at + len(column["categories"])] = 1.0
            at += len(column["categories"]) + (1 if column["other"] else 0)
        else:
            ms = math.nan if missing else _parse_date(cell)
            if not missing and math.isnan(ms):
                raise ValueError('column "%s": "%s" is not a date (expected like 2024-01-31)' % (column["name"], cell[:60]))
            when = column["impute"] if math.isnan(ms) else ms
            for k, part in enumerate(column["parts"]):
                out[at + k] = np.float32((_date_part(when, part) - column["center"][k]) / column["scale"][k])
            at += len(column["parts"])
    if PREPROCESSING["scaling"] == "l2row":
        norm = math.sqrt(sum(float(v) * float(v) for v in out))  # in order, as the engine sums
        if norm > 0:
            out = out / norm
    return out.astype(np.float32)
