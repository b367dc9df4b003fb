"""Stage 4c of the extractor: the blocks of a document's body become its sections, action
areas, goals, guarantee measures, leading group and, through
:func:`suchenggraph.extracttasks.read_tasks`, its tasks.

A block that carries a clause is a task: a numbered item, a paragraph, and a heading with
its own clause (``一、加大财政支持。text(X牵头)``); a sub-section that holds tasks is an
action area; a paragraph under 发展目标 that opens with a year is a goal.
"""

from __future__ import annotations

import re

from .clauses import (
    ClauseError,
    clause_groups,
    has_label,
    is_marker,
    looks_like_clause,
    looks_like_org,
    parse_clause,
)
from .extractclassify import Block, is_open
from .extractheader import PlanReading
from .extractpatterns import BOX, GOAL, LABEL_LINE, SUB, TOP
from .extracttasks import Container, read_tasks
from .records import Goal, LeadingGroup, Measure, Section, cn_to_int
from .targets import find_targets

__all__ = ["interpret", "has_clause"]


def interpret(r: PlanReading, blocks: list[Block], *, annex: str | None = None) -> None:
    """Stage 4c: the blocks of the body (or of annex ``annex``) into the plan."""
    _Interpreter(r, blocks, annex).run()


class _Interpreter:
    """Walks the blocks, knowing where it is: the top section 一、 and sub-section (一) it is
    in; each block kind has its method."""

    def __init__(self, r: PlanReading, blocks: list[Block], annex: str | None):
        self.r, self.t, self.plan = r, r.t, r.plan
        self.blocks = blocks
        self.annex = annex
        self.prefix = f"附件{annex}" if annex else ""
        self.top_no, self.top_cn, self.top_title, self.top_block = 0, "", "", None
        self.sub_no, self.sub_cn, self.sub_title, self.sub_block = 0, "", "", None
        self.in_goals = False
        self.containers: dict[str, Container] = {}
        self.pending: list[tuple[Block, Container, str]] = []

    def run(self) -> None:
        for pos, block in enumerate(self.blocks):
            if block.kind == "preamble":
                if self.plan.preamble is None:
                    self.plan.preamble = self.t.line_span(block.idxs[0], "序言")
            elif block.kind == "item":
                self.pending.append((block, self.container(), "item"))
            else:
                kinds = {"top": self._top, "sub": self._sub, "box": self._box,
                         "measure": self._measure, "para": self._para}
                kinds[block.kind](block, pos)
        read_tasks(self.r, self.pending, self.prefix)

    def label(self) -> str:
        """The label of where it is, e.g. 二(三)."""
        return f"{self.top_cn}({self.sub_cn})" if self.sub_no else self.top_cn

    def container(self) -> Container:
        """The heading the tasks here belong to: the sub-section, or the top section."""
        key = f"{self.top_no}.{self.sub_no}" if self.sub_no else str(self.top_no)
        if key not in self.containers:
            idx = self.sub_block if self.sub_no else self.top_block
            label = self.prefix + self.label()
            title = self.sub_title if self.sub_no else self.top_title
            self.containers[key] = Container(
                key, title, self.t.line_span(idx, label) if idx is not None else None, label,
                bool(self.sub_no))
        return self.containers[key]

    def _top(self, block: Block, pos: int) -> None:
        first = block.idxs[0]
        m = TOP.match(self.t.stripped(first))
        self.top_no, self.top_cn = cn_to_int(m.group(1)), m.group(1)
        self.top_title, self.top_block = m.group(2).strip(), first
        self.sub_no, self.sub_cn, self.in_goals, self.sub_block = 0, "", False, None
        is_task = -1 < self.top_title.find("。") < len(self.top_title) - 1 and \
            has_clause(self.r, block)
        if is_task:
            self.top_title = self.top_title.split("。")[0]  # "一、加大财政支持。text(clause)"
        if not self.annex:
            self.plan.sections.append(Section(str(self.top_no), self.top_cn, self.top_title,
                                              "", self.t.line_span(first, self.top_cn)))
        if is_task:
            self.pending.append((block, self.container(), "top"))

    def _sub(self, block: Block, pos: int) -> None:
        first = block.idxs[0]
        m = SUB.match(self.t.stripped(first))
        self.sub_no, self.sub_cn, self.sub_title = cn_to_int(m.group(1)), m.group(1), \
            m.group(2).strip()
        self.sub_block = first
        self.in_goals = "目标" in self.sub_title
        if not self.annex and not _holds_tasks(self.r, self.blocks, pos):
            label = self.label()
            self.plan.sections.append(Section(f"{self.top_no}.{self.sub_no}", label,
                                              self.sub_title, "",
                                              self.t.line_span(first, label)))

    def _box(self, block: Block, pos: int) -> None:
        t, plan = self.t, self.plan
        label = f"专栏{block.number}" if block.number else "专栏"
        bm = BOX.match(t.stripped(block.idxs[0]))
        body = "\n".join(t.stripped(k) for k in block.idxs[1:])
        plan.sections.append(Section(
            f"box-{block.number or len(plan.sections) + 1}", label, bm.group(2).strip(),
            body, t.span(*t.extent(block.idxs[0], block.idxs[-1]), self.prefix + label)))

    def _measure(self, block: Block, pos: int) -> None:
        """"(一)加强组织领导。text": a guarantee measure, or a task with its own clause."""
        t = self.t
        first = block.idxs[0]
        _, off, raw = t.lines[first]
        m = SUB.match(raw.strip())
        if has_clause(self.r, block):
            self.sub_no, self.sub_cn = cn_to_int(m.group(1)), m.group(1)
            self.sub_title, self.sub_block = m.group(2).split("。")[0], first
            self.pending.append((block, self.container(), "measure"))
            return
        label = f"{self.top_cn}({m.group(1)})"
        _unread_clauses(self.r, block)
        title, _, body = m.group(2).partition("。")
        self.plan.measures.append(Measure(cn_to_int(m.group(1)), title, body,
                                          t.line_span(first, label)))
        if "领导小组" in body:
            lead_ws = len(raw) - len(raw.lstrip())
            _leading_group(self.r, off + lead_ws + 2 + len(m.group(1)) + len(title) + 1, body,
                           label)

    def _para(self, block: Block, pos: int) -> None:
        """A paragraph: a task if it carries a clause, else a goal or a section's text."""
        if has_clause(self.r, block):
            self.pending.append((block, self.container(), "para"))
            return
        t, plan = self.t, self.plan
        first = block.idxs[0]
        _, off, raw = t.lines[first]
        line = raw.strip()
        label = self.label()
        _unread_clauses(self.r, block)
        if self.in_goals and (gm := GOAL.match(line)):
            year = int(gm.group(1))
            start = off + (len(raw) - len(raw.lstrip()))
            plan.goals.append(Goal(year, line, find_targets(
                line, start, section=label, line_of=t.line_of, default_year=year),
                t.line_span(first, label)))
        if not self.annex and plan.sections and plan.sections[-1].label == label:
            sec = plan.sections[-1]
            sec.text = (sec.text + "\n" + line) if sec.text else line
        if plan.programme is None and (pm := re.search(r"“([^”]*一园[^”]*)”", line)):
            plan.programme = pm.group(1)


def _unread_clauses(r: PlanReading, block: Block) -> None:
    """A paragraph that is not a task but has a bracket that reads like a clause, or a
    bracket never closed: say so."""
    t = r.t
    text = " ".join(t.stripped(k) for k in block.idxs)
    if is_open(t, block):
        t.warn(r.plan.warnings, t.lines[block.idxs[0]][0],
               "a bracket is opened and never closed in this paragraph")
    for s, e in clause_groups(text):
        inner = text[s + 1: e - 1]
        if looks_like_clause(inner):
            t.warn(r.plan.warnings, t.lines[block.idxs[0]][0],
                   f"({inner}) looks like a clause but names no unit this tool reads: not read")


def _holds_tasks(r: PlanReading, blocks: list[Block], pos: int) -> bool:
    """Whether the sub-section at ``pos`` holds tasks (then it is an action area)."""
    for block in blocks[pos + 1:]:
        if block.kind == "item" or (block.kind == "para" and has_clause(r, block)):
            return True
        if block.kind in ("sub", "top", "measure"):
            return False
    return False


def has_clause(r: PlanReading, block: Block) -> bool:
    """Whether a block has a bracket that reads as a clause naming units, or ends with
    labels that name them ("…。责任单位:A、B", on the same line or a line of its own)."""
    text = " ".join(r.t.stripped(k) for k in block.idxs)
    if any(looks_like_clause(inner) and not is_marker(inner) and _org_clause(inner)
           for inner in (text[s + 1: e - 1] for s, e in clause_groups(text))):
        return True
    tail = text[text.rfind("。", 0, len(text) - 1) + 1:].strip()
    return bool(LABEL_LINE.match(tail)) and has_label(tail) and _org_clause(tail, labelled=True)


def _org_clause(inner: str, *, labelled: bool = False) -> bool:
    """Whether a clause names units (a ``labelled`` one must be read to count)."""
    try:
        c = parse_clause(inner)
    except ClauseError:
        return not labelled  # reads as a clause: reported where it is parsed
    return all(looks_like_org(n) for n in c.leads + c.cooperating + c.responsible)


def _leading_group(r: PlanReading, body_off: int, body: str, label: str) -> None:
    """"建立区…工作领导小组。…任组长…领导小组办公室设在…": the plan's leading group."""
    m = re.search(r"(?:建立|成立|组建)([^,。]*?领导小组)", body)
    if not m:
        return
    posts = []
    for role, pattern in (
        ("FirstChairRole", r"由?([^,。由]+?)任第一组长"),
        ("ChairRole", r"([^,。、]+?)任组长"),
        ("ViceChairRole", r"([^,。、]+?)(?:担)?任副组长"),
        ("MemberRole", r"([^,。、]+?)为成员"),
    ):
        pm = re.search(pattern, body)
        if pm:
            holder = pm.group(1)
            if role == "ChairRole" and "第一组长" in holder:
                holder = holder.split("、")[-1]
            posts.append((role, holder.lstrip("由")))
    office = re.search(r"领导小组办公室设在([^,。;]+)", body)
    centre = re.search(r"组建([^,。]*?中心),负责([^。]+)", body)
    r.plan.leading_group = LeadingGroup(
        name=m.group(1),
        posts=posts,
        office_host=office.group(1) if office else None,
        centre=centre.group(1) if centre else None,
        centre_purpose=centre.group(2) if centre else None,
        span=r.t.span(body_off + m.start(1), body_off + m.end(1), label),
    )
