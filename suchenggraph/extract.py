"""The extractor: a plan text of this genre -> plain records.

It reads what is there and says what it read. The stages, in the order they run, each
a function in the module named:

1. :func:`~suchenggraph.extractread.read` (:mod:`~suchenggraph.extractread`) — decode
   the file, normalise widths (``（１）`` -> ``(1)``) and convert Traditional to
   Simplified one character for one, so every pattern is written once and every offset
   is an offset in the file as read.
2. :func:`~suchenggraph.extractread.find_notice` (:mod:`~suchenggraph.extractread`) —
   the covering notice (``…关于印发《…》的通知``, its number, addressee, issuer and
   date), when the file starts with one.
3. :func:`~suchenggraph.extractread.split_documents` (:mod:`~suchenggraph.extractread`)
   — one line range per document the notice issues (a notice may carry a policy and an
   action plan), or the whole file.
4. :func:`read_plan` for each document, in five steps:

   a. :func:`~suchenggraph.extractheader.read_header` (:mod:`~suchenggraph.extractheader`)
      — number, title, period: the plan opens;
   b. :func:`~suchenggraph.extractclassify.classify` (:mod:`~suchenggraph.extractclassify`)
      — each line a heading, numbered item, 专栏 box, paragraph … or the continuation
      of one;
   c. :func:`~suchenggraph.extractinterpret.interpret`
      (:mod:`~suchenggraph.extractinterpret`) — sections, areas, goals, measures, the
      leading group; the blocks with a clause become tasks with their clauses and targets
      in :func:`~suchenggraph.extracttasks.read_tasks` (:mod:`~suchenggraph.extracttasks`);
   d. :func:`~suchenggraph.extracttail.read_tail` (:mod:`~suchenggraph.extracttail`) —
      signature, annexes: indicator and platform tables, task tables, or annexes that
      hold tasks;
   e. :func:`~suchenggraph.extracttail.check` (:mod:`~suchenggraph.extracttail`) — task
      keys, numbering, announced counts.

The line patterns all stages share are in :mod:`suchenggraph.extractpatterns`; clauses
are read by :mod:`suchenggraph.clauses`, targets by :mod:`suchenggraph.targets`; the
records are in :mod:`suchenggraph.records`. What is optional (a notice, a period, a
signature, annexes) may be missing; what looks odd becomes a warning with its line
(``Plan.warnings``), an error with ``strict``. Errors stay for what would make the graph
wrong or empty.

>>> plan = parse_plan(SAMPLE)
>>> [t.number for t in plan.tasks], plan.tasks[0].leads, plan.tasks[0].cooperating
([1], ['区商务局'], ['区科技局', '各园区'])
>>> [(g.value, g.unit, g.comparator, g.year) for g in plan.tasks[0].targets]
[('15', '家', 'AtLeast', 2024)]
"""

from __future__ import annotations

from pathlib import Path

from .clauses import parse_clause
from .errors import SourceError
from .extractclassify import classify
from .extractheader import read_header
from .extractinterpret import interpret
from .extractread import Text, find_notice, read, split_documents
from .extracttail import check, read_tail
from .records import (
    Area,
    Clause,
    Document,
    Goal,
    Indicator,
    IndicatorTarget,
    LeadingGroup,
    Measure,
    Notice,
    Plan,
    Platform,
    Section,
    Span,
    Target,
    Task,
)
from .targets import find_targets

__all__ = [
    "Span",
    "Clause",
    "Target",
    "Task",
    "Area",
    "Indicator",
    "IndicatorTarget",
    "Platform",
    "Section",
    "Goal",
    "Measure",
    "LeadingGroup",
    "Notice",
    "Plan",
    "Document",
    "parse_document",
    "parse_plan",
    "parse_file",
    "parse_clause",
    "find_targets",
    "SAMPLE",
]

SAMPLE = """宿区样例发〔2022〕9号
样例行动计划
(2022-2024年)
一、总体要求
(一)发展目标
2024年,电子商务交易额超过450亿元。
二、主要任务
(一)样例行动
1.培育企业。到2024年,培育重点企业15家以上。(区商务局牵头,区科技局,各园区等按职责分工负责)
三、保障措施
(一)加强组织领导。建立区样例工作领导小组。领导小组办公室设在区商务局。
样例领导小组
2022年10月20日
"""


def read_plan(t: Text, start: int, stop: int, notice: Notice | None, index: int,
              first_listed_leads: bool | None) -> Plan:
    """Stage 4: the document in lines ``[start, stop)`` of ``t`` (the ``index``-th the
    notice issues) -> a :class:`Plan`."""
    r = read_header(t, start, stop, notice, index, first_listed_leads)
    blocks, body_end = classify(t, r.body_start, stop)
    interpret(r, blocks)
    read_tail(r, body_end)
    check(r)
    return r.plan


def parse_document(source: str | Path, *, lenient: bool = False, strict: bool = False,
                   first_listed_leads: bool | None = None) -> Document:
    """Read a file (a ``Path``, or a ``str`` path) or a text into a :class:`Document`.

    Raises :class:`SourceError` (naming the file and line) for an empty or undecodable
    file, a file in which no task with a clause is found, a parenthesis never closed, and
    with ``strict`` for the first warning (a clause whose units cannot be split is one).

    >>> doc = parse_document(SAMPLE)
    >>> [(p.title, p.doc_number, p.period, len(p.tasks)) for p in doc.plans]
    [('样例行动计划', '宿区样例发〔2022〕9号', (2022, 2024), 1)]
    """
    t = read(source, strict=strict, lenient=lenient)
    found = find_notice(t)
    notice = found.notice if found else None
    plans = []
    ranges = split_documents(t, found)
    start_of = [t.next_nonblank(start) for start, _ in ranges]
    for index, (start, stop) in enumerate(ranges):
        plans.append(read_plan(t, start, stop, notice, index, first_listed_leads))
    if not any(p.tasks for p in plans):
        last = t.lines[-1][0]
        if any(p.skipped for p in plans):
            pass  # lenient: what could not be read is listed
        else:
            t.fail(last, "no task with a responsibility clause such as (X牵头,Y配合) found: "
                   "is this a plan of this genre?")
    for p in plans:
        if not p.tasks and len(plans) > 1:
            t.warn(p.warnings, t.lines[start_of[p.index]][0], f"document {p.title or p.index + 1} names no task "
                   "with a responsibility clause")
    return Document(plans, notice, t.script, list(t.file_warnings))


def parse_file(path: str | Path, *, lenient: bool = False, strict: bool = False,
               first_listed_leads: bool | None = None) -> Plan:
    """Read and parse a plan text file (its first document); errors name the file and line."""
    return parse_document(Path(path), lenient=lenient, strict=strict,
                          first_listed_leads=first_listed_leads).plans[0]


def parse_plan(text: str, *, lenient: bool = False, strict: bool = False,
               first_listed_leads: bool | None = None) -> Plan:
    """Parse the text of a plan (either script) into a :class:`Plan` (its first document)."""
    if not text.strip():
        raise SourceError("the text is empty")
    return parse_document(text if "\n" in text else text + "\n", lenient=lenient,
                          strict=strict, first_listed_leads=first_listed_leads).plans[0]
