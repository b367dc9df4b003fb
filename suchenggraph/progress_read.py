"""Progress, stage 3: reading the two spreadsheets an office keeps, checked against the plan.

* **Actual figures** (:func:`read_actuals`): ``indicator,period,value,unit,source,reported_on``.
* **Task progress** (:func:`read_task_reports`): ``task,status,as_of,note,reported_by``.

Both are read as UTF-8 (with or without a byte-order mark) or GB18030 (:func:`_decode`),
their header and fields checked (:func:`_rows`), and every row checked against the plan
(:mod:`suchenggraph.progress_plan`) before anything is kept: each problem is a
:class:`~suchenggraph.errors.DataError` naming ``FILE:LINE`` (exit 1). What both readers
share (the file, the line, the names already resolved, the rows already seen) is one
:class:`_Sheet`. The result is an :class:`Import`, which
:mod:`suchenggraph.progress_store` stores as RDF.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import AmbiguousName, DataError, NameNotFound
from .naming import Candidate, normalise, parse_number
from .progress_plan import targets, task_deadlines, task_owners
from .progress_rule import TASK_STATES, parse_date, parse_decimal, parse_period, task_state

__all__ = ["ACTUALS_COLUMNS", "TASK_COLUMNS", "PROGRESS_BASE", "Import", "read_actuals",
           "read_task_reports"]

ACTUALS_COLUMNS = ("indicator", "period", "value", "unit", "source", "reported_on")
TASK_COLUMNS = ("task", "status", "as_of", "note", "reported_by")

#: Where the imports' named graphs live.
PROGRESS_BASE = "https://w3id.org/suchenggraph/progress/"


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(f"cannot read: not UTF-8 text after its byte-order mark "
                            f"({exc.reason} at byte {exc.start + 3})", path=name) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DataError(f"cannot read: neither UTF-8 nor GB18030 text ({exc.reason} at byte "
                        f"{exc.start})", path=name) from None


def _source_text(source, name: str | None) -> tuple[str, str, bytes]:
    """``(text, name, bytes)`` of a CSV given as a path or as its bytes."""
    if isinstance(source, bytes):
        shown = name or "-"
        return _decode(source, shown), shown, source
    shown = name or str(source)
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise DataError("no such file", path=shown) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", path=shown) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    return _decode(data, shown), shown, data


def _rows(text: str, name: str, columns: tuple[str, ...]):
    """``(line, {column: value})`` for each non-empty row, after checking the header.

    Empty cells past the last column (Excel writes them) are dropped.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataError(f"cannot read the CSV: {exc}", path=name,
                            line=reader.line_num) from None
        line = reader.line_num
        while header is not None and len(row) > len(header) and not row[-1].strip():
            row = row[:-1]
        if header is None:
            if not any(c.strip() for c in row):
                continue
            header = [unicodedata.normalize("NFKC", c).strip().lower() for c in row]
            missing = [c for c in columns if c not in header]
            extra = [c for c in header if c not in columns]
            if missing or extra or len(set(header)) != len(header):
                raise DataError(f"the header must name the columns {','.join(columns)}"
                                + (f"; missing {', '.join(missing)}" if missing else "")
                                + (f"; unknown {', '.join(repr(c) for c in extra)}"
                                   if extra else ""), path=name, line=line)
            continue
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise DataError(f"{len(row)} fields, but the header has {len(header)}",
                            path=name, line=line)
        yield line, {c: v.strip() for c, v in zip(header, row, strict=True)}
    if header is None:
        raise DataError(f"empty: no header ({','.join(columns)})", path=name)


@dataclass
class Import:
    """One imported spreadsheet: its ``kind`` (``actuals`` or ``tasks``), ``name`` (the file
    name), ``digest`` (of its bytes), the checked ``rows`` and ``warnings`` (``FILE:LINE: ...``)."""

    kind: str
    name: str
    digest: str
    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def graph(self) -> str:
        """The named graph (and ``qb:DataSet``) the import is stored as."""
        return f"{PROGRESS_BASE}{self.kind}/{self.digest[:16]}"


def _known(name: str, kind: str, known: dict[str, dict] | None):
    """The one thing in ``known`` (IRI -> row with ``number`` and names) that ``name`` names
    by its number or exactly by a label, as a :class:`~suchenggraph.naming.Candidate`;
    ``None`` when that is not one thing (then the engine resolves the name: close names,
    aliases, ambiguity)."""
    if not known:
        return None
    number = parse_number(name)
    if number is not None and number[0] in (None, kind):
        hits = [iri for iri, row in known.items() if row["number"] == number[1]]
    else:
        wanted = normalise(name)
        hits = [iri for iri, row in known.items()
                if any(normalise(row[k] or "") == wanted
                       for k in ("name_en", "name_zh_hans", "name_zh_hant"))]
    if len(hits) != 1:
        return None
    row = known[hits[0]]
    labels = tuple(row[k] for k in ("name_en", "name_zh_hans", "name_zh_hant") if row[k])
    return Candidate(hits[0], kind, row["number"], labels)


def _norm(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip().casefold()


class _Sheet:
    """One spreadsheet being read: the :class:`Import` it fills (:attr:`out`), the line
    being read, the names its rows have given (resolved once each) and the rows' keys
    seen so far (a second row with the same key is an error)."""

    def __init__(self, source, name: str | None, kind: str, engine):
        self.text, self.name, data = _source_text(source, name)
        self.engine = engine
        self.out = Import(kind, Path(self.name).name, hashlib.sha256(data).hexdigest())
        self.line = 0
        self._names: dict = {}
        self._seen: dict[tuple, int] = {}

    def rows(self, columns: tuple[str, ...]):
        """``{column: value}`` for each row (:attr:`line` is its line)."""
        for line, row in _rows(self.text, self.name, columns):
            self.line = line
            yield row

    def error(self, message: str) -> DataError:
        """A :class:`DataError` at the line being read."""
        return DataError(message, path=self.name, line=self.line)

    def warn(self, message: str) -> None:
        self.out.warnings.append(f"{self.name}:{self.line}: warning: {message}")

    def resolve(self, name: str, kind: str, known=None):
        """The thing of ``kind`` that ``name`` names: in ``known`` when it names one there,
        else as the engine resolves it; an unknown or ambiguous name is an error here."""
        key = (name, kind)
        if key not in self._names:
            self._names[key] = _known(name, kind, known)
        if self._names[key] is None:
            try:
                self._names[key] = self.engine.resolve(name, kind)
            except (NameNotFound, AmbiguousName) as exc:
                self._names[key] = exc
        found = self._names[key]
        if isinstance(found, Exception):
            raise self.error(found.message)
        return found

    def once(self, key: tuple, second: str) -> None:
        """Refuse a second row with ``key``; ``second`` says what it is a second of."""
        if key in self._seen:
            raise self.error(f"{second} (first at line {self._seen[key]})")
        self._seen[key] = self.line


def read_actuals(source, engine, *, name: str | None = None) -> Import:
    """Read and check a CSV of actual figures against the plan on ``engine``.

    ``source``: a path, or the file's bytes (then ``name`` is what errors call it). Each
    problem raises :class:`DataError` at its line: an unknown indicator (with close
    names), a unit that is not the indicator's, a value that is not a number, a period
    that is not one or is outside the plan, a date that is not a date, two rows for
    the same indicator and period from the same source.
    """
    sheet = _Sheet(source, name, "actuals", engine)
    info = targets(engine)
    for row in sheet.rows(ACTUALS_COLUMNS):
        if not row["indicator"]:
            raise sheet.error("no indicator (give its Annex 1 number or its name)")
        found = sheet.resolve(row["indicator"], "indicator", info)
        ind = info.get(found.iri)
        label = f"indicator {found.number}" if found.number is not None else row["indicator"]
        period = parse_period(row["period"])
        if period is None:
            raise sheet.error(f"period {row['period']!r} is not a year (2023), quarter "
                              "(2023-Q2) or month (2023-06)")
        first, last = ind["period"] if ind else (None, None)
        if first is not None and not first <= period.year <= last:
            raise sheet.error(f"period {period.text} is outside the plan ({first}-{last})")
        value = parse_decimal(row["value"])
        if value is None:
            raise sheet.error(f"value {row['value']!r} is not a number")
        units = [u for u in (ind or {}).get("units", ()) if u]  # one unit, in three forms
        unit = row["unit"]
        if unit and units and _norm(unit) not in {_norm(u) for u in units}:
            raise sheet.error(f"unit {unit!r} is not the unit of {label} ({units[0]})")
        reported = parse_date(row["reported_on"])
        if reported is None:
            raise sheet.error(f"reported_on {row['reported_on']!r} is not a date (YYYY-MM-DD)")
        sheet.once((found.iri, period.text, _norm(row["source"])),
                   f"a second row for {label}, period {period.text} from the same source")
        sheet.out.rows.append({"line": sheet.line, "indicator": found.iri,
                               "period": period.text, "value": value,
                               "unit": units[0] if units else unit, "source": row["source"],
                               "reported_on": reported})
    return sheet.out


def read_task_reports(source, engine, *, name: str | None = None) -> Import:
    """Read and check a CSV of task progress against the plan on ``engine``.

    Errors (:class:`DataError` at the line): an unknown task (with close names), a status
    that is not one of :data:`TASK_STATES` (English, or 未开始 / 推进中 / 已完成 / 滞后 in
    either script), an ``as_of`` that is not a date, two reports on the same task and date
    from the same unit. An organisation reporting on a task it does not own is a warning.
    """
    sheet = _Sheet(source, name, "tasks", engine)
    owners = task_owners(engine)
    known = task_deadlines(engine)
    for row in sheet.rows(TASK_COLUMNS):
        if not row["task"]:
            raise sheet.error("no task (give its number or its title)")
        found = sheet.resolve(row["task"], "task", known)
        state = task_state(row["status"])
        if state is None:
            raise sheet.error(f"status {row['status']!r} is not one of "
                              f"{', '.join(TASK_STATES)} (未开始, 推进中, 已完成, 滞后)")
        as_of = parse_date(row["as_of"])
        if as_of is None:
            raise sheet.error(f"as_of {row['as_of']!r} is not a date (YYYY-MM-DD)")
        sheet.once((found.iri, as_of, _norm(row["reported_by"])),
                   f"a second report on task {found.number} as of {as_of} from the same unit")
        if row["reported_by"]:
            try:
                who = sheet.resolve(row["reported_by"], "organisation")
            except DataError:
                who = None
            if who is None or who.iri not in owners.get(found.iri, {}):
                sheet.warn(f"{row['reported_by']} reports on task {found.number}, "
                           "which it does not own")
        sheet.out.rows.append({"line": sheet.line, "task": found.iri, "status": state,
                               "as_of": as_of, "note": row["note"],
                               "reported_by": row["reported_by"]})
    return sheet.out
