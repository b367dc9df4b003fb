"""The extractor: a plan text of this genre -> plain records.

It reads what is there and says what it read. The stages, each a function or
method below, in the order they run:

1. :func:`read` — decode the file, normalise widths (``（１）`` -> ``(1)``) and
   convert Traditional to Simplified one character for one, so every pattern is
   written once and every offset is an offset in the file as read.
2. :func:`find_notice` — the covering notice (``…关于印发《…》的通知``, its number,
   addressee, issuer and date), when the file starts with one.
3. :func:`split_documents` — one line range per document the notice issues
   (a notice may carry a policy and an action plan), or the whole file.
4. :class:`PlanReader` for each document: ``header`` (number, title, period),
   ``classify`` (each line a heading, numbered item, 专栏 box, paragraph …),
   ``interpret`` (sections, areas, goals, tasks and their clauses), ``tail``
   (signature, annexes: indicator and platform tables, or annexes that hold tasks)
   and ``check`` (numbering, announced counts).

Clauses are read by :mod:`suchenggraph.clauses`, targets by
:mod:`suchenggraph.targets`; the records are in :mod:`suchenggraph.records`.
What is optional (a notice, a period, a signature, annexes) may be missing; what
looks odd becomes a warning with its line (``Plan.warnings``), an error with
``strict``. Errors stay for what would make the graph wrong or empty.

>>> plan = parse_plan(SAMPLE)
>>> [t.number for t in plan.tasks], plan.tasks[0].leads, plan.tasks[0].cooperating
([1], ['区商务局'], ['区科技局', '各园区'])
>>> [(g.value, g.unit, g.comparator, g.year) for g in plan.tasks[0].targets]
[('15', '家', 'AtLeast', 2024)]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .clauses import (
    ClauseError,
    clause_groups,
    has_label,
    looks_like_clause,
    looks_like_org,
    parse_clause,
    resolve_deadline,
    split_names,
)
from .errors import SourceError
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
    cn_to_int,
)
from .targets import find_targets
from .text import compact_cjk, detect_script, normalise_width, read_plan_text, to_simplified

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

_CN = "一二三四五六七八九十"
_DOC_NO = re.compile(r"^\(?(.{1,24}〔\d{4}〕\d+号)\)?$")
_PERIOD_LINE = re.compile(r"^\((\d{4})(?:\s*[-—–~～至到]\s*(\d{4}))?年?\)$")
_PERIOD_IN = re.compile(r"(\d{4})\s*(?:年\s*)?[-—–~～至到]\s*(\d{4})年?")
_YEAR_IN = re.compile(r"(?<![到至\d])(\d{4})年(?:度)?(?!\d)")
# Chinese numerals 1-99 exactly (十三五、 is not section 13, 二三、 is not section 2)
_CN_NUMERAL = r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_TOP = re.compile(r"^(" + _CN_NUMERAL + r")、(.+)$")
_SUB = re.compile(r"^\((" + _CN_NUMERAL + r")\)(.*)$")
_ITEM = re.compile(
    r"^(?:(?P<num>\d{1,3})(?:[.、](?!\d)|\.(?=\D))|\((?P<pnum>\d{1,3})\)|"
    r"第(?P<cnum>(?:一百零?)?" + _CN_NUMERAL + r"|一百)条)\s*(?P<rest>.*)$",
    re.DOTALL,
)
_BOX = re.compile(r"^专栏\s*(\d*)\s*[:.、]?\s*(.*)$")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_ANNEX_LIST = re.compile(r"^附件\s*[:]?\s*(?:(\d+)\.)?(.*)$")
_ANNEX = re.compile(r"^附件\s*(\d*)$")
_GOAL = re.compile(r"^(\d{4})年,")
_NOTICE_TITLE = re.compile(r"(?:关于)?.*(?:印发|转发|下达|公布).*的?通知$|.*的通知$")
_TITLES = re.compile(r"《([^》]+)》")
_TITLE_ENDS = ("计划", "方案", "意见", "办法", "要点", "规划", "细则", "措施", "政策", "清单",
               "纲要", "规定", "指标", "任务", "分工")
class _IssuerLine:
    """A header line of issuers above a title or a date: "中共宿迁市委  宿迁市人民政府" (each
    word ends in the name of an issuing body; no regular expression: one that tried every
    split of a long line took minutes)."""

    ENDS = ("委员会", "委", "人民政府", "政府", "办公厅", "办公室")

    @classmethod
    def match(cls, line: str) -> bool:
        words = line.split()
        return 0 < len(line) <= 60 and bool(words) and all(w.endswith(cls.ENDS) for w in words)


_ISSUER_LINE = _IssuerLine
# the closing articles of a document: when it takes effect, who interprets it
_CLOSING = re.compile(r"自印发之日起|自发布之日起|负责解释|施行|有效期")
# the columns of an annex table of tasks
_TASK_COLUMNS = "重点任务|工作任务|主要任务|具体任务|任务内容|工作内容|工作措施|主要内容|任务|重点工作|工作事项"
_UNIT_COLUMNS = ("牵头单位|牵头部门|牵头考核单位|配合单位|配合部门|责任单位|责任部门|协办单位|"
                 "参与单位")
_WHEN_COLUMNS = "完成时限|完成时间|时间节点|时限要求|进度安排|时限"
# a clause written as a line of its own: "牵头单位:省大数据局", "责任单位:A、B"
_LABEL_LINE = re.compile(r"^(?:牵头|配合|责任|协办|参与|主要责任)(?:考核)?(?:单位|部门)[:：]")
_PUBLICITY = re.compile(r"^\((?:此件|本件)[^)]*\)$")

# "责任单位中排名第一的为牵头单位", "排在第一位的为牵头单位", "列首位的单位是牵头部门" ...
_FIRST_LISTED = re.compile(
    r"(?:排名|排在|排|列|位列|居)(?:第一位|第一个|第一|首位)的?(?:单位|部门)?(?:为|是)"
    r"(?:牵头|主要负责)(?:单位|部门)"
)


def _real_date(m: re.Match) -> tuple[int, int, int] | None:
    """(year, month, day) of a date line, or None when there is no such day (2022年2月30日)."""
    import datetime

    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        datetime.date(y, mo, d)
    except ValueError:
        return None
    return (y, mo, d)


def _cn_number(text: str) -> int:
    """Chinese numerals up to 199 (``第十二条``, ``一百零一``)."""
    if text.startswith("一百") or text == "百":
        rest = text[2:].lstrip("零")
        return 100 + (cn_to_int(rest) if rest else 0)
    return cn_to_int(text)


# --------------------------------------------------------------------------- stage 1: reading


class Text:
    """The file as read: original text, Simplified text, lines with their offsets, and
    how problems are reported (errors raise, warnings collect, both name the line)."""

    def __init__(self, orig: str, *, path: str | None = None, strict: bool = False,
                 lenient: bool = False):
        if not orig.strip():
            raise SourceError("the text is empty", path=path)
        if "\x00" in orig:
            raise SourceError("this is a binary file, not a plan text", path=path,
                              line=orig[: orig.index("\x00")].count("\n") + 1)
        self.orig = orig
        norm = normalise_width(orig)
        self.script = detect_script(norm)
        self.hans = to_simplified(norm) if self.script == "zh-Hant" else norm
        self.path = path
        self.strict = strict
        self.lenient = lenient
        self.lines: list[tuple[int, int, str]] = []  # (lineno, offset, text)
        off = 0
        for i, line in enumerate(self.hans.split("\n"), start=1):
            self.lines.append((i, off, line))
            off += len(line) + 1
        self.starts = [o for _, o, _ in self.lines]
        self._back: dict[int, str] | None = None
        self.file_warnings: list[tuple[int, str]] = []

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def stripped(self, idx: int) -> str:
        return self.lines[idx][2].strip()

    def fail(self, line: int, message: str):
        raise SourceError(self.as_written(message, line), line=line, path=self.path)

    def warn(self, sink: list, line: int, message: str):
        """A warning in ``sink``; an error with ``strict``."""
        if self.strict:
            self.fail(line, message + " (--strict)")
        sink.append((line, self.as_written(message, line)))

    def as_written(self, message: str, line: int) -> str:
        """``message`` with the Chinese it quotes in the script of the file.

        The text is parsed in Simplified, character for character (see
        :func:`suchenggraph.text.to_simplified`), so each Simplified character of a
        Traditional file has its original at the same place: those of the failing
        line first, then the first one met in the file (the example words of a
        message too, e.g. 宿区数字发 -> 宿區數字發).
        """
        if self.script != "zh-Hant":
            return message
        written = normalise_width(self.orig).split("\n")
        if self._back is None:
            self._back = {}
            for (_, _, hans), orig in zip(self.lines, written, strict=True):
                for h, o in zip(hans, orig, strict=True):
                    if h != o:
                        self._back.setdefault(ord(h), o)
        table = dict(self._back)
        if 1 <= line <= len(written):
            hans = self.lines[line - 1][2]
            table.update((ord(h), o) for h, o in zip(hans, written[line - 1], strict=True)
                         if h != o)
        return message.translate(table)

    def span(self, start: int, end: int, section: str) -> Span:
        return Span(self.line_of(start), start, end, section, self.hans[start:end])

    def line_span(self, idx: int, section: str) -> Span:
        no, off, text = self.lines[idx]
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        return Span(no, off + lead, off + lead + len(body), section, body)

    def next_nonblank(self, i: int, stop: int | None = None) -> int:
        stop = len(self.lines) if stop is None else stop
        while i < stop and not self.stripped(i):
            i += 1
        return i


def read(source: str | Path, *, strict: bool = False, lenient: bool = False) -> Text:
    """Stage 1: a path (``Path``, or a ``str`` without a line break) or the text itself."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                    and Path(source).is_file()):
        return Text(read_plan_text(source), path=str(source), strict=strict, lenient=lenient)
    return Text(str(source).replace("\r\n", "\n").replace("\r", "\n"), strict=strict,
                lenient=lenient)


# --------------------------------------------------------------------------- stage 2: the notice


@dataclass
class _NoticeFound:
    notice: Notice
    titles: list[str]
    end: int  # index of the first line after the notice


def find_notice(t: Text) -> _NoticeFound | None:
    """Stage 2: the covering notice at the top of the file, if there is one.

    It is recognised by a title line ending in 通知 among the first lines (possibly
    wrapped over two lines, possibly after the document number); it ends with its
    date line (``2021年3月5日``), after the issuer.
    """
    n = len(t.lines)
    i = t.next_nonblank(0)
    head = []  # the first few non-blank line indexes
    k = i
    while k < n and len(head) < 6:
        if t.stripped(k):
            head.append(k)
        k += 1
    title_idx = None
    for pos, idx in enumerate(head):
        line = t.stripped(idx)
        if _DOC_NO.match(line) or len(line) >= 120:
            continue
        if _NOTICE_TITLE.match(line):
            title_idx = [idx]
            break
        nxt = t.stripped(head[pos + 1]) if pos + 1 < len(head) else ""
        # "…关于印发…" / "…的通知": a title wrapped over two lines
        if nxt and "关于" in line and _NOTICE_TITLE.match(line + nxt) \
                and len(nxt) <= 30 and not nxt.startswith(("一、", "(")):
            title_idx = [idx, head[pos + 1]]
            break
    if title_idx is None:
        return None
    title = "".join(t.stripped(x) for x in title_idx)
    doc_number = None
    for idx in head:
        if m := _DOC_NO.match(t.stripped(idx)):
            doc_number = m.group(1)
            break
    after = max([title_idx[-1]] + [h for h in head[:3] if _DOC_NO.match(t.stripped(h))])
    i = t.next_nonblank(after + 1)
    if i < n and _DOC_NO.match(t.stripped(i)):
        doc_number = doc_number or _DOC_NO.match(t.stripped(i)).group(1)
        i = t.next_nonblank(i + 1)
    addressee = None
    if i < n and t.stripped(i).endswith(":") and len(t.stripped(i)) <= 80:
        addressee = t.stripped(i)[:-1]
        i += 1
    # the notice runs to its date line
    titles = _TITLES.findall(title)
    issuer, date, end = None, None, None
    j = i
    while j < n:
        line = t.stripped(j)
        if dm := _DATE.match(line):
            date = _real_date(dm)
            if date is None:
                t.warn(t.file_warnings, t.lines[j][0], f"{line} is not a date: the notice's "
                       "date is left out")
            prev = j - 1
            while prev > i and not t.stripped(prev):
                prev -= 1
            cand = t.stripped(prev)
            if prev >= i and cand and len(cand) <= 40 and not re.search(r"[。;:]", cand) \
                    and not cand.startswith("附件"):
                issuer = cand
            end = j + 1
            while end < n and (not t.stripped(end) or _PUBLICITY.match(t.stripped(end))):
                end += 1
            break
        if _TOP.match(line) or (titles and _same_title(line, titles[0])):
            end = j  # no date: the notice ends where a document starts
            break
        if not titles:
            titles = _TITLES.findall(line)
        j += 1
    if end is None:
        return None  # a "notice" that never ends is a document that mentions 通知
    first = title_idx[0]
    last = t.lines[end - 1]
    notice = Notice(title=title, doc_number=doc_number, issuer=issuer, date=date,
                    addressee=addressee,
                    span=Span(t.lines[first][0], t.lines[first][1],
                              last[1] + len(last[2].rstrip()), "通知",
                              t.hans[t.lines[first][1]: last[1] + len(last[2].rstrip())]))
    return _NoticeFound(notice, titles, end)


def _norm_title(text: str) -> str:
    text = re.sub(r"[\s《》“”\"']", "", text)
    return _PERIOD_IN.sub("", text).replace("()", "")


def _same_title(line: str, title: str) -> bool:
    a, b = _norm_title(line), _norm_title(title)
    return bool(a) and len(a) >= 4 and (a == b or (len(a) >= 6 and b.startswith(a)))


# --------------------------------------------------------------------------- stage 3: documents


def split_documents(t: Text, found: _NoticeFound | None) -> list[tuple[int, int]]:
    """Stage 3: the line range ``[start, stop)`` of each document in the file."""
    n = len(t.lines)
    start = found.end if found else 0
    if not found or len(found.titles) < 2:
        return [(start, n)]
    starts: list[int] = []
    k = start
    for title in found.titles:
        for j in range(k, n):
            if _same_title(t.stripped(j), title):
                starts.append(j)
                k = j + 1
                break
        else:
            t.warn(t.file_warnings, found.notice.span.line,
                   f"the notice issues 《{title}》 but no document with that title follows")
    if len(starts) < 2:
        return [(start, n)]
    ranges = []
    for pos, s in enumerate(starts):
        stop = starts[pos + 1] if pos + 1 < len(starts) else n
        # "附件2" before the next title belongs to neither
        back = stop - 1
        while back > s and not t.stripped(back):
            back -= 1
        if pos + 1 < len(starts) and _ANNEX.match(t.stripped(back)):
            stop = back
        first = start if pos == 0 else s
        ranges.append((first, stop))
    return ranges


# --------------------------------------------------------------------------- stage 4: a plan


@dataclass
class _Block:
    kind: str  # top, sub, measure, item, para, box, preamble
    idxs: list[int]
    number: int | None = None  # the item's number as written
    style: str = ""  # how an item is numbered: "num" (1.), "pnum" ((1)), "cnum" (第一条)


@dataclass
class _Container:
    """A heading that holds tasks: a sub-section (一)(二) or a top section 一、二、."""

    key: str
    title: str
    span: Span
    label: str
    is_sub: bool
    area: int | None = None
    tasks: list[Task] = field(default_factory=list)


class PlanReader:
    """Stage 4: one document of the file -> a :class:`Plan`."""

    def __init__(self, t: Text, start: int, stop: int, notice: Notice | None, index: int,
                 first_listed_leads: bool | None):
        self.t = t
        self.start, self.stop = start, stop
        self.notice = notice
        self.index = index
        self.flagged_first = first_listed_leads
        self.heading_tasks = False  # some task is a heading with its clause ((一)…。(X牵头))
        self.ownerless_numbers: set[int] = set()

    # -- 4a: header
    def header(self) -> int:
        t, n = self.t, self.stop
        i = t.next_nonblank(self.start, n)
        if i < n and _ANNEX.match(t.stripped(i)):
            i = t.next_nonblank(i + 1, n)  # "附件1" above a document's title
        doc_number = None
        if i < n and (m := _DOC_NO.match(t.stripped(i))):
            doc_number = m.group(1)
            i = t.next_nonblank(i + 1, n)
        if i >= n:
            t.fail(t.lines[min(i, len(t.lines)) - 1][0], "no title: is the file truncated?")
        title = ""
        issuer_line = None
        nxt = t.next_nonblank(i + 1, n)
        if (nxt < n and _ISSUER_LINE.match(t.stripped(i))
                and t.stripped(nxt).endswith(_TITLE_ENDS)):
            issuer_line, i = t.stripped(i), nxt  # "中共宿迁市委 宿迁市人民政府" above the title
        if not (_TOP.match(t.stripped(i)) or _SUB.match(t.stripped(i))):
            title = t.stripped(i)
            i += 1
            nxt = t.next_nonblank(i, n)
            # a title wrapped over two lines: "…数字经济" / "加速行动方案"
            if (nxt < n and not title.endswith(_TITLE_ENDS)
                    and t.stripped(nxt).endswith(_TITLE_ENDS) and len(t.stripped(nxt)) <= 30
                    and not re.search(r"[。,:;]", t.stripped(nxt))):
                title += t.stripped(nxt)
                i = nxt + 1
        elif self.notice is not None:
            titles = _TITLES.findall(self.notice.title)
            title = titles[self.index] if self.index < len(titles) else ""
        nxt = t.next_nonblank(i, n)
        if doc_number is None and nxt < n and (m := _DOC_NO.match(t.stripped(nxt))):
            doc_number = m.group(1)  # the number under the title
            i = nxt + 1
        period = None
        nxt = t.next_nonblank(i, n)
        if nxt < n and (pm := _PERIOD_LINE.match(t.stripped(nxt))):
            period = (int(pm.group(1)), int(pm.group(2) or pm.group(1)))
            i = nxt + 1
        elif pm := _PERIOD_IN.search(title):
            period = (int(pm.group(1)), int(pm.group(2)))
        elif ym := _YEAR_IN.search(title):
            period = (int(ym.group(1)), int(ym.group(1)))
        notice = self.notice
        seg_text = t.hans[t.lines[self.start][1]: t.lines[self.stop - 1][1]
                          + len(t.lines[self.stop - 1][2])]
        self.plan = Plan(
            doc_number=doc_number or (notice.doc_number if notice else None),
            title=title, period=period,
            issuer=notice.issuer if notice else issuer_line,
            date=notice.date if notice else None,
            script=t.script, text_hans=t.hans, text_orig=t.orig,
            first_listed_leads=bool(self.flagged_first) or bool(_FIRST_LISTED.search(seg_text)),
            notice=notice, index=self.index)
        self.level = _level_of(self.plan)
        return i

    # -- 4b: classify lines into blocks
    def classify(self, i: int, stop: int, *, in_annex: bool = False) -> tuple[list[_Block], int]:
        """Each line a block or a continuation of one; returns the blocks and where the body
        ends (the list of annexes, the signature, or the first annex)."""
        t = self.t
        blocks: list[_Block] = []
        in_top = False
        last_item: dict[str, int] = {}  # container -> last item number, for 专栏 boxes
        container = ""
        while i < stop:
            line = t.stripped(i)
            if not line:
                i += 1
                continue
            if not in_annex:
                if _ANNEX.match(line) or (line.startswith("附件") and _ANNEX_LIST.match(line)):
                    return blocks, i
                if _DATE.match(line):
                    end = i
                    while blocks and blocks[-1].kind in ("para", "preamble") and (
                            _ISSUER_LINE.match(t.stripped(blocks[-1].idxs[-1])) or (
                                end == i and len(t.stripped(blocks[-1].idxs[-1])) <= 40
                                and not re.search(r"[。;,:]", t.stripped(blocks[-1].idxs[-1])))):
                        end = blocks.pop().idxs[0]  # the issuer(s) above the date
                    return blocks, end
            starts_block = bool(_TOP.match(line) or _SUB.match(line) or _BOX.match(line)
                                or _ITEM.match(line))
            if blocks and blocks[-1].kind in ("item", "measure", "para", "top") and (
                    (self._open(blocks[-1]) and not starts_block and len(blocks[-1].idxs) < 4)
                    or _LABEL_LINE.match(line)):
                # "(牵头单位:X;" / "责任单位:Y)", or "牵头单位:X" on a line of its own
                blocks[-1].idxs.append(i)
                i += 1
                continue
            if m := _TOP.match(line):
                in_top = True
                container = m.group(1)
                blocks.append(_Block("top", [i]))
            elif (sm := _SUB.match(line)) and (in_top or in_annex or not blocks):
                rest = sm.group(2)
                container = container.split("/")[0] + "/" + sm.group(1)
                if -1 < rest.find("。") < len(rest) - 1:
                    blocks.append(_Block("measure", [i]))  # "(一)加强组织领导。text"
                else:
                    blocks.append(_Block("sub", [i]))
            elif bm := _BOX.match(line):
                blocks.append(_Block("box", [i], int(bm.group(1)) if bm.group(1) else None))
            elif (im := _ITEM.match(line)) and not self._inside_box(blocks, im, line,
                                                                   last_item.get(container, 0)):
                number = _item_number(im)
                last_item[container] = number
                style = next(k for k in ("num", "pnum", "cnum") if im.group(k))
                if style == "num":  # 1. and 1、 are two ways of numbering (a box's list, tasks)
                    style += line[len(im.group("num"))]
                blocks.append(_Block("item", [i], number, style))
            elif blocks and blocks[-1].kind == "box":
                blocks[-1].idxs.append(i)
            elif not in_top and not in_annex:
                blocks.append(_Block("preamble", [i]))
            elif blocks and blocks[-1].kind == "item" and not self._closed(blocks[-1]):
                blocks[-1].idxs.append(i)  # a continuation line of the task, e.g. its clause
            else:
                blocks.append(_Block("para", [i]))
            i += 1
        return blocks, stop

    def _inside_box(self, blocks, im, line, last_number) -> bool:
        """A numbered line inside a 专栏 box lists a project, unless it carries a clause or
        continues the numbering of the tasks before the box."""
        if not blocks or blocks[-1].kind != "box":
            return False
        if any(looks_like_clause(line[s + 1: e - 1]) for s, e in clause_groups(line)):
            return False
        return not (last_number and _item_number(im) == last_number + 1)

    def _open(self, block: _Block) -> bool:
        """Whether a bracket opened in the block is not closed yet (a clause over two lines)."""
        text = "".join(self.t.stripped(k) for k in block.idxs)
        return text.count("(") > text.count(")") or text.count("〔") > text.count("〕")

    def _closed(self, block: _Block) -> bool:
        """Whether an item already ends with its clause (so the next paragraph is not its)."""
        text = self.t.stripped(block.idxs[-1]).rstrip("。")
        groups = clause_groups(text)
        return bool(groups) and groups[-1][1] == len(text) and looks_like_clause(
            text[groups[-1][0] + 1: groups[-1][1] - 1])

    # -- 4c: interpret the blocks
    def interpret(self, blocks: list[_Block], *, annex: str | None = None) -> None:
        plan, t = self.plan, self.t
        top_no, top_cn, top_title = 0, "", ""
        sub_no, sub_cn = 0, ""
        in_goals = False
        containers: dict[str, _Container] = {}
        prefix = f"附件{annex}" if annex else ""

        def container() -> _Container:
            key = f"{top_no}.{sub_no}" if sub_no else str(top_no)
            if key not in containers:
                idx = sub_block if sub_no else top_block
                label = f"{top_cn}({sub_cn})" if sub_no else top_cn
                title = sub_title if sub_no else top_title
                containers[key] = _Container(key, title, t.line_span(idx, prefix + label)
                                             if idx is not None else None, prefix + label,
                                             bool(sub_no))
            return containers[key]

        top_block = sub_block = None
        sub_title = ""
        pending_tasks: list[tuple[_Block, _Container, str]] = []
        for pos, block in enumerate(blocks):
            first = block.idxs[0]
            no, off, raw = t.lines[first]
            line = raw.strip()
            if block.kind == "preamble":
                if plan.preamble is None:
                    plan.preamble = t.line_span(first, "序言")
                continue
            if block.kind == "top":
                m = _TOP.match(line)
                top_no, top_cn, top_title = cn_to_int(m.group(1)), m.group(1), m.group(2).strip()
                sub_no, sub_cn, in_goals, top_block, sub_block = 0, "", False, first, None
                is_task = -1 < top_title.find("。") < len(top_title) - 1 and \
                    self._has_clause(block)
                if is_task:
                    top_title = top_title.split("。")[0]  # "一、加大财政支持。text(clause)"
                if not annex:
                    plan.sections.append(Section(str(top_no), top_cn, top_title, "",
                                                 t.line_span(first, top_cn)))
                if is_task:
                    pending_tasks.append((block, container(), "top"))
                continue
            if block.kind == "sub":
                m = _SUB.match(line)
                sub_no, sub_cn, sub_title = cn_to_int(m.group(1)), m.group(1), m.group(2).strip()
                sub_block = first
                label = f"{top_cn}({sub_cn})"
                in_goals = "目标" in sub_title
                if not annex and not self._holds_tasks(blocks, pos):
                    plan.sections.append(Section(f"{top_no}.{sub_no}", label, sub_title, "",
                                                 t.line_span(first, label)))
                continue
            if block.kind == "box":
                label = f"专栏{block.number}" if block.number else "专栏"
                bm = _BOX.match(line)
                body = "\n".join(t.stripped(k) for k in block.idxs[1:])
                plan.sections.append(Section(
                    f"box-{block.number or len(plan.sections) + 1}", label, bm.group(2).strip(),
                    body, self._block_span(block, prefix + label)))
                continue
            if block.kind == "measure":
                m = _SUB.match(line)
                label = f"{top_cn}({m.group(1)})"
                if self._has_clause(block):
                    sub_no, sub_cn, sub_title, sub_block = cn_to_int(m.group(1)), m.group(1), \
                        m.group(2).split("。")[0], first
                    pending_tasks.append((block, container(), "measure"))
                    continue
                self._unread_clauses(block)
                num = cn_to_int(m.group(1))
                title, _, body = m.group(2).partition("。")
                plan.measures.append(Measure(num, title, body, t.line_span(first, label)))
                if "领导小组" in body:
                    lead_ws = len(raw) - len(raw.lstrip())
                    self._leading_group(off + lead_ws + 2 + len(m.group(1)) + len(title) + 1,
                                        body, label)
                continue
            if block.kind == "item":
                pending_tasks.append((block, container(), "item"))
                continue
            # a paragraph
            label = f"{top_cn}({sub_cn})" if sub_no else top_cn
            if self._has_clause(block):
                pending_tasks.append((block, container(), "para"))
                continue
            self._unread_clauses(block)
            if in_goals and (gm := _GOAL.match(line)):
                year = int(gm.group(1))
                start = off + (len(raw) - len(raw.lstrip()))
                plan.goals.append(Goal(year, line, find_targets(
                    line, start, section=label, line_of=t.line_of, default_year=year),
                    t.line_span(first, label)))
            if not annex and plan.sections and plan.sections[-1].label == label:
                sec = plan.sections[-1]
                sec.text = (sec.text + "\n" + line) if sec.text else line
            if plan.programme is None and (pm := re.search(r"“([^”]*一园[^”]*)”", line)):
                plan.programme = pm.group(1)
        self._tasks(pending_tasks, prefix)

    def _unread_clauses(self, block: _Block) -> None:
        """A paragraph that is not a task but has a bracket that reads like a clause, or a
        bracket never closed: say so."""
        text = " ".join(self.t.stripped(k) for k in block.idxs)
        if self._open(block):
            self.t.warn(self.plan.warnings, self.t.lines[block.idxs[0]][0],
                        "a bracket is opened and never closed in this paragraph")
        for s, e in clause_groups(text):
            inner = text[s + 1: e - 1]
            if looks_like_clause(inner):
                self.t.warn(self.plan.warnings, self.t.lines[block.idxs[0]][0],
                            f"({inner}) looks like a clause but names no unit this tool "
                            "reads: not read")

    def _holds_tasks(self, blocks, pos) -> bool:
        """Whether the sub-section at ``pos`` holds tasks (then it is an action area)."""
        for block in blocks[pos + 1:]:
            if block.kind == "item" or (block.kind == "para" and self._has_clause(block)):
                return True
            if block.kind in ("sub", "top", "measure"):
                return False
        return False

    def _has_clause(self, block: _Block) -> bool:
        text = " ".join(self.t.stripped(k) for k in block.idxs)
        return any(looks_like_clause(text[s + 1: e - 1]) and self._org_clause(text[s + 1: e - 1])
                   for s, e in clause_groups(text))

    @staticmethod
    def _org_clause(inner: str) -> bool:
        try:
            c = parse_clause(inner)
        except ClauseError:
            return True  # reads as a clause: reported where it is parsed
        return all(looks_like_org(n) for n in c.leads + c.cooperating + c.responsible)

    def _block_span(self, block: _Block, section: str) -> Span:
        t = self.t
        no, off, raw = t.lines[block.idxs[0]]
        start = off + len(raw) - len(raw.lstrip())
        end_line = t.lines[block.idxs[-1]]
        end = end_line[1] + len(end_line[2].rstrip())
        return t.span(start, end, section)

    # -- tasks: numbered items, paragraphs and measures that carry a clause
    def _tasks(self, pending, prefix: str) -> None:
        plan, t = self.plan, self.t
        ordinals: dict[str, int] = {}
        ownerless: list[tuple[_Container, _Block, int, str]] = []
        owned_styles: dict[str, int] = {}
        for pos, (block, cont, how) in enumerate(pending):
            ordinals[cont.key] = ordinals.get(cont.key, 0) + 1
            number = block.number if how == "item" else ordinals[cont.key]
            if how in ("top", "measure"):  # the heading is the task: its number is the task's
                number = int(cont.key.rsplit(".", 1)[-1])
                self.heading_tasks = True
            task = self._task(block, cont, how, number)
            if task is None:
                if how == "item":
                    nxt = pending[pos + 1][0] if pos + 1 < len(pending) else None
                    if not (nxt is not None and nxt.kind == "item" and nxt.style != block.style):
                        # (an item whose sub-items follow is their heading, not a task)
                        ownerless.append((cont, block, number,
                                          _title_of(self._item_body(block))))
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
        # a numbered item without a clause is a task without an owner only where the items
        # around it, numbered the same way, have clauses (a list of principles under 总体要求
        # is not; nor are the sub-items of a task, nor the closing article 本办法自印发之日起施行)
        main_style = max(owned_styles, key=owned_styles.get) if owned_styles else None
        for cont, block, number, title in ownerless:
            if not cont.tasks or block.style != main_style or _CLOSING.search(title):
                continue
            self.ownerless_numbers.add(number)
            line = t.lines[block.idxs[0]][0]
            message = (f"task {number} ({title}) has no responsibility clause such as "
                       "(X牵头,Y等按职责分工负责)")
            if t.lenient:
                plan.skipped.append(t.as_written(f"line {line}: {message}", line))
            else:
                t.warn(plan.warnings, line, message)

    def _item_body(self, block: _Block) -> str:
        text = " ".join(self.t.stripped(k) for k in block.idxs)
        m = _ITEM.match(text)
        return m.group("rest") if m else text

    def _task(self, block: _Block, cont: _Container, how: str, number: int) -> Task | None:
        t, plan = self.t, self.plan
        no, off, raw = t.lines[block.idxs[0]]
        start = off + len(raw) - len(raw.lstrip())
        end_line = t.lines[block.idxs[-1]]
        end = end_line[1] + len(end_line[2].rstrip())
        text = t.hans[start:end]
        label = cont.label
        if how == "item":
            m = _ITEM.match(text)
            skip = len(text) - len(m.group("rest"))
        elif how == "measure":
            skip = text.index(")") + 1
        elif how == "top":
            skip = text.index("、") + 1
        else:
            skip = 0
        body_off = start + skip
        body = text[skip:]
        title = _title_of(body)
        depth = 0
        for ch in body:
            depth += (ch == "(") - (ch == ")")
            if depth < 0:
                break
        if depth > 0 or body.count("〔") > body.count("〕") or body.count("【") > body.count("】"):
            opened = max(body.rfind("("), body.rfind("〔"), body.rfind("【"))
            t.fail(t.line_of(body_off + opened), f"task {number}: a parenthesis is "
                   "opened and never closed: is the file truncated?")
        clauses: list[Clause] = []
        scope_start = body_off + len(title) + (1 if body[len(title):len(title) + 1] == "。"
                                               else 0)
        for gs, ge in clause_groups(body):
            inner = body[gs + 1: ge - 1]
            if not looks_like_clause(inner):
                continue
            clause = self._clause(inner, body_off + gs, number)
            if clause is None:
                continue
            clause.span = t.span(body_off + gs, body_off + ge, label)
            clause.scope = t.span(scope_start, body_off + gs, label)
            scope_start = body_off + ge
            clauses.append(clause)
        # a clause written without parentheses, as the last sentence or line
        if not clauses:
            tail_start = max(body.rfind("。", 0, len(body) - 1) + 1, 0)
            tail = body[tail_start:].rstrip("。")
            clause_lines = [k for k in block.idxs[1:] if looks_like_clause(t.stripped(k))]
            if clause_lines:
                # the clause lines at the end ("牵头单位:X" / "责任单位:Y"), read as one clause
                first, last = clause_lines[0], clause_lines[-1]
                lno, loff, lraw = t.lines[first]
                tail_start = loff + len(lraw) - len(lraw.lstrip()) - body_off
                end_off = t.lines[last][1] + len(t.lines[last][2].rstrip())
                tail = t.hans[body_off + tail_start: end_off].rstrip("。")
            if tail and looks_like_clause(tail):
                clause = self._clause(re.sub(r"\s*\n\s*", ";", tail), body_off + tail_start,
                                      number, bare=True)
                if clause is not None:
                    clause.span = t.span(body_off + tail_start, body_off + tail_start + len(tail),
                                         label)
                    clause.scope = t.span(body_off + len(title) + 1, body_off + tail_start,
                                          label)
                    clauses.append(clause)
        if not clauses:
            return None
        year = self._deadline_year()
        for c in clauses:
            if c.deadline:
                c.due, c.ongoing = resolve_deadline(c.deadline, year)
        default_year = plan.period[1] if plan.period else None
        targets = find_targets(body, body_off, section=label, line_of=t.line_of,
                               default_year=default_year)
        # targets inside a clause are not targets
        targets = [g for g in targets
                   if not any(c.span.start <= g.span.start < c.span.end for c in clauses)]
        return Task(number, title, body, 0, clauses, targets, t.span(start, end, label))

    def _clause(self, inner: str, at: int, number: int, *, bare: bool = False) -> Clause | None:
        t, plan = self.t, self.plan
        try:
            clause = parse_clause(inner, first_listed_leads=plan.first_listed_leads,
                                  level=self.level)
        except ClauseError as exc:
            if bare:
                return None  # a last sentence that mentions a role is running text
            message = f"task {number}: responsibility clause ({inner}) {exc}"
            if t.lenient:
                plan.skipped.append(t.as_written(f"line {t.line_of(at)}: {message}",
                                                 t.line_of(at)))
                return None
            t.fail(t.line_of(at), message)
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

    def _deadline_year(self) -> int | None:
        """The year a deadline without its own year (5月底) belongs to, where it can be known."""
        plan = self.plan
        if plan.period and plan.period[0] == plan.period[1]:
            return plan.period[0]
        if plan.period is None:
            if plan.date:
                return plan.date[0]
            if plan.doc_number and (m := re.search(r"〔(\d{4})〕", plan.doc_number)):
                return int(m.group(1))
        return None

    def _leading_group(self, body_off, body, label):
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
        self.plan.leading_group = LeadingGroup(
            name=m.group(1),
            posts=posts,
            office_host=office.group(1) if office else None,
            centre=centre.group(1) if centre else None,
            centre_purpose=centre.group(2) if centre else None,
            span=self.t.span(body_off + m.start(1), body_off + m.end(1), label),
        )

    # -- 4d: after the body: annex list, issuer, date, annexes
    def tail(self, body_end: int) -> None:
        plan, t = self.plan, self.t
        n = self.stop
        i = body_end
        announced: list[str] = []
        while i < n:
            line = t.stripped(i)
            if not line:
                i += 1
                continue
            if _ANNEX.match(line):
                break
            if line.startswith("附件") and (am := _ANNEX_LIST.match(line)):
                if am.group(2).strip():
                    announced.append(am.group(2).strip())
                i += 1
                while i < n and (mm := re.match(r"^(\d+)\.(.+)$", t.stripped(i))):
                    announced.append(mm.group(2).strip())
                    i += 1
                continue
            if dm := _DATE.match(line):
                plan.date = _real_date(dm)
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
        annex_starts = [k for k in range(i, n) if _ANNEX.match(t.stripped(k))]
        if len(annex_starts) < len(announced):
            last = t.lines[n - 1][0]
            t.warn(plan.warnings, last, f"{len(announced)} annexes announced but "
                   f"{len(annex_starts)} found: they may be published apart, or the file is "
                   "truncated")
        for pos, k in enumerate(annex_starts):
            stop = annex_starts[pos + 1] if pos + 1 < len(annex_starts) else n
            number = _ANNEX.match(t.stripped(k)).group(1) or str(pos + 1)
            self._annex(k, stop, number)

    def _annex(self, k: int, stop: int, number: str) -> None:
        t = self.t
        title_idx = t.next_nonblank(k + 1, stop)
        if title_idx >= stop:
            t.warn(self.plan.warnings, t.lines[k][0], "annex without a title or content")
            return
        cells = [compact_cjk(t.stripped(j).strip("| ")) for j in range(title_idx + 1,
                                                                      min(stop, title_idx + 6))]
        if "序号" in cells or any(c.startswith("序号") for c in cells):
            self._annex_table(title_idx, stop, number)
            return
        blocks, _ = self.classify(title_idx + 1, stop, in_annex=True)
        before = len(self.plan.tasks)
        self.interpret(blocks, annex=number)
        if len(self.plan.tasks) > before:  # an annex that holds tasks is a section of the plan
            self.plan.sections.append(Section(
                f"annex-{number}", f"附件{number}", compact_cjk(t.stripped(title_idx)), "",
                t.line_span(title_idx, f"附件{number}")))
        if len(self.plan.tasks) == before and not any(b.kind == "item" for b in blocks):
            t.warn(self.plan.warnings, t.lines[title_idx][0],
                   f"annex {number} ({compact_cjk(t.stripped(title_idx))}): neither a table "
                   "this tool knows nor tasks: not read")

    def _annex_table(self, title_idx: int, stop: int, number: str) -> None:
        t = self.t
        lines = t.lines
        title = compact_cjk(lines[title_idx][2].strip())
        cells: list[tuple[int, str, int]] = []  # (line idx, text, doc offset)
        for j in range(title_idx + 1, stop):
            no, off, raw = lines[j]
            s = raw.strip()
            if s.endswith("|"):
                s = s[:-1]
            s = compact_cjk(s.strip())
            if s.count("(") != s.count(")"):
                t.fail(no, f"annex {title}: the cell {s!r} has an unclosed parenthesis: "
                       "is the file truncated?")
            if s:
                cells.append((j, s, off + len(raw) - len(raw.lstrip())))
        header_words = re.compile(r"^(类别|序号|指标名称|名称|单位|\d{4}年|所属行动|行动|"
                                  + _TASK_COLUMNS + "|" + _UNIT_COLUMNS + "|" + _WHEN_COLUMNS
                                  + ")$")
        header = []
        while cells and header_words.match(cells[0][1]):
            header.append(cells.pop(0)[1])
        if "序号" not in header:
            t.warn(self.plan.warnings, lines[title_idx][0],
                   f"annex {title}: no table header with 序号: not read")
            return
        years = [int(h[:4]) for h in header if re.match(r"^\d{4}年$", h)]
        has_category = "类别" in header
        width = len(header) - 1 - (1 if has_category else 0)  # cells after the serial
        rows = []
        expected = 1
        pos = 0
        pre: list[tuple[int, str, int]] = []
        category = None
        while pos < len(cells):
            idx, s, off = cells[pos]
            if s == str(expected):
                if len(pre) > 1:
                    t.warn(self.plan.warnings, lines[pre[0][0]][0], f"annex {title}: "
                           f"unexpected cells {' | '.join(p[1] for p in pre)} before row "
                           f"{expected}: the table is not read")
                    return
                if pre:
                    category = pre[0][1]
                row = cells[pos + 1: pos + 1 + width]
                if len(row) < width:
                    t.fail(lines[cells[-1][0]][0], f"annex {title}: row {expected} has "
                           f"{len(row)} of {width} cells: is the file truncated?")
                rows.append((expected, category, row, cells[pos]))
                pos += 1 + width
                expected += 1
                pre = []
            else:
                pre.append(cells[pos])
                pos += 1
        if pre:
            t.warn(self.plan.warnings, lines[pre[0][0]][0], f"annex {title}: cells after the "
                   f"last row are not read: {' | '.join(p[1] for p in pre)}")
        cols = [h for h in header if h not in ("类别", "序号")]
        if any(re.match(f"^(?:{_TASK_COLUMNS})$", h) for h in header):
            self._annex_tasks(title, title_idx, cols, rows, number)
        elif "指标名称" in header:
            for number, category, row, serial in rows:
                rec = dict(zip(cols, row, strict=False))
                last = row[-1]
                span = Span(t.line_of(serial[2]), serial[2], last[2] + len(last[1]),
                            f"附件({title})", t.hans[serial[2]: last[2] + len(last[1])])
                targets = []
                for y in years:
                    cell = rec[f"{y}年"]
                    v = cell[1]
                    if v in ("/", "-", "—", "无", ""):
                        continue
                    if not re.match(r"^\d+(?:\.\d+)?$", v):
                        t.fail(lines[cell[0]][0], f"annex {title}: indicator {number} "
                               f"target for {y} is not a number: {v!r}")
                    targets.append(IndicatorTarget(y, str(Decimal(v)), Span(
                        lines[cell[0]][0], cell[2], cell[2] + len(v), span.section, v)))
                lead_cell = rec.get("牵头部门") or rec.get("牵头单位")
                self.plan.indicators.append(Indicator(
                    number=number, name=rec["指标名称"][1], category=category,
                    unit=rec["单位"][1] if "单位" in rec else "",
                    leads=split_names(lead_cell[1]) if lead_cell else [],
                    targets=targets, span=span))
        elif "名称" in header:
            for number, _category, row, serial in rows:
                rec = dict(zip(cols, row, strict=False))
                last = row[-1]
                span = Span(t.line_of(serial[2]), serial[2], last[2] + len(last[1]),
                            f"附件({title})", t.hans[serial[2]: last[2] + len(last[1])])
                lead_cell = rec.get("牵头部门") or rec.get("牵头单位")
                leads, area_title = [], None
                if lead_cell:
                    lm = re.match(r"^(.+?)\((.+)\)$", lead_cell[1])
                    if lm:
                        leads, area_title = split_names(lm.group(1)), lm.group(2)
                    else:
                        leads = split_names(lead_cell[1])
                if "所属行动" in rec:
                    area_title = rec["所属行动"][1]
                self.plan.platforms.append(Platform(number, rec["名称"][1], leads, area_title,
                                                    span))
        else:
            t.warn(self.plan.warnings, lines[title_idx][0], f"annex {title}: a table this tool "
                   f"does not know (header: {' | '.join(header)}): not read")

    def _annex_tasks(self, title: str, title_idx: int, cols: list[str], rows,
                     annex: str) -> None:
        """A task table (序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限): one task per row."""
        t, plan = self.t, self.plan
        label = f"附件({title})"
        area = Area(len(plan.areas) + 1, title, t.line_span(title_idx, label))
        plan.areas.append(area)
        plan.sections.append(Section(f"annex-{annex}", f"附件{annex}", title, "",
                                     t.line_span(title_idx, label)))
        for number, _category, row, serial in rows:
            rec = dict(zip(cols, row, strict=False))
            task_cell = next(rec[c] for c in cols if re.match(f"^(?:{_TASK_COLUMNS})$", c))
            last = row[-1]
            span = Span(t.line_of(serial[2]), serial[2], last[2] + len(last[1]), label,
                        t.hans[serial[2]: last[2] + len(last[1])])
            parts, where = [], []
            for col in cols:
                cell = rec.get(col)
                if cell is None or cell[1] in ("/", "-", "—", "无", ""):
                    continue
                if re.match(f"^(?:{_UNIT_COLUMNS})$", col):
                    parts.append(f"{col}:{cell[1]}")
                    where.append(cell)
            when = next((rec[c] for c in cols if re.match(f"^(?:{_WHEN_COLUMNS})$", c)
                         and c in rec), None)
            if not parts:
                t.warn(plan.warnings, span.line, f"annex {title}: row {number} names no unit")
                continue
            clause = self._clause(";".join(parts), where[0][2], number)
            if clause is None:
                continue
            clause.span = Span(t.line_of(where[0][2]), where[0][2],
                               where[-1][2] + len(where[-1][1]), label,
                               t.hans[where[0][2]: where[-1][2] + len(where[-1][1])])
            clause.scope = Span(t.line_of(task_cell[2]), task_cell[2],
                                task_cell[2] + len(task_cell[1]), label, task_cell[1])
            if when and when[1] not in ("/", "-", "—", "无", ""):
                clause.deadline = when[1]
                clause.due, clause.ongoing = resolve_deadline(when[1], self._deadline_year())
            default_year = plan.period[1] if plan.period else None
            body = task_cell[1]
            targets = find_targets(body, task_cell[2], section=label, line_of=t.line_of,
                                   default_year=default_year)
            task = Task(number, _title_of(body), body, area.number, [clause], targets, span)
            task.key = f"a{area.number}.{number}"
            plan.tasks.append(task)

    # -- 4e: checks over the whole plan
    def check(self) -> None:
        """Task keys, and numbering gaps where the numbering runs through the plan."""
        plan, t = self.plan, self.t
        numbers = [x.number for x in plan.tasks]
        if numbers and all(b > a for a, b in zip(numbers, numbers[1:], strict=False)):
            # the numbering runs through the plan (1..N): a task is named by its number
            for x in plan.tasks:
                x.key = str(x.number)
            for a, b in zip(plan.tasks, plan.tasks[1:], strict=False):
                between = set(range(a.number + 1, b.number))
                # headings (一)(二) without a clause are not tasks: no gap to report; nor
                # for an item already reported as having no clause
                if b.number != a.number + 1 and not t.lenient and not self.heading_tasks \
                        and not between <= self.ownerless_numbers:
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

    def _check_announced_platforms(self):
        """"一园一中心十二个平台" announces how many platforms the annex must list."""
        m = re.search(r"([一二三四五六七八九十]+)个平台", self.plan.programme or "")
        if not m or not self.plan.platforms:
            return
        announced = cn_to_int(m.group(1))
        listed = len(self.plan.platforms)
        if listed != announced:
            last = self.plan.platforms[-1].span.line
            self.t.fail(last, f"the annex lists {listed} platforms but the text announces "
                        f"{m.group(0)} ({announced}): is the file truncated?")

    def run(self) -> Plan:
        i = self.header()
        blocks, body_end = self.classify(i, self.stop)
        self.interpret(blocks)
        self.tail(body_end)
        self.check()
        self._check_announced_platforms()
        return self.plan


def _level_of(plan: Plan) -> str | None:
    """The level (省, 市, 区, 县) of the government whose document it is, from its issuer or
    title (江苏省人民政府办公厅, 宿迁市…, 宿城区…), where one says it."""
    for text in (plan.issuer, plan.notice.title if plan.notice else None, plan.title):
        if text and (m := re.match(r"^(?:中共)?[\u4e00-\u9fff]{2,6}?(自治区|自治州|自治县|省|市|区|县)",
                                   text)):
            return m.group(1)
    return None


def _item_number(im: re.Match) -> int:
    if im.group("num"):
        return int(im.group("num"))
    if im.group("pnum"):
        return int(im.group("pnum"))
    return _cn_number(im.group("cnum"))


def _title_of(body: str) -> str:
    """A task's title: its first sentence when short, else the words before the first comma
    or bracket."""
    title, dot, _ = body.partition("。")
    if dot and len(title) <= 60 and not re.search(r"\([^)]*$", title):
        return title
    return re.split(r"[(,;]", body)[0][:60]


# --------------------------------------------------------------------------- entry points


def parse_document(source: str | Path, *, lenient: bool = False, strict: bool = False,
                   first_listed_leads: bool | None = None) -> Document:
    """Read a file (a ``Path``, or a ``str`` path) or a text into a :class:`Document`.

    Raises :class:`SourceError` (naming the file and line) for an empty or undecodable
    file, a file in which no task with a clause is found, a clause whose units cannot be
    split (unless ``lenient``), and with ``strict`` for the first warning.

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
        plans.append(PlanReader(t, start, stop, notice, index, first_listed_leads).run())
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
