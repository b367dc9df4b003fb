"""Stages 1 to 3 of the extractor: read the file, find its covering notice, split it into
documents.

1. :func:`read` — decode the file, normalise widths (``（１）`` -> ``(1)``) and convert
   Traditional to Simplified one character for one, so every pattern is written once and
   every offset is an offset in the file as read (:class:`Text`).
2. :func:`find_notice` — the covering notice (``…关于印发《…》的通知``, its number,
   addressee, issuer and date), when the file starts with one.
3. :func:`split_documents` — one line range per document the notice issues (a notice may
   carry a policy and an action plan), or the whole file.

>>> t = read("宿区样例发〔2022〕9号\\n样例行动计划\\n一、主要任务\\n")
>>> t.lines[1], t.line_of(15), find_notice(t), split_documents(t, None)
((2, 14, '样例行动计划'), 2, None, [(0, 4)])
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from .clauses import BOLD_LABEL
from .errors import SourceError
from .extractpatterns import (
    ANNEX,
    DATE,
    DOC_NO,
    NOTICE_TITLE,
    PERIOD_IN,
    PUBLICITY,
    TITLES,
    TOP,
    real_date,
)
from .records import Notice, Span
from .text import detect_script, normalise_width, read_plan_text, to_simplified

__all__ = ["Text", "NoticeFound", "read", "find_notice", "split_documents", "same_title"]


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
        hans = to_simplified(norm) if self.script == "zh-Hant" else norm
        # "【牵头单位】A" is "牵头单位:A" (a space for 【, a colon for 】: offsets kept)
        self.marks = [(m.start(), m.end() - 1) for m in BOLD_LABEL.finditer(hans)]
        self.hans = _plain_labels(hans, self.marks)
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
        written = _plain_labels(normalise_width(self.orig), self.marks).split("\n")
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

    def extent(self, first: int, last: int) -> tuple[int, int]:
        """The offsets from the first character of line ``first`` (an index) to the last
        one of line ``last``, without the white space around them."""
        _, off, raw = self.lines[first]
        _, end_off, end_raw = self.lines[last]
        return off + len(raw) - len(raw.lstrip()), end_off + len(end_raw.rstrip())

    def next_nonblank(self, i: int, stop: int | None = None) -> int:
        stop = len(self.lines) if stop is None else stop
        while i < stop and not self.stripped(i):
            i += 1
        return i


def _plain_labels(text: str, marks: list[tuple[int, int]]) -> str:
    """``text`` with each bold label's brackets at ``marks`` made a space and a colon.

    >>> _plain_labels("任务。【牵头单位】区商务局", [(3, 8)])
    '任务。 牵头单位:区商务局'
    """
    if not marks:
        return text
    chars = list(text)
    for opens, closes in marks:
        chars[opens], chars[closes] = " ", ":"
    return "".join(chars)


def read(source: str | Path, *, strict: bool = False, lenient: bool = False) -> Text:
    """Stage 1: a path (``Path``, or a ``str`` without a line break) or the text itself."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                    and Path(source).is_file()):
        return Text(read_plan_text(source), path=str(source), strict=strict, lenient=lenient)
    return Text(str(source).replace("\r\n", "\n").replace("\r", "\n"), strict=strict,
                lenient=lenient)


# --------------------------------------------------------------------------- stage 2: the notice


@dataclass
class NoticeFound:
    notice: Notice
    titles: list[str]
    end: int  # index of the first line after the notice


def find_notice(t: Text) -> NoticeFound | None:
    """Stage 2: the covering notice at the top of the file, if there is one.

    It is recognised by a title line ending in 通知 among the first lines (possibly
    wrapped over two lines, possibly after the document number); it ends with its
    date line (``2021年3月5日``), after the issuer.
    """
    n = len(t.lines)
    head = _head(t)
    title_idx = _notice_title(t, head)
    if title_idx is None:
        return None
    title = "".join(t.stripped(x) for x in title_idx)
    doc_number = None
    for idx in head:
        if m := DOC_NO.match(t.stripped(idx)):
            doc_number = m.group(1)
            break
    after = max([title_idx[-1]] + [h for h in head[:3] if DOC_NO.match(t.stripped(h))])
    i = t.next_nonblank(after + 1)
    if i < n and DOC_NO.match(t.stripped(i)):
        doc_number = doc_number or DOC_NO.match(t.stripped(i)).group(1)
        i = t.next_nonblank(i + 1)
    addressee = None
    if i < n and t.stripped(i).endswith(":") and len(t.stripped(i)) <= 80:
        addressee = t.stripped(i)[:-1]
        i += 1
    titles = TITLES.findall(title)
    issuer, date, end, titles = _notice_end(t, i, titles)
    if end is None:
        return None  # a "notice" that never ends is a document that mentions 通知
    first = title_idx[0]
    last = t.lines[end - 1]
    notice = Notice(title=title, doc_number=doc_number, issuer=issuer, date=date,
                    addressee=addressee,
                    span=Span(t.lines[first][0], t.lines[first][1],
                              last[1] + len(last[2].rstrip()), "通知",
                              t.hans[t.lines[first][1]: last[1] + len(last[2].rstrip())]))
    return NoticeFound(notice, titles, end)


def _head(t: Text) -> list[int]:
    """The indexes of the first six non-blank lines."""
    head = []
    k = t.next_nonblank(0)
    while k < len(t.lines) and len(head) < 6:
        if t.stripped(k):
            head.append(k)
        k += 1
    return head


def _notice_title(t: Text, head: list[int]) -> list[int] | None:
    """The line(s) of the notice's title among the first lines: one ending in 通知, or a
    title wrapped over two lines ("…关于印发…" / "…的通知")."""
    for pos, idx in enumerate(head):
        line = t.stripped(idx)
        if DOC_NO.match(line) or len(line) >= 120:
            continue
        if NOTICE_TITLE.match(line):
            return [idx]
        nxt = t.stripped(head[pos + 1]) if pos + 1 < len(head) else ""
        if nxt and "关于" in line and NOTICE_TITLE.match(line + nxt) \
                and len(nxt) <= 30 and not nxt.startswith(("一、", "(")):
            return [idx, head[pos + 1]]
    return None


def _notice_end(t: Text, i: int, titles: list[str]):
    """From line ``i`` (after the addressee) to the notice's date line: its issuer (the
    line above the date), its date, the index of the first line after it (None when it
    never ends), and the titles it issues (from the first line that names any, if its
    title names none)."""
    n = len(t.lines)
    j = i
    while j < n:
        line = t.stripped(j)
        if dm := DATE.match(line):
            date = real_date(dm)
            if date is None:
                t.warn(t.file_warnings, t.lines[j][0], f"{line} is not a date: the notice's "
                       "date is left out")
            prev = j - 1
            while prev > i and not t.stripped(prev):
                prev -= 1
            cand = t.stripped(prev)
            issuer = None
            if prev >= i and cand and len(cand) <= 40 and not re.search(r"[。;:]", cand) \
                    and not cand.startswith("附件"):
                issuer = cand
            end = j + 1
            while end < n and (not t.stripped(end) or PUBLICITY.match(t.stripped(end))):
                end += 1
            return issuer, date, end, titles
        if TOP.match(line) or (titles and same_title(line, titles[0])):
            return None, None, j, titles  # no date: the notice ends where a document starts
        if not titles:
            titles = TITLES.findall(line)
        j += 1
    return None, None, None, titles


def _norm_title(text: str) -> str:
    text = re.sub(r"[\s《》“”\"']", "", text)
    return PERIOD_IN.sub("", text).replace("()", "")


def same_title(line: str, title: str) -> bool:
    """Whether ``line`` is the title ``title`` (quotes, spaces and the period aside).

    >>> same_title("样例行动计划(2022-2024年)", "《样例行动计划》"), same_title("样例", "样例计划")
    (True, False)
    """
    a, b = _norm_title(line), _norm_title(title)
    return bool(a) and len(a) >= 4 and (a == b or (len(a) >= 6 and b.startswith(a)))


# --------------------------------------------------------------------------- stage 3: documents


def split_documents(t: Text, found: NoticeFound | None) -> list[tuple[int, int]]:
    """Stage 3: the line range ``[start, stop)`` of each document in the file."""
    n = len(t.lines)
    start = found.end if found else 0
    if not found or len(found.titles) < 2:
        return [(start, n)]
    starts: list[int] = []
    k = start
    for title in found.titles:
        for j in range(k, n):
            if same_title(t.stripped(j), title):
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
        if pos + 1 < len(starts) and ANNEX.match(t.stripped(back)):
            stop = back
        first = start if pos == 0 else s
        ranges.append((first, stop))
    return ranges
