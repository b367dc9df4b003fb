"""Stages 4d and 4e of the extractor: what follows a document's body (the list of annexes,
the issuer and date, the annexes: indicator and platform tables, task tables, or annexes
that hold tasks as the body does), and the checks over the whole plan (task keys,
numbering, announced counts).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .clauses import resolve_deadline, split_names
from .extractclassify import classify, row_cells, table_header
from .extractheader import PlanReading
from .extractinterpret import interpret
from .extractpatterns import (
    ANNEX,
    ANNEX_LIST,
    DATE,
    OPTIONAL_COLUMNS,
    TABLE_WORDS,
    TASK_COLUMNS,
    TOP,
    UNIT_COLUMNS,
    WHEN_COLUMNS,
    real_date,
    title_of,
)
from .extracttasks import deadline_year, read_clause
from .records import Area, Indicator, IndicatorTarget, Platform, Section, Span, Task, cn_to_int
from .targets import find_targets
from .text import compact_cjk

__all__ = ["read_tail", "check"]

_OPTIONAL_COLUMN = re.compile(f"^(?:{OPTIONAL_COLUMNS})$")
_TASK_COLUMN = re.compile(f"^(?:{TASK_COLUMNS})$")
_UNIT_COLUMN = re.compile(f"^(?:{UNIT_COLUMNS})$")
_WHEN_COLUMN = re.compile(f"^(?:{WHEN_COLUMNS})$")
_EMPTY_CELLS = ("/", "-", "—", "无", "")


def read_tail(r: PlanReading, body_end: int) -> None:
    """Stage 4d: after the body from line ``body_end``: the list of annexes, the issuer and
    date, then each annex."""
    plan, t = r.plan, r.t
    n = r.stop
    i = body_end
    if i < n and (head := table_header(t, i)):
        i = _body_table(r, i, head[1])
    announced: list[str] = []
    while i < n:
        line = t.stripped(i)
        if not line:
            i += 1
            continue
        if ANNEX.match(line):
            break
        if line.startswith("附件") and (am := ANNEX_LIST.match(line)):
            if am.group(2).strip():
                announced.append(am.group(2).strip())
            i += 1
            while i < n and (mm := re.match(r"^(\d+)\.(.+)$", t.stripped(i))):
                announced.append(mm.group(2).strip())
                i += 1
            continue
        if dm := DATE.match(line):
            plan.date = real_date(dm)
            if plan.date is None:
                t.warn(plan.warnings, t.lines[i][0], f"{line} is not a date: the plan's "
                       "date is left out")
            issuers = [t.stripped(k) for k in range(body_end, i) if t.stripped(k)
                       and not t.stripped(k).startswith("附件")
                       and not re.match(r"^\d+\.", t.stripped(k))]
            if issuers:
                plan.issuer = " ".join(issuers)
            i += 1
            break
        i += 1
    plan.annexes = announced
    annex_starts = [k for k in range(i, n) if ANNEX.match(t.stripped(k))]
    if len(annex_starts) < len(announced):
        last = t.lines[n - 1][0]
        t.warn(plan.warnings, last, f"{len(announced)} annexes announced but "
               f"{len(annex_starts)} found: they may be published apart, or the file is "
               "truncated")
    for pos, k in enumerate(annex_starts):
        stop = annex_starts[pos + 1] if pos + 1 < len(annex_starts) else n
        number = ANNEX.match(t.stripped(k)).group(1) or str(pos + 1)
        _annex(r, k, stop, number)


def _annex(r: PlanReading, k: int, stop: int, number: str) -> None:
    """Annex ``number`` in lines ``[k, stop)``: a table (its header has 序号), or text that
    holds tasks as the body does."""
    t = r.t
    title_idx = t.next_nonblank(k + 1, stop)
    if title_idx >= stop:
        t.warn(r.plan.warnings, t.lines[k][0], "annex without a title or content")
        return
    cells = [compact_cjk(t.stripped(j).strip("| ")) for j in range(title_idx + 1,
                                                                  min(stop, title_idx + 6))]
    if "序号" in cells or any(c.startswith("序号") for c in cells):
        _annex_table(r, title_idx, stop, number)
        return
    blocks, _ = classify(t, title_idx + 1, stop, in_annex=True)
    before = len(r.plan.tasks)
    interpret(r, blocks, annex=number)
    if len(r.plan.tasks) > before:  # an annex that holds tasks is a section of the plan
        r.plan.sections.append(Section(
            f"annex-{number}", f"附件{number}", compact_cjk(t.stripped(title_idx)), "",
            t.line_span(title_idx, f"附件{number}")))
    if len(r.plan.tasks) == before and not any(b.kind == "item" for b in blocks):
        t.warn(r.plan.warnings, t.lines[title_idx][0],
               f"annex {number} ({compact_cjk(t.stripped(title_idx))}): neither a table "
               "this tool knows nor tasks: not read")


def _body_table(r: PlanReading, k: int, one_line: bool) -> int:
    """A table of tasks that is the body of the plan (its header at line ``k``), up to the
    list of annexes, the date or the end; returns where it ends."""
    t = r.t
    end = k
    while end < r.stop and not (ANNEX.match(t.stripped(end)) or DATE.match(t.stripped(end))
                                or ANNEX_LIST.match(t.stripped(end))):
        end += 1
    _annex_table(r, k - 1, end, None, first=k, one_line=one_line, title=r.plan.title)
    return end


def _annex_table(r: PlanReading, title_idx: int, stop: int, number: str | None, *,
                 first: int | None = None, one_line: bool = False,
                 title: str | None = None) -> None:
    """A table, one cell a line (or one row a line): its header, then its rows by serial
    number; a table of indicators, of platforms or of tasks. ``number`` is the annex's
    (None for a table in the body, whose header is at line ``first``)."""
    t = r.t
    lines = t.lines
    if title is None:
        title = compact_cjk(lines[title_idx][2].strip())
    if first is None:
        first = title_idx + 1
        head = table_header(t, t.next_nonblank(first, stop))
        one_line = bool(head and head[1])
    cells = _table_cells(r, first, stop, title, one_line)
    header = []
    while cells and TABLE_WORDS.match(cells[0][1]):
        header.append(cells.pop(0)[1])
    if "序号" not in header:
        t.warn(r.plan.warnings, lines[title_idx][0],
               f"annex {title}: no table header with 序号: not read")
        return
    width = len(header) - 1 - (1 if "类别" in header else 0)  # cells after the serial
    optional = 0  # a leader, a note: columns at the end a row may leave out
    while optional < width - 1 and _OPTIONAL_COLUMN.match(header[-1 - optional]):
        optional += 1
    rows = _table_rows(r, cells, (width - optional, width), title, one_line)
    if rows is None:
        return
    cols = [h for h in header if h not in ("类别", "序号")]
    if any(_TASK_COLUMN.match(h) for h in header):
        _annex_tasks(r, title, title_idx, cols, rows, number)
    elif "指标名称" in header:
        years = [int(h[:4]) for h in header if re.match(r"^\d{4}年$", h)]
        _annex_indicators(r, title, cols, rows, years)
    elif "名称" in header:
        _annex_platforms(r, title, cols, rows)
    else:
        t.warn(r.plan.warnings, lines[title_idx][0], f"annex {title}: a table this tool "
               f"does not know (header: {' | '.join(header)}): not read")


def _table_cells(r: PlanReading, first: int, stop: int, title: str,
                 one_line: bool = False) -> list[tuple[int, str, int]]:
    """The non-empty cells of a table from line ``first``: (line index, text, offset); one
    a line, or several a line (``one_line`` rows)."""
    t = r.t
    cells = []
    for j in range(first, stop):
        no, off, raw = t.lines[j]
        for _, s, at in row_cells(t, j) if one_line else [(j, raw.strip(), None)]:
            if s.endswith("|"):
                s = s[:-1]
            s = compact_cjk(s.strip())
            if s.count("(") != s.count(")"):
                t.fail(no, f"annex {title}: the cell {s!r} has an unclosed parenthesis: "
                       "is the file truncated?")
            if s:
                cells.append((j, s, at if at is not None else off + len(raw) - len(raw.lstrip())))
    return cells


def _table_rows(r: PlanReading, cells, widths: tuple[int, int], title: str,
                one_line: bool = False):
    """(serial, category, cells, serial cell) of each row after the header, or None when the
    cells do not fall into rows (said in a warning). A row has between ``widths`` cells
    after its serial: fewer than the most where it ends before the next serial or a section
    row (``二、…``); with ``one_line`` (one row a line), never a cell of another line."""
    t = r.t
    least, width = widths
    rows = []
    expected = 1
    pos = 0
    pre: list[tuple[int, str, int]] = []
    category = None
    while pos < len(cells):
        if cells[pos][1] != str(expected):
            pre.append(cells[pos])
            pos += 1
            continue
        if len(pre) > 1:
            t.warn(r.plan.warnings, t.lines[pre[0][0]][0], f"annex {title}: unexpected "
                   f"cells {' | '.join(p[1] for p in pre)} before row {expected}: the table "
                   "is not read")
            return None
        if pre:
            category = pre[0][1]
        row = cells[pos + 1: pos + 1 + width]
        if one_line:  # a short row ends at its line, not in the next row's cells
            row = [c for c in row if c[0] == cells[pos][0]]
        for k in range(least, len(row)):
            if row[k][1] == str(expected + 1) or TOP.match(row[k][1]):
                row = row[:k]  # a leader's cell left out: the next row begins
                break
        if len(row) < least:  # the row's own line when rows are lines; else the end
            t.fail(t.lines[cells[pos if one_line else -1][0]][0], f"annex {title}: row {expected} has "
                   f"{len(row)} of {width} cells: is the file truncated?")
        rows.append((expected, category, row, cells[pos]))
        pos += 1 + len(row)
        expected += 1
        pre = []
    if pre:
        t.warn(r.plan.warnings, t.lines[pre[0][0]][0], f"annex {title}: cells after the "
               f"last row are not read: {' | '.join(p[1] for p in pre)}")
    return rows


def _row_span(r: PlanReading, serial, row, label: str) -> Span:
    last = row[-1]
    return r.t.span(serial[2], last[2] + len(last[1]), label)


def _lead_cell(rec: dict):
    return rec.get("牵头部门") or rec.get("牵头单位")


def _annex_indicators(r: PlanReading, title: str, cols: list[str], rows,
                      years: list[int]) -> None:
    """An indicator table (序号 | 指标名称 | 单位 | 2022年 … | 牵头部门)."""
    t = r.t
    for number, category, row, serial in rows:
        rec = dict(zip(cols, row, strict=False))
        span = _row_span(r, serial, row, f"附件({title})")
        targets = []
        for y in years:
            cell = rec[f"{y}年"]
            v = cell[1]
            if v in ("/", "-", "—", "无", ""):
                continue
            if not re.match(r"^\d+(?:\.\d+)?$", v):
                t.fail(t.lines[cell[0]][0], f"annex {title}: indicator {number} "
                       f"target for {y} is not a number: {v!r}")
            targets.append(IndicatorTarget(y, str(Decimal(v)), Span(
                t.lines[cell[0]][0], cell[2], cell[2] + len(v), span.section, v)))
        lead_cell = _lead_cell(rec)
        r.plan.indicators.append(Indicator(
            number=number, name=rec["指标名称"][1], category=category,
            unit=rec["单位"][1] if "单位" in rec else "",
            leads=split_names(lead_cell[1]) if lead_cell else [],
            targets=targets, span=span))


def _annex_platforms(r: PlanReading, title: str, cols: list[str], rows) -> None:
    """A platform table (序号 | 名称 | 牵头单位(所属行动))."""
    for number, _category, row, serial in rows:
        rec = dict(zip(cols, row, strict=False))
        span = _row_span(r, serial, row, f"附件({title})")
        lead_cell = _lead_cell(rec)
        leads, area_title = [], None
        if lead_cell:
            lm = re.match(r"^(.+?)\((.+)\)$", lead_cell[1])
            if lm:
                leads, area_title = split_names(lm.group(1)), lm.group(2)
            else:
                leads = split_names(lead_cell[1])
        if "所属行动" in rec:
            area_title = rec["所属行动"][1]
        r.plan.platforms.append(Platform(number, rec["名称"][1], leads, area_title, span))


def _annex_tasks(r: PlanReading, title: str, title_idx: int, cols: list[str], rows,
                 annex: str) -> None:
    """A task table (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限): one task per row."""
    t, plan = r.t, r.plan
    label = f"附件({title})" if annex else title
    if annex:
        plan.sections.append(Section(f"annex-{annex}", f"附件{annex}", title, "",
                                     t.line_span(title_idx, label)))
    areas: dict[str | None, Area] = {}
    for number, category, row, serial in rows:
        key = category if not annex and category and TOP.match(category) else None
        if key not in areas:  # in the body, each section row (一、…) an area
            k = serial[0]
            while key is not None and k > title_idx and t.stripped(k) != key:
                k -= 1
            at = t.line_span(title_idx if key is None else k, label)
            areas[key] = Area(len(plan.areas) + 1, TOP.match(key).group(2) if key else title,
                              at)
            plan.areas.append(areas[key])
        area = areas[key]
        rec = dict(zip(cols, row, strict=False))
        task_cell = next(rec[c] for c in cols if _TASK_COLUMN.match(c))
        span = _row_span(r, serial, row, label)
        parts, where = [], []
        for col in cols:
            cell = rec.get(col)
            if cell is None or cell[1] in _EMPTY_CELLS:
                continue
            if _UNIT_COLUMN.match(col):
                parts.append(f"{col}:{cell[1]}")
                where.append(cell)
        when = next((rec[c] for c in cols if _WHEN_COLUMN.match(c) and c in rec), None)
        if not parts:
            t.warn(plan.warnings, span.line, f"annex {title}: row {number} names no unit")
            continue
        clause = read_clause(r, ";".join(parts), where[0][2], number)
        if clause is None:
            continue
        clause.span = t.span(where[0][2], where[-1][2] + len(where[-1][1]), label)
        clause.scope = Span(t.line_of(task_cell[2]), task_cell[2],
                            task_cell[2] + len(task_cell[1]), label, task_cell[1])
        if when and when[1] not in _EMPTY_CELLS:
            clause.deadline = when[1]
            clause.due, clause.ongoing = resolve_deadline(when[1], deadline_year(plan))
        default_year = plan.period[1] if plan.period else None
        body = task_cell[1]
        targets = find_targets(body, task_cell[2], section=label, line_of=t.line_of,
                               default_year=default_year)
        task = Task(number, title_of(body), body, area.number, [clause], targets, span)
        task.key = f"a{area.number}.{number}"
        plan.tasks.append(task)


def check(r: PlanReading) -> None:
    """Stage 4e: task keys, numbering gaps where the numbering runs through the plan, and
    the number of platforms the text announces."""
    _check_numbering(r)
    _check_announced_platforms(r)


def _check_numbering(r: PlanReading) -> None:
    plan, t = r.plan, r.t
    numbers = [x.number for x in plan.tasks]
    if numbers and all(b > a for a, b in zip(numbers, numbers[1:], strict=False)):
        # the numbering runs through the plan (1..N): a task is named by its number
        for x in plan.tasks:
            x.key = str(x.number)
        for a, b in zip(plan.tasks, plan.tasks[1:], strict=False):
            between = set(range(a.number + 1, b.number))
            # headings (一)(二) without a clause are not tasks: no gap to report; nor
            # for an item already reported as having no clause
            if b.number != a.number + 1 and not t.lenient and not r.heading_tasks \
                    and not between <= r.ownerless_numbers:
                t.warn(plan.warnings, b.span.line, f"task {b.number} follows task "
                       f"{a.number}: a task is missing or misnumbered")
        return
    seen: dict[str, int] = {}
    for x in plan.tasks:
        if x.key in seen:
            seen[x.key] += 1
            x.key = f"{x.key}-{seen[x.key]}"
        else:
            seen[x.key] = 1


def _check_announced_platforms(r: PlanReading) -> None:
    """"一园一中心十二个平台" announces how many platforms the annex must list."""
    m = re.search(r"([一二三四五六七八九十]+)个平台", r.plan.programme or "")
    if not m or not r.plan.platforms:
        return
    announced = cn_to_int(m.group(1))
    listed = len(r.plan.platforms)
    if listed != announced:
        last = r.plan.platforms[-1].span.line
        r.t.fail(last, f"the annex lists {listed} platforms but the text announces "
                 f"{m.group(0)} ({announced}): is the file truncated?")
