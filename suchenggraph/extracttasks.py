"""Stage 4c of the extractor, its second half: the blocks that carry a clause (numbered items,
paragraphs, headings with their own clause) become tasks, each with its clauses and
targets; a numbered item without a clause among items with clauses is reported.

Clauses are read by :mod:`suchenggraph.clauses`, targets by :mod:`suchenggraph.targets`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .clauses import (
    WHEN_LABEL,
    ClauseError,
    NoUnitError,
    clause_groups,
    has_label,
    is_marker,
    looks_like_clause,
    looks_like_org,
    parse_clause,
    resolve_deadline,
)
from .extractclassify import Block
from .extractheader import PlanReading
from .extractpatterns import CLOSING, ITEM, LABEL_LINE, title_of
from .records import Area, Clause, Plan, Span, Task
from .targets import find_targets

__all__ = ["Container", "read_tasks", "read_clause", "deadline_year"]


@dataclass
class Container:
    """A heading that holds tasks: a sub-section (一)(二) or a top section 一、二、."""

    key: str
    title: str
    span: Span
    label: str
    is_sub: bool
    area: int | None = None
    tasks: list[Task] = field(default_factory=list)


def read_tasks(r: PlanReading, pending: list[tuple[Block, Container, str]],
               prefix: str) -> None:
    """The tasks of ``pending`` blocks, each with its container and how it is written
    ("item", "para", "top" or "measure"), into the plan; each container with a task an
    action area."""
    plan = r.plan
    ordinals: dict[str, int] = {}
    ownerless: list[tuple[Container, Block, int, str]] = []
    owned_styles: dict[str, int] = {}
    for pos, (block, cont, how) in enumerate(pending):
        ordinals[cont.key] = ordinals.get(cont.key, 0) + 1
        number = block.number if how == "item" else ordinals[cont.key]
        if how in ("top", "measure"):  # the heading is the task: its number is the task's
            number = int(cont.key.rsplit(".", 1)[-1])
            r.heading_tasks = True
        task = read_task(r, block, cont, how, number)
        if task is None:
            if how == "item":
                nxt = pending[pos + 1][0] if pos + 1 < len(pending) else None
                if not (nxt is not None and nxt.kind == "item" and nxt.style != block.style):
                    # (an item whose sub-items follow is their heading, not a task)
                    ownerless.append((cont, block, number, _item_body(r, block)))
            continue
        if how == "item":
            owned_styles[block.style] = owned_styles.get(block.style, 0) + 1
        if cont.area is None:
            cont.area = len(plan.areas) + 1
            title = cont.title.rstrip("。") if cont.title else plan.title
            plan.areas.append(Area(cont.area, title, cont.span or task.span))
        task.area = cont.area
        local = cont.key if how in ("top", "measure") else f"{cont.key}.{number}"
        task.key = f"{prefix.replace('附件', 'a')}{'.' if prefix else ''}{local}"
        cont.tasks.append(task)
        plan.tasks.append(task)
    main_style = max(owned_styles, key=owned_styles.get) if owned_styles else None
    _report_ownerless(r, ownerless, main_style)


def _report_ownerless(r: PlanReading, ownerless, main_style: str | None) -> None:
    """A numbered item without a clause is a task without an owner only where the items
    around it, numbered the same way, have clauses (a list of principles under 总体要求 is
    not; nor are the sub-items of a task, nor the closing article 本办法自印发之日起施行)."""
    t, plan = r.t, r.plan
    for cont, block, number, body in ownerless:
        title = title_of(body)
        if not cont.tasks or block.style != main_style or CLOSING.search(title):
            continue
        r.ownerless_numbers.add(number)
        line = t.lines[block.idxs[0]][0]
        if re.search(r"\w", body):
            message = (f"task {number} ({title or body[:30]}) has no responsibility clause "
                       "such as (X牵头,Y等按职责分工负责)")
        else:
            message = f"task {number} has no text: the line holds only its number"
        if t.lenient:
            plan.skipped.append(t.as_written(f"line {line}: {message}", line))
        else:
            t.warn(plan.warnings, line, message)


def _item_body(r: PlanReading, block: Block) -> str:
    text = " ".join(r.t.stripped(k) for k in block.idxs)
    m = ITEM.match(text)
    return m.group("rest") if m else text


def read_task(r: PlanReading, block: Block, cont: Container, how: str,
              number: int) -> Task | None:
    """The task a block writes, or None when it has no clause that names its units."""
    t, plan = r.t, r.plan
    start, end = t.extent(block.idxs[0], block.idxs[-1])
    text = t.hans[start:end]
    label = cont.label
    if how == "item":
        skip = len(text) - len(ITEM.match(text).group("rest"))
    elif how == "measure":
        skip = text.index(")") + 1
    elif how == "top":
        skip = text.index("、") + 1
    else:
        skip = 0
    body_off = start + skip
    body = text[skip:]
    title = title_of(body)
    _check_brackets_closed(r, body, body_off, number)
    clauses = (_bracketed_clauses(r, body, body_off, title, label, number)
               or _bare_clause(r, block, body, body_off, title, label, number))
    if not clauses:
        return None
    if not title or clauses[0].span.start == body_off:
        # "2.(X牵头)", "2.(X牵头)推进…": the title is the text beside the clause, if any
        title = _title_beside(r, body, body_off, clauses, number)
    _deadline_lines_after(r, block, clauses[-1], number)
    year = deadline_year(plan)
    for c in clauses:
        if c.deadline:
            c.due, c.ongoing = resolve_deadline(c.deadline, year)
            if c.due is None and not c.ongoing and not _real_date(c.deadline, year):
                t.warn(plan.warnings, t.line_of(c.span.start), f"task {number}: the deadline "
                       f"{c.deadline} names no real date: kept as written, with no date")
    default_year = plan.period[1] if plan.period else None
    targets = find_targets(body, body_off, section=label, line_of=t.line_of,
                           default_year=default_year)
    # targets inside a clause are not targets
    targets = [g for g in targets
               if not any(c.span.start <= g.span.start < c.span.end for c in clauses)]
    return Task(number, title, body, 0, clauses, targets, t.span(start, end, label))


def _deadline_lines_after(r: PlanReading, block: Block, clause: Clause, number: int) -> None:
    """A "完成时限:…" line after a task's last bracketed clause is that clause's deadline;
    when the clause has one already, the line is reported, not lost without a word."""
    t = r.t
    last = t.line_of(clause.span.end - 1)
    for k in block.idxs:
        line = t.line_of(t.lines[k][1])
        m = WHEN_LABEL.match(t.stripped(k)) if line > last else None
        if m is None or not m.group(1).strip():
            continue
        if clause.deadline:
            t.warn(r.plan.warnings, line, f"task {number}: "
                   f"{t.stripped(k)} after a clause with its own deadline "
                   f"({clause.deadline}): not read")
        else:
            clause.deadline = m.group(1).strip().rstrip("。;；")


def _real_date(text: str, year: int | None) -> bool:
    """False when ``text`` names a month or a day no calendar has (2024年13月底, 2月30日)."""
    y = int(m.group(1)) if (m := re.search(r"(\d{4})年", text)) else (year or 2024)
    for m in re.finditer(r"(\d{1,2})月(?:(\d{1,2})日)?", text):
        try:
            date(y, int(m.group(1)), int(m.group(2) or 1))
        except ValueError:
            return False
    return True


def _title_beside(r: PlanReading, body: str, body_off: int, clauses: list[Clause],
                  number: int) -> str:
    """The title of a task whose text opens with its clause: the first sentence outside
    its clauses, or "" (said in a warning)."""
    rest, at = [], 0
    for c in sorted(clauses, key=lambda c: c.span.start):
        rest.append(body[at: c.span.start - body_off])
        at = c.span.end - body_off
    rest.append(body[at:])
    title = title_of(" ".join(p.strip(" 。,;") for p in rest if p.strip(" 。,;")))
    if not title:
        r.t.warn(r.plan.warnings, r.t.line_of(body_off), f"task {number} has no title: "
                 "its text is only its clause")
    return title


def _check_brackets_closed(r: PlanReading, body: str, body_off: int, number: int) -> None:
    depth = 0
    for ch in body:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            break
    if depth > 0 or body.count("〔") > body.count("〕") or body.count("【") > body.count("】"):
        opened = max(body.rfind("("), body.rfind("〔"), body.rfind("【"))
        r.t.fail(r.t.line_of(body_off + opened), f"task {number}: a parenthesis is "
                 "opened and never closed: is the file truncated?")


def _bracketed_clauses(r: PlanReading, body: str, body_off: int, title: str, label: str,
                       number: int) -> list[Clause]:
    """The clauses in brackets, each covering the sentences since the one before."""
    t = r.t
    clauses: list[Clause] = []
    scope_start = body_off + len(title) + (1 if body[len(title):len(title) + 1] == "。"
                                           else 0)
    for gs, ge in clause_groups(body):
        inner = body[gs + 1: ge - 1]
        if not looks_like_clause(inner) or is_marker(inner):
            continue
        clause = read_clause(r, inner, body_off + gs, number)
        if clause is None:
            continue
        clause.span = t.span(body_off + gs, body_off + ge, label)
        clause.scope = t.span(scope_start, body_off + gs, label)
        scope_start = body_off + ge
        clauses.append(clause)
    return clauses


def _bare_clause(r: PlanReading, block: Block, body: str, body_off: int, title: str,
                 label: str, number: int) -> list[Clause]:
    """A clause written without brackets, as the last sentence or the last lines."""
    t = r.t
    tail_start = max(body.rfind("。", 0, len(body) - 1) + 1, 0)
    tail = body[tail_start:].rstrip("。")
    clause_lines = [k for k in block.idxs[1:] if looks_like_clause(t.stripped(k))]
    if clause_lines:
        # "完成时限:…" lines after the unit lines are the deadline of that clause
        after = block.idxs[block.idxs.index(clause_lines[-1]) + 1:]
        for k in after:
            if not LABEL_LINE.match(t.stripped(k)):
                break
            clause_lines.append(k)
        # the clause lines at the end ("牵头单位:X" / "责任单位:Y"), read as one clause
        line_start, end_off = t.extent(clause_lines[0], clause_lines[-1])
        tail_start = line_start - body_off
        tail = t.hans[body_off + tail_start: end_off].rstrip("。")
    if not (tail and looks_like_clause(tail)):
        return []
    tail_start += len(tail) - len(tail.lstrip())  # " 牵头单位:A" after a sentence
    tail = tail.strip()
    # its lines as one clause, ";" between them (a split: the regex \s*\n\s* was quadratic
    # in a long run of spaces)
    lines = ";".join(part.strip() for part in tail.split("\n") if part.strip())
    clause = read_clause(r, lines, body_off + tail_start, number, bare=True)
    if clause is None:
        return []
    clause.span = t.span(body_off + tail_start, body_off + tail_start + len(tail), label)
    clause.scope = t.span(body_off + len(title) + 1, body_off + tail_start, label)
    return [clause]


def read_clause(r: PlanReading, inner: str, at: int, number: int, *,
                bare: bool = False) -> Clause | None:
    """The clause ``inner`` (the text of a bracket, or a ``bare`` last sentence) at offset
    ``at`` of task ``number``; None (with a warning where it says why) when it is not one."""
    t, plan = r.t, r.plan
    try:
        clause = parse_clause(inner, first_listed_leads=plan.first_listed_leads,
                              level=r.level)
    except ClauseError as exc:
        if bare:
            return None  # a last sentence that mentions a role is running text
        if isinstance(exc, NoUnitError):  # "(,、牵头)": nothing to read, a role of no one
            t.warn(plan.warnings, t.line_of(at), f"task {number}: the clause ({inner}) {exc}: "
                   "not read")
            return None
        # one odd clause never stops the file: the rest is read (an error with --strict)
        message = f"task {number}: responsibility clause ({inner}) {exc}"
        if t.lenient:
            plan.skipped.append(t.as_written(f"line {t.line_of(at)}: {message}",
                                             t.line_of(at)))
            return None
        t.warn(plan.warnings, t.line_of(at), f"{message}: not read")
        return None
    names = clause.leads + clause.cooperating + clause.responsible
    # units after a label (责任单位:...) are units whatever their names; units before a
    # role verb must read as names, or the bracket is running text ("企业积极参与")
    bad = [] if has_label(inner) else [n for n in names if not looks_like_org(n)]
    if bad:
        if not bare:
            t.warn(plan.warnings, t.line_of(at), f"task {number}: ({inner}) looks like a "
                   f"clause but {'、'.join(bad)} is not the name of a unit: not read")
        return None
    return clause


def deadline_year(plan: Plan) -> int | None:
    """The year a deadline without its own year (5月底) belongs to, where it can be known."""
    if plan.period and plan.period[0] == plan.period[1]:
        return plan.period[0]
    if plan.period is None:
        if plan.date:
            return plan.date[0]
        if plan.doc_number and (m := re.search(r"〔(\d{4})〕", plan.doc_number)):
            return int(m.group(1))
    return None
