"""One output contract: rows (a list of dicts) -> aligned table, JSON, NDJSON or CSV.

Tables measure display width, so Chinese (double-width) characters stay aligned.

>>> print(render([{"org": "区商务局", "tasks": 2}, {"org": "Bureau", "tasks": 10}], "table"))
org       tasks
--------  -----
区商务局      2
Bureau       10
>>> render([{"a": 1}], "json")
'[\\n  {\\n    "a": 1\\n  }\\n]'
"""

from __future__ import annotations

import io
import sys
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = ["FORMATS", "render", "display_width", "pad", "cell_text"]

FORMATS = ("table", "json", "nl", "csv")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters count two).

    Wide and full-width characters (Unicode East Asian Width W/F) count two,
    combining marks and format characters zero; measured with the standard
    library's ``unicodedata`` so the CLI does not pay for importing a width table.

    >>> display_width("区商务局"), display_width("abc"), display_width("（１）"), display_width("e\u0301")
    (8, 3, 6, 1)
    """
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if ch.isascii():
            width += 1
            continue
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf"):
            continue
        width += 2 if category != "Cn" and unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def cell_text(value) -> str:
    """How a value shows in a table or CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "、".join(cell_text(v) for v in value) if any(
            display_width(cell_text(v)) != len(cell_text(v)) for v in value
        ) else ", ".join(cell_text(v) for v in value)
    if isinstance(value, Mapping):
        import json

        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if _is_decimal(value):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).replace("\n", " ")


def _is_decimal(value) -> bool:
    """Whether ``value`` is a ``decimal.Decimal``, without importing :mod:`decimal` (a
    question on the command line whose answer holds none never pays for it)."""
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def _json_default(value):
    if _is_decimal(value):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def _columns(rows: list[Mapping], columns: Iterable[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    cols: dict[str, None] = {}
    for row in rows:
        for key in row:
            cols.setdefault(key, None)
    return list(cols)


def _numeric(value) -> bool:
    return (isinstance(value, (int, float)) or _is_decimal(value)) and not isinstance(value, bool)


def render(rows: list[Mapping], fmt: str = "table", columns: Iterable[str] | None = None) -> str:
    """Render ``rows`` in ``fmt`` (one of :data:`FORMATS`); no trailing newline.

    JSON keeps every key of each row; table and CSV show ``columns`` (default: all keys).
    """
    rows = list(rows)
    if fmt in ("json", "nl"):
        import json
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default)
    if fmt == "nl":
        return "\n".join(json.dumps(r, ensure_ascii=False, default=_json_default) for r in rows)
    cols = _columns(rows, columns)
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(cols)
        for row in rows:
            writer.writerow([cell_text(row.get(c)) for c in cols])
        return buf.getvalue().rstrip("\r\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    if not cols:
        return ""
    texts = [[cell_text(row.get(c)) for c in cols] for row in rows]
    right = [bool(rows) and all(_numeric(r.get(c)) or r.get(c) is None for r in rows) for c in cols]
    widths = [max([display_width(c)] + [display_width(t[i]) for t in texts]) for i, c in
              enumerate(cols)]
    lines = ["  ".join(pad(c, widths[i], right[i]) for i, c in enumerate(cols)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for t in texts:
        lines.append("  ".join(pad(v, widths[i], right[i]) for i, v in enumerate(t)).rstrip())
    return "\n".join(lines)
