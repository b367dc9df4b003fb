"""Monitoring and assessment: the plan's targets and deadlines against what happened.

Two spreadsheets an office keeps are read, checked against the plan and stored as
standard statistical data; then each indicator and task gets a status.

* **Actual figures** (:func:`read_actuals`): ``indicator,period,value,unit,source,reported_on``.
* **Task progress** (:func:`read_task_reports`): ``task,status,as_of,note,reported_by``.

Both are read as UTF-8 (with or without a byte-order mark) or GB18030, and checked
whole before anything is kept: each problem is a :class:`~suchenggraph.errors.DataError`
naming ``FILE:LINE`` (exit 1). An import becomes one named graph (:func:`import_quads`):
a W3C RDF Data Cube ``qb:DataSet`` with one ``qb:Observation`` per row, who reported it
(``prov:wasAttributedTo``) and when (``dcterms:date``); the plan graph is never touched.
The figures are read back from that graph with the named queries ``observations`` and
``task_reports``, and the plan side (targets, leads, deadlines) with ``progress_targets``,
``progress_tasks`` and ``matrix``, so a ``--store`` or an ``--endpoint`` gives the same
answers as a file.

The status rule (``docs/progress.md``) is :func:`indicator_status`.

>>> from suchenggraph.engines.factory import open_engine
>>> from suchenggraph.resources import repo_root
>>> engine = open_engine(repo_root() / "tests" / "data" / "progress_plan.ttl")
>>> text = "indicator,period,value,unit,source,reported_on\\n1,2023-Q2,60,个,区统计局,2023-07-10\\n"
>>> figures = read_actuals(text.encode("utf-8"), engine, name="q2.csv")
>>> report = progress(engine, figures, as_of="2023-07-15")
>>> [(r["number"], r["status"]) for r in report.indicators][:3]
[(1, 'on track'), (2, 'no data'), (3, 'no data')]
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import AmbiguousName, DataError, NameNotFound, UsageError
from .uitext import word

__all__ = [
    "STATUSES",
    "TASK_STATES",
    "ACTUALS_COLUMNS",
    "TASK_COLUMNS",
    "Period",
    "parse_period",
    "parse_date",
    "task_state",
    "satisfies",
    "indicator_status",
    "Import",
    "read_actuals",
    "read_task_reports",
    "read_import",
    "import_quads",
    "import_store",
    "import_trig",
    "observations",
    "task_reports",
    "targets",
    "task_deadlines",
    "Progress",
    "progress",
    "RULES",
    "text",
    "status_word",
    "node_status",
]

#: Indicator statuses, in the order a summary lists them.
STATUSES = ("met", "on track", "behind", "no data")
#: Task statuses a report can give (``no data``: no report).
TASK_STATES = ("not started", "in progress", "done", "behind")
ACTUALS_COLUMNS = ("indicator", "period", "value", "unit", "source", "reported_on")
TASK_COLUMNS = ("task", "status", "as_of", "note", "reported_by")

BASE = "https://w3id.org/suchenggraph/"
PROGRESS_BASE = BASE + "progress/"
_SG = BASE + "ontology#"
_QB = "http://purl.org/linked-data/cube#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
_SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
_SDMX_ATTR = "http://purl.org/linked-data/sdmx/2009/attribute#"

_STATE_WORDS = {
    "not started": "not started", "未开始": "not started", "未開始": "not started",
    "in progress": "in progress", "推进中": "in progress", "推進中": "in progress",
    "done": "done", "已完成": "done", "完成": "done",
    "behind": "behind", "滞后": "behind", "滯後": "behind",
}

#: How far below an ``About`` target a figure may be and still count (5 %).
ABOUT_TOLERANCE = Decimal("0.05")


#: How each comparator reads in a table (an Annex 1 value is a level to reach: ``≥``).
RULES = {"AtLeast": "≥", "Exactly": "≥", "FullCoverage": "≥", "MoreThan": ">", "AtMost": "≤",
         "About": "≈"}

def text(key: str, lang: str = "en") -> str:
    """A word people read (a status, a heading of the assessment sheet) in ``lang``.

    The words are the ``progress`` section of :mod:`suchenggraph.uitext` (the CLI, the
    report and the graph's legend all take them from here); English when the language
    is not one of the three.

    >>> text("behind", "zh-Hant"), text("sheet", "zh-Hans")
    ('滯後', '考核表')
    """
    return word("progress", key, lang)


def status_word(status: str, lang: str = "en") -> str:
    """A status (of an indicator or a task) in ``lang``; ``en`` keeps the codes."""
    return text(status, lang)


# --------------------------------------------------------------------------- small parsers


@dataclass(frozen=True)
class Period:
    """A reporting period: a year (``2023``), a quarter (``2023-Q2``) or a month (``2023-06``).

    ``fraction``: how much of the year has passed at the period's end.

    >>> p = parse_period("2023-Q2")
    >>> p.year, p.end, p.fraction
    (2023, datetime.date(2023, 6, 30), Decimal('0.5'))
    """

    text: str
    year: int
    months: int  # months of the year passed at the period's end (12 for a year)

    @property
    def end(self) -> dt.date:
        if self.months == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.months + 1, 1) - dt.timedelta(days=1)

    @property
    def start(self) -> dt.date:
        length = 12 if self.text.isdigit() else 3 if "Q" in self.text else 1
        return dt.date(self.year, self.months - length + 1, 1)

    @property
    def fraction(self) -> Decimal:
        return Decimal(self.months) / Decimal(12)

    @property
    def whole_year(self) -> bool:
        return self.months == 12


def parse_period(text: str) -> Period | None:
    """``2022``, ``2023-Q2`` (also ``2023Q2``, ``2023-q2``) or ``2023-06`` (also ``2023-6``);
    ``None`` for anything else.

    >>> parse_period("2022").end, parse_period("2023-6").text, parse_period("2023-13")
    (datetime.date(2022, 12, 31), '2023-06', None)
    """
    text = unicodedata.normalize("NFKC", str(text)).strip()
    m = re.fullmatch(r"(\d{4})", text)
    if m:
        return Period(m.group(1), int(m.group(1)), 12)
    m = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text)
    if m:
        return Period(f"{m.group(1)}-Q{m.group(2)}", int(m.group(1)), 3 * int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return Period(f"{m.group(1)}-{int(m.group(2)):02d}", int(m.group(1)), int(m.group(2)))
    return None


def parse_date(text) -> dt.date | None:
    """A date written ``2023-07-05`` or ``2023/7/5`` (as Excel writes it); ``None`` otherwise.

    >>> parse_date("2023/7/5"), parse_date("2023-02-30"), parse_date("soon")
    (datetime.date(2023, 7, 5), None, None)
    """
    if isinstance(text, dt.date):
        return text
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if not m:
        return None
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        return None


def _number(text: str) -> Decimal | None:
    """``12.5``, ``-3``, ``1,500`` -> a Decimal; ``None`` for anything else."""
    text = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def task_state(text: str) -> str | None:
    """A task status in English or Chinese (either script) -> its English word.

    >>> task_state("推進中"), task_state("Done"), task_state("滞后"), task_state("late")
    ('in progress', 'done', 'behind', None)
    """
    word = " ".join(unicodedata.normalize("NFKC", str(text)).lower().replace("_", " ").split())
    return _STATE_WORDS.get(word)


# --------------------------------------------------------------------------- the rule


def satisfies(value: Decimal, level: Decimal, comparator: str | None) -> bool:
    """Whether ``value`` reaches ``level`` under ``comparator``.

    ``AtMost``: at or below; ``MoreThan``: above; ``About``: no more than 5 % below;
    ``AtLeast``, ``Exactly`` (an Annex 1 value is a level to reach), ``FullCoverage`` and
    none: at or above.

    >>> from decimal import Decimal as D
    >>> satisfies(D(70), D(70), "Exactly"), satisfies(D(2), D(2), "MoreThan")
    (True, False)
    >>> satisfies(D("0.7"), D("0.8"), "AtMost"), satisfies(D("47.5"), D(50), "About")
    (True, True)
    """
    if comparator == "AtMost":
        return value <= level
    if comparator == "MoreThan":
        return value > level
    if comparator == "About":
        return value >= level * (1 - ABOUT_TOLERANCE)
    return value >= level


def indicator_status(targets: dict[int, tuple[Decimal, str | None]], figure: dict | None,
                     year: int, as_of: dt.date) -> str:
    """The status of one indicator for ``year`` (the rule in ``docs/progress.md``).

    ``targets``: year -> (value, comparator); ``figure``: the latest actual (``value`` and
    ``period``, a :class:`Period`) or ``None``.

    * ``no data``: no figure;
    * ``met``: the figure reaches the year's target (by its comparator);
    * ``behind``: it does not, and the year is over (a full-year figure, or ``as_of``
      past the year's end);
    * within the year, the expected level runs in a straight line from the previous
      year's target (at the start of the year) to this year's (at its end): a figure that
      reaches the expected level at the end of its period is ``on track``, else ``behind``;
      in a year with no previous target there is no path, and a figure short of the
      target is ``on track`` until the year is over;
    * a year without a target of its own is held to the next target (the level still
      to reach): ``behind`` only once that target's year is over.

    >>> from decimal import Decimal as D
    >>> targets = {2022: (D(40), "Exactly"), 2023: (D(70), "Exactly")}
    >>> on = lambda value, period, as_of="2023-07-01": indicator_status(
    ...     targets, {"value": D(value), "period": parse_period(period)}, 2023,
    ...     parse_date(as_of))
    >>> on(60, "2023-Q2"), on(50, "2023-Q2"), on(70, "2023-Q1"), on(69, "2023")
    ('on track', 'behind', 'met', 'behind')
    >>> on(60, "2023-Q2", "2024-01-10")
    'behind'
    """
    if figure is None:
        return "no data"
    target_year, level, comparator = _year_target(targets, year)
    if level is None:
        return "no data"
    value, period = figure["value"], figure["period"]
    if satisfies(value, level, comparator):
        return "met"
    if (period.whole_year and period.year >= target_year) or as_of > dt.date(target_year, 12, 31):
        return "behind"
    previous = targets.get(target_year - 1)
    if previous is None or period.year < target_year:
        return "on track"
    start = previous[0]
    expected = start + (level - start) * period.fraction
    return "on track" if satisfies(value, expected, comparator) else "behind"


def _year_target(targets, year):
    """``(year, value, comparator)`` of the target for ``year``, else of the next target after
    it (the level still to reach); ``(None, None, None)`` when there is none."""
    if year in targets:
        return (year, *targets[year])
    later = sorted(y for y in targets if y > year)
    return (later[0], *targets[later[0]]) if later else (None, None, None)


# --------------------------------------------------------------------------- reading files


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
    from .naming import Candidate, normalise, parse_number

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


def _resolve(engine, name: str, kind: str, cache: dict, path: str, line: int, known=None):
    key = (name, kind)
    if key not in cache:
        cache[key] = _known(name, kind, known)
    if cache[key] is None:
        try:
            cache[key] = engine.resolve(name, kind)
        except (NameNotFound, AmbiguousName) as exc:
            cache[key] = exc
    found = cache[key]
    if isinstance(found, Exception):
        raise DataError(found.message, path=path, line=line)
    return found


def _norm(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip().casefold()


def read_actuals(source, engine, *, name: str | None = None) -> Import:
    """Read and check a CSV of actual figures against the plan on ``engine``.

    ``source``: a path, or the file's bytes (then ``name`` is what errors call it). Each
    problem raises :class:`DataError` at its line: an unknown indicator (with close
    names), a unit that is not the indicator's, a value that is not a number, a period
    that is not one or is outside the plan, a date that is not a date, two rows for
    the same indicator and period from the same source.
    """
    text, shown, data = _source_text(source, name)
    info = targets(engine)
    cache: dict = {}
    seen: dict[tuple, int] = {}
    out = Import("actuals", Path(shown).name, hashlib.sha256(data).hexdigest())
    for line, row in _rows(text, shown, ACTUALS_COLUMNS):
        if not row["indicator"]:
            raise DataError("no indicator (give its Annex 1 number or its name)",
                            path=shown, line=line)
        found = _resolve(engine, row["indicator"], "indicator", cache, shown, line, info)
        ind = info.get(found.iri)
        label = f"indicator {found.number}" if found.number is not None else row["indicator"]
        period = parse_period(row["period"])
        if period is None:
            raise DataError(f"period {row['period']!r} is not a year (2023), quarter (2023-Q2) "
                            "or month (2023-06)", path=shown, line=line)
        first, last = ind["period"] if ind else (None, None)
        if first is not None and not first <= period.year <= last:
            raise DataError(f"period {period.text} is outside the plan ({first}-{last})",
                            path=shown, line=line)
        value = _number(row["value"])
        if value is None:
            raise DataError(f"value {row['value']!r} is not a number", path=shown, line=line)
        units = [u for u in (ind or {}).get("units", ()) if u]  # one unit, in three forms
        unit = row["unit"]
        if unit and units and _norm(unit) not in {_norm(u) for u in units}:
            raise DataError(f"unit {unit!r} is not the unit of {label} ({units[0]})",
                            path=shown, line=line)
        reported = parse_date(row["reported_on"])
        if reported is None:
            raise DataError(f"reported_on {row['reported_on']!r} is not a date (YYYY-MM-DD)",
                            path=shown, line=line)
        key = (found.iri, period.text, _norm(row["source"]))
        if key in seen:
            raise DataError(f"a second row for {label}, period {period.text} from the same "
                            f"source (first at line {seen[key]})", path=shown, line=line)
        seen[key] = line
        out.rows.append({"line": line, "indicator": found.iri, "period": period.text,
                         "value": value, "unit": units[0] if units else unit,
                         "source": row["source"], "reported_on": reported})
    return out


def read_task_reports(source, engine, *, name: str | None = None) -> Import:
    """Read and check a CSV of task progress against the plan on ``engine``.

    Errors (:class:`DataError` at the line): an unknown task (with close names), a status
    that is not one of :data:`TASK_STATES` (English, or 未开始 / 推进中 / 已完成 / 滞后 in
    either script), an ``as_of`` that is not a date, two reports on the same task and date
    from the same unit. An organisation reporting on a task it does not own is a warning.
    """
    text, shown, data = _source_text(source, name)
    owners = _task_owners(engine)
    known = task_deadlines(engine)
    cache: dict = {}
    seen: dict[tuple, int] = {}
    out = Import("tasks", Path(shown).name, hashlib.sha256(data).hexdigest())
    for line, row in _rows(text, shown, TASK_COLUMNS):
        if not row["task"]:
            raise DataError("no task (give its number or its title)", path=shown, line=line)
        found = _resolve(engine, row["task"], "task", cache, shown, line, known)
        state = task_state(row["status"])
        if state is None:
            raise DataError(f"status {row['status']!r} is not one of {', '.join(TASK_STATES)} "
                            "(未开始, 推进中, 已完成, 滞后)", path=shown, line=line)
        as_of = parse_date(row["as_of"])
        if as_of is None:
            raise DataError(f"as_of {row['as_of']!r} is not a date (YYYY-MM-DD)",
                            path=shown, line=line)
        key = (found.iri, as_of, _norm(row["reported_by"]))
        if key in seen:
            raise DataError(f"a second report on task {found.number} as of {as_of} from the "
                            f"same unit (first at line {seen[key]})", path=shown, line=line)
        seen[key] = line
        if row["reported_by"]:
            try:
                who = _resolve(engine, row["reported_by"], "organisation", cache, shown, line)
            except DataError:
                who = None
            if who is None or who.iri not in owners.get(found.iri, {}):
                out.warnings.append(f"{shown}:{line}: warning: {row['reported_by']} reports on "
                                    f"task {found.number}, which it does not own")
        out.rows.append({"line": line, "task": found.iri, "status": state, "as_of": as_of,
                         "note": row["note"], "reported_by": row["reported_by"]})
    return out


# --------------------------------------------------------------------------- storing


def import_quads(imp: Import) -> list:
    """The import as ``pyoxigraph.Quad`` s in its own named graph (:attr:`Import.graph`): an
    RDF Data Cube ``qb:DataSet`` with its structure, one ``qb:Observation`` per row, and
    PROV-O for who reported each (``prov:wasAttributedTo``) and the file it came from."""
    import pyoxigraph as ox

    g = ox.NamedNode(imp.graph)
    quads = []

    def add(s, p, o):
        quads.append(ox.Quad(s if not isinstance(s, str) else ox.NamedNode(s), ox.NamedNode(p),
                             o if not isinstance(o, str) else ox.NamedNode(o), g))

    def lit(value, datatype=None):
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype) if datatype else None)

    structure = f"{PROGRESS_BASE}structure/{imp.kind}"
    title = {"actuals": "Actual figures", "tasks": "Task progress"}[imp.kind]
    add(g, _RDF + "type", _QB + "DataSet")
    add(g, _RDF + "type", _PROV + "Entity")
    add(g, _RDFS + "label", ox.Literal(f"{title} from {imp.name}", language="en"))
    add(g, _QB + "structure", structure)
    source_file = f"{imp.graph}/file"
    add(g, _PROV + "wasDerivedFrom", source_file)
    add(source_file, _RDF + "type", _PROV + "Entity")
    add(source_file, _DCT + "title", lit(imp.name))
    add(source_file, _DCT + "identifier", lit("sha256:" + imp.digest))
    add(structure, _RDF + "type", _QB + "DataStructureDefinition")
    dims = ([(_SG + "indicator", "dimension"), (_SDMX_DIM + "refPeriod", "dimension"),
             (_SDMX_MEASURE + "obsValue", "measure"), (_SDMX_ATTR + "unitMeasure", "attribute")]
            if imp.kind == "actuals" else
            [(_SG + "task", "dimension"), (_DCT + "date", "dimension"),
             (_SG + "status", "measure")])
    for i, (prop, role) in enumerate(dims, start=1):
        spec = f"{structure}/component/{i}"
        add(structure, _QB + "component", spec)
        add(spec, _RDF + "type", _QB + "ComponentSpecification")
        add(spec, _QB + role, prop)
        add(spec, _QB + "order", lit(i, _XSD + "integer"))
    agents: dict[str, str] = {}
    for row in imp.rows:
        obs = f"{imp.graph}/observation/{row['line']}"
        add(obs, _RDF + "type", _QB + "Observation")
        add(obs, _QB + "dataSet", g)
        add(obs, _DCT + "identifier", lit(row["line"], _XSD + "integer"))
        who = row["source"] if imp.kind == "actuals" else row["reported_by"]
        if imp.kind == "actuals":
            add(obs, _SG + "indicator", row["indicator"])
            add(obs, _SDMX_DIM + "refPeriod", lit(row["period"]))
            add(obs, _SDMX_MEASURE + "obsValue", lit(row["value"], _XSD + "decimal"))
            if row["unit"]:
                add(obs, _SDMX_ATTR + "unitMeasure", lit(row["unit"]))
            add(obs, _DCT + "date", lit(row["reported_on"].isoformat(), _XSD + "date"))
        else:
            add(obs, _SG + "task", row["task"])
            add(obs, _SG + "status", lit(row["status"]))
            add(obs, _DCT + "date", lit(row["as_of"].isoformat(), _XSD + "date"))
            if row["note"]:
                add(obs, _RDFS + "comment", lit(row["note"]))
        if who:
            agent = agents.get(who)
            if agent is None:
                digest = hashlib.sha256(who.encode("utf-8")).hexdigest()[:12]
                agent = agents[who] = f"{imp.graph}/agent/{digest}"
                add(agent, _RDF + "type", _PROV + "Agent")
                add(agent, _RDFS + "label", lit(who))
            add(obs, _PROV + "wasAttributedTo", agent)
    return quads


def import_store(*imports):
    """A ``pyoxigraph.Store`` holding each import (an :class:`Import`, or a store or
    TriG/N-Quads file of saved imports) in its own named graph."""
    import pyoxigraph as ox

    store = ox.Store()
    for imp in imports:
        if imp is None:
            continue
        if isinstance(imp, Import):
            store.extend(import_quads(imp))
        else:
            store.extend(imp.quads_for_pattern(None, None, None, None))
    return store


def import_trig(*imports) -> str:
    """The imports as TriG, graph by graph, lines sorted (the same text for the same data)."""
    import pyoxigraph as ox

    store = import_store(*imports)
    out = []
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        lines = sorted(str(ox.Triple(q.subject, q.predicate, q.object)) + " ."
                       for q in store.quads_for_pattern(None, None, None, graph))
        out.append(f"{graph} {{\n" + "".join(f"  {line}\n" for line in lines) + "}\n")
    return "".join(out)


def read_import(path) -> object:
    """A store of saved imports from a TriG (``.trig``) or N-Quads (``.nq``) file."""
    import pyoxigraph as ox

    path = Path(path)
    fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}.get(path.suffix.lower())
    if fmt is None:  # pragma: no cover - callers check the suffix
        raise UsageError(f"{path}: give a .csv, .trig or .nq file")
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt)
    except FileNotFoundError:
        raise DataError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", path=str(path)) from None
    except SyntaxError as exc:
        message = " ".join(str(exc.msg if exc.msg else exc).split())
        raise DataError(f"cannot parse: {message}", path=str(path), line=exc.lineno) from None
    except (ValueError, OSError) as exc:
        raise DataError(f"cannot parse: {' '.join(str(exc).split())}", path=str(path)) from None
    return store


class _Union:
    """A store of imports whose queries read the union of its named graphs."""

    def __init__(self, store):
        self.store = store

    def query(self, query, **kwargs):
        return self.store.query(query, use_default_graph_as_union=True, **kwargs)


def _import_engine(store):
    from .engines.oxigraph import OxigraphEngine

    return OxigraphEngine(_Union(store))


def _select(engine, name: str, **terms) -> list[dict]:
    from .answers import _select as select

    return select(engine, name, **terms)


def observations(store) -> list[dict]:
    """The actual figures in a store of imports (the named query ``observations``)."""
    rows = _select(_import_engine(store), "observations")
    for row in rows:
        row["reported_on"] = parse_date(row["reported_on"])
    return rows


def task_reports(store) -> list[dict]:
    """The task reports in a store of imports (the named query ``task_reports``)."""
    rows = _select(_import_engine(store), "task_reports")
    for row in rows:
        row["as_of"] = parse_date(row["as_of"])
    return rows


# --------------------------------------------------------------------------- the plan side


def _listed(text: str | None) -> str | None:
    """A "; "-separated list without its empty items; None when nothing is left."""
    return "; ".join(x for x in (text or "").split("; ") if x) or None


def _names(row: dict, prefix: str = "name", to: str = "name") -> dict:
    return {f"{to}_{k}": row.get(f"{prefix}_{k}") for k in ("en", "zh_hans", "zh_hant")}


def targets(engine) -> dict[str, dict]:
    """Indicator IRI -> ``number``, names, ``units``, ``plan``, ``period`` (first, last
    year), ``targets`` (year -> (value, comparator)), ``increase`` and ``lead`` (named query
    ``progress_targets``); computed once per engine."""
    cached = getattr(engine, "_progress_targets", None)
    if cached is not None:
        return cached
    out: dict[str, dict] = {}
    for r in _select(engine, "progress_targets"):
        row = out.setdefault(r["indicator"], {
            "number": r["number"], **_names(r), "iri": r["indicator"], "plan": r["plan"],
            "unit": r["unit"], "unit_zh_hant": r["unit_zh_hant"], "unit_en": r["unit_en"],
            "units": [u for u in (r["unit"], r["unit_zh_hant"], r["unit_en"]) if u],
            "start": r["period_start"], "end": r["period_end"],
            "targets": {}, "increase": False, "lead": []})
        if r["year"] is not None and r["value"] is not None:
            row["targets"].setdefault(r["year"], (Decimal(r["value"]), r["comparator"]))
            row["increase"] = row["increase"] or bool(r["increase"])
        if r["lead"] is not None and all(o["iri"] != r["lead"] for o in row["lead"]):
            row["lead"].append({"iri": r["lead"], **_names(r, "lead")})
    for row in out.values():
        years = sorted(row["targets"])
        first = row.pop("start") or (years[0] if years else None)
        last = row.pop("end") or (years[-1] if years else None)
        row["period"] = (first, last)
    engine._progress_targets = out
    return out


def _task_owners(engine) -> dict[str, dict[str, str]]:
    """Task IRI -> {organisation IRI: its strongest role}, from the named query ``matrix``."""
    cached = getattr(engine, "_progress_owners", None)
    if cached is not None:
        return cached
    rank = {"lead": 0, "cooperating": 1, "responsible": 2}
    out: dict[str, dict[str, str]] = {}
    names: dict[str, dict] = {}
    for r in _select(engine, "matrix"):
        roles = out.setdefault(r["task"], {})
        if r["org"] not in roles or rank[r["role"]] < rank[roles[r["org"]]]:
            roles[r["org"]] = r["role"]
        names[r["org"]] = {"iri": r["org"], **_names(r)}
    engine._progress_owners = out
    engine._progress_org_names = names
    return out


def task_deadlines(engine) -> dict[str, dict]:
    """Task IRI -> ``number``, names, ``plan``, ``deadline`` (a date or ``None``), ``basis``
    (``clause``, ``ongoing``, ``target year``, ``plan period`` or ``None``), the deadline
    as written (``deadline_zh_hans`` / ``deadline_zh_hant``) and ``lead`` / ``cooperating``
    / ``responsible`` organisations (named queries ``progress_tasks`` and ``matrix``);
    computed once per engine.

    The deadline is the latest clause due date; else none when a clause is ongoing
    (持续推进); else the end of the latest year of the targets the task sets; else the end
    of the plan's period.
    """
    cached = getattr(engine, "_progress_tasks", None)
    if cached is not None:
        return cached
    owners = _task_owners(engine)
    names = engine._progress_org_names
    out = {}
    for r in _select(engine, "progress_tasks"):
        due = parse_date(r["due"]) if r["due"] else None
        if due is not None:
            deadline, basis = due, "clause"
        elif r["ongoing"]:
            deadline, basis = None, "ongoing"
        elif r["target_year"] is not None:
            deadline, basis = dt.date(int(r["target_year"]), 12, 31), "target year"
        elif r["period_end"] is not None:
            deadline, basis = dt.date(int(r["period_end"]), 12, 31), "plan period"
        else:
            deadline, basis = None, None
        roles = owners.get(r["task"], {})
        row = {"number": r["number"], **_names(r), "iri": r["task"], "plan": r["plan"],
               "deadline": deadline, "basis": basis,
               "deadline_zh_hans": _listed(r["deadline_zh_hans"]),
               "deadline_zh_hant": _listed(r["deadline_zh_hant"])}
        for role in ("lead", "cooperating", "responsible"):
            row[role] = [names[o] for o in sorted(roles) if roles[o] == role]
        out[r["task"]] = row
    engine._progress_tasks = out
    return out


# --------------------------------------------------------------------------- the answer


@dataclass
class Progress:
    """What :func:`progress` finds: ``indicators`` and ``tasks`` rows, ``warnings``,
    ``as_of``; :attr:`failed` when anything is behind or overdue."""

    as_of: dt.date
    indicators: list[dict]
    tasks: list[dict]
    warnings: list[str]

    @property
    def failed(self) -> bool:
        return (any(r["status"] == "behind" for r in self.indicators)
                or any(r["status"] == "behind" or r["overdue"] for r in self.tasks))

    def counts(self) -> dict[str, int]:
        """How many indicators have each status, and how many tasks are overdue / behind."""
        out = {s: sum(r["status"] == s for r in self.indicators) for s in STATUSES}
        out["overdue"] = sum(bool(r["overdue"]) for r in self.tasks)
        out["tasks behind"] = sum(r["status"] == "behind" for r in self.tasks)
        return out

    def summary(self) -> str:
        """One line: ``as of 2023-07-15: 1 met, 2 on track, 1 behind, 3 no data; ...``."""
        c = self.counts()
        text = f"as of {self.as_of}: " + ", ".join(f"{c[s]} {s}" for s in STATUSES)
        if self.tasks:
            text += (f"; {len(self.tasks)} task(s): {c['overdue']} overdue, "
                     f"{c['tasks behind']} behind")
        return text


def _as_date(value) -> dt.date:
    if value is None:
        return dt.date.today()
    found = parse_date(value)
    if found is None:
        raise UsageError(f"--as-of {value!r} is not a date (YYYY-MM-DD)")
    return found


def _figures(actuals) -> list[dict]:
    if actuals is None:
        return []
    store = import_store(actuals) if isinstance(actuals, Import) else actuals
    return observations(store)


def _reports(tasks) -> list[dict]:
    if tasks is None:
        return []
    store = import_store(tasks) if isinstance(tasks, Import) else tasks
    return task_reports(store)


def _rounded(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    if value is None:
        return None
    value = value.quantize(Decimal(places)).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def progress(engine, actuals=None, tasks=None, *, year: int | None = None, org: str | None = None,
             as_of=None) -> Progress:
    """Each indicator's target against its latest actual figure, and each task's status.

    ``actuals`` / ``tasks``: an :class:`Import` (from :func:`read_actuals` /
    :func:`read_task_reports`), a ``pyoxigraph.Store`` of saved imports, or ``None``.
    ``year``: assess that year's targets with that year's figures (default: each
    indicator's latest figure against its year's target). ``org``: only what that
    organisation (a name, or a resolved candidate) leads (indicators) or holds a role on (tasks). ``as_of``: the date of the
    assessment (default: today); figures reported and task reports dated after it are
    left out. Task rows are given only when ``tasks`` is.

    Indicator rows: ``number``, names, ``year``, ``target``, ``comparator``, ``actual``,
    ``period``, ``unit``, ``gap`` (actual - target), ``share`` (actual as a percentage of
    the target), ``status`` (one of :data:`STATUSES`), ``lead``. Task rows: ``number``,
    names, ``status`` (one of :data:`TASK_STATES` or ``no data``), ``as_of``, ``deadline``,
    ``basis``, ``overdue``, ``lead``, ``cooperating``.
    """
    day = _as_date(as_of)
    info = targets(engine)
    who = org if hasattr(org, "iri") else engine.resolve(org, "organisation") if org else None
    if year is not None:
        years = sorted({y for row in info.values() for y in row["targets"]})
        if year not in years:
            from .answers import _and

            sets = f"; it sets them for {_and(years)}" if years else " (it sets none)"
            raise UsageError(f"the plan sets no indicator target for {year}{sets}")
    figures: dict[str, list[dict]] = {}
    for f in _figures(actuals):
        period = parse_period(f["period"])
        if period is None or (f["reported_on"] and f["reported_on"] > day):
            continue
        if year is not None and period.year != year:
            continue
        figures.setdefault(f["indicator"], []).append({**f, "period": period})
    rows = []
    for iri, ind in info.items():
        if who is not None and all(o["iri"] != who.iri for o in ind["lead"]):
            continue
        found = sorted(figures.get(iri, []), key=lambda f: (
            f["period"].end, f["period"].start, f["reported_on"] or dt.date.min,
            f["source"] or "", f["line"] or 0))
        latest = found[-1] if found else None
        years = sorted(ind["targets"])
        if year is not None:
            y = year
        elif latest is not None:
            y = latest["period"].year
        elif years:
            y = min(max(day.year, years[0]), years[-1])
        else:
            y = None
        target_year, level, comparator = (_year_target(ind["targets"], y) if y is not None
                                          else (None, None, None))
        status = (indicator_status(ind["targets"], latest, y, day)
                  if y is not None else "no data")
        value = latest["value"] if latest else None
        gap = value - level if value is not None and level is not None else None
        share = (_rounded(value / level * 100, "0.1") if value is not None and level
                 else None)
        rows.append({
            "number": ind["number"], **_names(ind), "year": target_year, "target": level,
            "comparator": comparator, "actual": value,
            "period": latest["period"].text if latest else None,
            "unit": ind["unit"], "unit_zh_hant": ind["unit_zh_hant"], "unit_en": ind["unit_en"],
            "gap": _rounded(gap), "share": share, "status": status,
            "source": latest["source"] if latest else None,
            "reported_on": latest["reported_on"].isoformat()
            if latest and latest["reported_on"] else None,
            "lead": ind["lead"], "iri": iri, "plan": ind["plan"]})
    task_rows = [] if tasks is None else _task_rows(engine, tasks, who, day)
    warnings = list(getattr(actuals, "warnings", []) or []) + list(
        getattr(tasks, "warnings", []) or [])
    return Progress(day, rows, task_rows, warnings)


def node_status(result: Progress) -> dict[str, str]:
    """Indicator and task IRI -> status, ``overdue`` for an overdue task (the graph's colours).

    >>> node_status(Progress(dt.date(2023, 7, 1), [{"iri": "i", "status": "met"}],
    ...                      [{"iri": "t", "status": "in progress", "overdue": True}], []))
    {'i': 'met', 't': 'overdue'}
    """
    out = {r["iri"]: r["status"] for r in result.indicators}
    out.update({r["iri"]: "overdue" if r["overdue"] else r["status"] for r in result.tasks})
    return out


def _task_rows(engine, tasks, who, day: dt.date) -> list[dict]:
    latest: dict[str, dict] = {}
    for r in sorted(_reports(tasks), key=lambda r: (r["as_of"] or dt.date.min, r["line"] or 0)):
        if r["as_of"] is not None and r["as_of"] <= day:
            latest[r["task"]] = r
    out = []
    for iri, t in task_deadlines(engine).items():
        holders = t["lead"] + t["cooperating"] + t["responsible"]
        if who is not None and all(o["iri"] != who.iri for o in holders):
            continue
        report = latest.get(iri)
        status = report["status"] if report else "no data"
        overdue = bool(t["deadline"] is not None and t["deadline"] < day and status != "done")
        out.append({
            "number": t["number"], **_names(t), "status": status,
            "as_of": report["as_of"].isoformat() if report else None,
            "deadline": t["deadline"].isoformat() if t["deadline"] else None,
            "basis": t["basis"], "deadline_zh_hans": t["deadline_zh_hans"],
            "deadline_zh_hant": t["deadline_zh_hant"], "overdue": overdue,
            "note": report["note"] if report else None,
            "reported_by": report["reported_by"] if report else None,
            "lead": t["lead"], "cooperating": t["cooperating"],
            "responsible": t["responsible"], "iri": iri, "plan": t["plan"]})
    return out
