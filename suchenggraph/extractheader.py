"""Stage 4a of the extractor: a document's header (number, title, period), which opens its
:class:`~suchenggraph.records.Plan`, and :class:`PlanReading`, what the later stages of one
document share.

>>> from suchenggraph.extractread import read
>>> r = read_header(read("宿区样例发〔2022〕9号\\n样例行动计划\\n(2022-2024年)\\n一、主要任务\\n"),
...                 0, 5, None, 0, None)
>>> r.plan.doc_number, r.plan.title, r.plan.period, r.body_start
('宿区样例发〔2022〕9号', '样例行动计划', (2022, 2024), 3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .extractpatterns import (
    ANNEX,
    DOC_NO,
    PERIOD_BODY,
    PERIOD_IN,
    PERIOD_LINE,
    SUB,
    TITLE_ENDS,
    TITLES,
    TOP,
    YEAR_IN,
    is_issuer_line,
)
from .extractread import Text
from .records import Notice, Plan

__all__ = ["PlanReading", "read_header"]

# "责任单位中排名第一的为牵头单位", "排在第一位的为牵头单位", "列首位的单位是牵头部门" ...
_FIRST_LISTED = re.compile(
    r"(?:排名|排在|排|列|位列|居)(?:第一位|第一个|第一|首位)的?(?:单位|部门)?(?:为|是)"
    r"(?:牵头|主要负责)(?:单位|部门)"
)


@dataclass
class PlanReading:
    """One document being read: the file, the plan so far, and what one stage tells the
    next."""

    t: Text
    plan: Plan
    stop: int  # the index of the line after the document
    body_start: int  # the index of the first line after the header
    level: str | None  # 省, 市, 区 or 县: the level of the government whose document it is
    heading_tasks: bool = False  # some task is a heading with its clause ((一)…。(X牵头))
    ownerless_numbers: set[int] = field(default_factory=set)  # items reported without clause


def read_header(t: Text, start: int, stop: int, notice: Notice | None, index: int,
                first_listed_leads: bool | None) -> PlanReading:
    """Stage 4a: the number, title and period of the document in lines ``[start, stop)``
    (the ``index``-th the notice issues), and its plan with them."""
    n = stop
    i = t.next_nonblank(start, n)
    if i < n and ANNEX.match(t.stripped(i)):
        i = t.next_nonblank(i + 1, n)  # "附件1" above a document's title
    doc_number = None
    if i < n and (m := DOC_NO.match(t.stripped(i))):
        doc_number = m.group(1)
        i = t.next_nonblank(i + 1, n)
    if i >= n:
        t.fail(t.lines[min(i, len(t.lines)) - 1][0], "no title: is the file truncated?")
    title, issuer_line, i = _title(t, i, n, notice, index)
    nxt = t.next_nonblank(i, n)
    if doc_number is None and nxt < n and (m := DOC_NO.match(t.stripped(nxt))):
        doc_number = m.group(1)  # the number under the title
        i = nxt + 1
    period = None
    nxt = t.next_nonblank(i, n)
    if nxt < n and (pm := PERIOD_LINE.match(t.stripped(nxt))):
        period = (int(pm.group(1)), int(pm.group(2) or pm.group(1)))
        i = nxt + 1
    elif pm := PERIOD_IN.search(title):
        period = (int(pm.group(1)), int(pm.group(2)))
    elif ym := YEAR_IN.search(title):
        period = (int(ym.group(1)), int(ym.group(1)))
    seg_text = t.hans[t.lines[start][1]: t.lines[stop - 1][1] + len(t.lines[stop - 1][2])]
    if period is None and (pm := PERIOD_BODY.search(seg_text)):
        period = (int(pm.group(1)), int(pm.group(2) or pm.group(1)))  # "实施期限为2023—2025年"
    plan = Plan(
        doc_number=doc_number or (notice.doc_number if notice else None),
        title=title, period=period,
        issuer=notice.issuer if notice else issuer_line,
        date=notice.date if notice else None,
        script=t.script, text_hans=t.hans, text_orig=t.orig,
        first_listed_leads=bool(first_listed_leads) or bool(_FIRST_LISTED.search(seg_text)),
        notice=notice, index=index)
    return PlanReading(t, plan, stop, i, _level_of(plan))


def _title(t: Text, i: int, n: int, notice: Notice | None,
           index: int) -> tuple[str, str | None, int]:
    """The title from line ``i``, the line of issuers above it if any, and the index after
    them. A document that opens with its first section takes its title from the notice."""
    title = ""
    issuer_line = None
    nxt = t.next_nonblank(i + 1, n)
    if (nxt < n and is_issuer_line(t.stripped(i))
            and t.stripped(nxt).endswith(TITLE_ENDS)):
        issuer_line, i = t.stripped(i), nxt  # "中共宿迁市委 宿迁市人民政府" above the title
    if not (TOP.match(t.stripped(i)) or SUB.match(t.stripped(i))):
        title = t.stripped(i)
        i += 1
        nxt = t.next_nonblank(i, n)
        # a title wrapped over two lines: "…数字经济" / "加速行动方案"
        if (nxt < n and not title.endswith(TITLE_ENDS)
                and t.stripped(nxt).endswith(TITLE_ENDS) and len(t.stripped(nxt)) <= 30
                and not re.search(r"[。,:;]", t.stripped(nxt))):
            title += t.stripped(nxt)
            i = nxt + 1
    elif notice is not None:
        titles = TITLES.findall(notice.title)
        title = titles[index] if index < len(titles) else ""
    return title, issuer_line, i


def _level_of(plan: Plan) -> str | None:
    """The level (省, 市, 区, 县) of the government whose document it is, from its issuer or
    title (江苏省人民政府办公厅, 宿迁市…, 宿城区…), where one says it."""
    for text in (plan.issuer, plan.notice.title if plan.notice else None, plan.title):
        if text and (m := re.match(r"^(?:中共)?[\u4e00-\u9fff]{2,6}?(自治区|自治州|自治县|省|市|区|县)",
                                   text)):
            return m.group(1)
    return None
