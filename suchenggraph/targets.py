"""Quantitative targets written in plan text: value, unit, comparator, year or recurrence.

>>> ts = find_targets("到2024年,培育重点企业15家以上。", 0, section="x", line_of=lambda o: 1,
...     default_year=2024)
>>> [(t.metric, t.value, t.unit, t.comparator, t.year) for t in ts]
[('培育重点企业', '15', '家', 'AtLeast', 2024)]
"""

from __future__ import annotations

import re
from decimal import Decimal

from .records import Span, Target

__all__ = ["UNITS", "find_targets"]

UNITS = sorted(
    [
        "个百分点", "亿元", "万元", "万户", "万个", "万吨", "万标箱", "万人", "万座", "万家",
        "%", "家", "个", "户", "台", "座", "件", "项", "盏", "条", "人", "座", "所", "套",
        "公里", "元",
    ],
    key=len,
    reverse=True,
)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_TARGET_RE = re.compile(
    r"(?P<pre>不少于|不低于|超过|高于|多于|达到|提高|提升|低于|少于|不超过|超|过|达|约|近)?"
    r"(?P<num>" + _NUM + r")(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")"
    r"(?P<post>以上|左右|以下|以内)?"
)
_COVERAGE_RE = re.compile(r"全(?:区|面)?覆盖|全面完成")
_YEAR_RE = re.compile(r"(?:到|至|在)?(\d{4})年(?:底前|底|前)?[,]?")
_VERBS = ("实现", "达到", "达", "超过", "提高", "提升", "为", "完成", "建成", "新增")
# a "metric" that is only one of these says nothing: the noun follows the number
_BARE_VERBS = _VERBS + ("组织", "培育", "建设", "推广", "创建")


def _comparator(pre: str | None, post: str | None) -> str:
    if post in ("以上",):
        return "AtLeast"
    if post == "左右" or pre in ("约", "近"):
        return "About"
    if post in ("以下", "以内") or pre in ("不超过",):
        return "AtMost"
    if pre in ("不少于", "不低于"):
        return "AtLeast"
    if pre in ("超过", "高于", "多于", "超", "过"):
        return "MoreThan"
    if pre in ("低于", "少于"):
        return "AtMost"
    return "Exactly"


def _strip_metric(text: str) -> str:
    text = text.strip(" ,、;:")
    text = re.sub(r"^(?:到|至)?\d{4}年(?:底前|底|前)?,?", "", text)
    for lead in ("每年", "实现"):
        if text.startswith(lead) and len(text) > len(lead):
            text = text[len(lead):]
    changed = True
    while changed:
        changed = False
        for verb in _VERBS:
            if text.endswith(verb) and len(text) > len(verb):
                text, changed = text[: -len(verb)], True
    return text.strip(" ,、;:")


#: A sentence longer than this (no 。 in 2,000 characters) is not read for targets.
_LONGEST_SENTENCE = 2000


def find_targets(
    text: str, offset: int, *, section: str, line_of, default_year: int | None
) -> list[Target]:
    """Quantitative targets in a stretch of Simplified text starting at document ``offset``.

    A year phrase (``到2024年``) applies to the rest of its sentence; ``每年`` makes
    a target annual; a target with neither takes ``default_year`` (the end of the
    plan) and is marked ``year_inferred``.

    >>> ts = find_targets("到2024年,建设开通5G基站1500座以上,5G网络实现全区覆盖。每年组织30户以上企业。",
    ...     0, section="x", line_of=lambda o: 1, default_year=2024)
    >>> [(t.metric, t.value, t.unit, t.comparator, t.year, t.recurrence) for t in ts]
    [('建设开通5G基站', '1500', '座', 'AtLeast', 2024, None), ('5G网络', '100', '%', 'FullCoverage', 2024, None), ('企业', '30', '户', 'AtLeast', None, 'Annual')]
    >>> [(t.metric, t.value, t.unit, t.comparator) for t in find_targets(
    ...     "标识注册量过亿。", 0, section="x", line_of=lambda o: 1, default_year=2024)]
    [('标识注册量', '1', '亿', 'MoreThan')]
    >>> [(t.metric, t.increase) for t in find_targets("车货匹配率提高50%以上、网络货运90%以上。",
    ...     0, section="x", line_of=lambda o: 1, default_year=2024)]
    [('车货匹配率', True), ('网络货运', True)]
    >>> find_targets("加快港区30万标箱吞量的平台改造。", 0, section="x", line_of=lambda o: 1,
    ...     default_year=2024)  # a capacity describing a thing, not a target
    []
    """
    found: list[Target] = []
    sent_start = 0
    for sentence in re.split(r"(?<=。)", text):
        if not sentence:
            continue
        if len(sentence) > _LONGEST_SENTENCE:  # not prose: the patterns below are not linear
            sent_start += len(sentence)
            continue
        year_m = None
        seg_start = 0
        prev_seg = ""
        for seg in re.split(r"(?<=[,;])", sentence):
            seg_off = sent_start + seg_start
            ym = _YEAR_RE.search(seg)
            if ym and (ym.start() == 0 or seg[: ym.start()].strip() in ("", "到", "至")
                       or "前" in seg[ym.start() : ym.end()] or seg.startswith("到")):
                year_m = int(ym.group(1))
            annual = "每年" in seg or bool(re.search(r"(?<![\d])年(?:均|提升|提高|增长)", seg))

            def add(metric, value, unit, comparator, start, end, increase=False,
                    annual=annual, year_m=year_m):
                found.append(Target(
                    metric=metric, value=value, unit=unit, comparator=comparator,
                    year=None if annual else (year_m or default_year),
                    year_inferred=not annual and year_m is None,
                    recurrence="Annual" if annual else None,
                    span=_span(text, offset, start, end, section, line_of),
                    increase=increase))

            last_end = 0
            increase = False
            for m in _TARGET_RE.finditer(seg):
                prev = seg[m.start() - 1] if m.start() > 0 else ""
                if prev.isdigit() or prev == ".":
                    continue  # part of a year ("2024年") or a code ("5G", "10G-PON")
                metric_text = seg[last_end : m.start()]
                if ym and last_end < ym.end() <= m.start():
                    metric_text = seg[ym.end() : m.start()]
                if "、" in metric_text and last_end:
                    metric_text = metric_text.split("、")[-1]
                metric = _strip_metric(metric_text)
                after = re.match(r"[^,。;、\d]*", seg[m.end():]).group(0)
                pre, post = m.group("pre"), m.group("post")
                bare = not metric or metric in _BARE_VERBS
                if (pre is None and post is None and after and _is_cjk(after[0])
                        and m.group("unit") != "%"
                        and not bare and not metric.endswith(("等", "及", "和", "与"))
                        and _is_cjk(prev)):
                    continue  # "港区30万标箱吞量": a quantity describing a thing
                start = seg_off + (seg.index(metric, last_end) if metric and metric in seg[
                    last_end:] else m.start())
                end = seg_off + m.end()
                if after and not after.startswith(("以上", "左右", "以下", "以内")) and (
                    bare or metric.endswith(("等", "及", "和", "与"))
                ):
                    # the noun follows the number: "完成100盏智慧路灯改造"
                    metric = (metric if metric.endswith("等") else "") + after
                    end = seg_off + m.end() + len(after)
                if annual and metric.endswith("年") and len(metric) > 1:
                    metric = metric[:-1]  # "份额年提升3个百分点": the 年 is the recurrence
                if len(metric) <= 2 and prev_seg:
                    # "大数据+有所突破,实现产值5亿元以上": the subject is in the segment before
                    subject = re.split(r"有所|取得|不断|持续|实现|突破", prev_seg)[0].strip(" ,;")
                    metric = subject + metric
                increase = pre in ("提高", "提升") or (increase and pre is None)
                add(metric or seg[: m.start()].strip(), str(Decimal(m.group("num").replace(
                    ",", ""))), m.group("unit"), _comparator(pre, post), start, end, increase)
                last_end = m.end()
            for bm in _BARE_MAGNITUDE.finditer(seg):
                metric = _strip_metric(seg[last_end : bm.start()])
                start = seg_off + (seg.index(metric, last_end) if metric else bm.start())
                add(metric, "1", bm.group("unit"), _comparator(bm.group("pre"), None), start,
                    seg_off + bm.end())
            for cm in _COVERAGE_RE.finditer(seg):
                if _TARGET_RE.search(seg[cm.start() : cm.end() + 6]):
                    continue
                metric = _strip_metric(seg[last_end : cm.start()])
                start = seg_off + (seg.index(metric, last_end) if metric else cm.start())
                add(metric, "100", "%", "FullCoverage", start, seg_off + cm.end())
            seg_start += len(seg)
            prev_seg = seg
        sent_start += len(sentence)
    found.extend(_respectively(text, offset, section, line_of, default_year, found))
    found.sort(key=lambda t: (t.span.start, t.span.end))
    return found


# "标识注册量过亿": a magnitude with no digits before it
_BARE_MAGNITUDE = re.compile(r"(?P<pre>超过|超|过)(?P<unit>亿|万)(?=[,。;]|$)")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


_RESPECTIVELY = re.compile(
    r"(?P<items>[^,。;]+?)(?:[一二三四五六七八九十]+条[^,。;]*?)?分别(?:实现|达到|为)?(?P<noun>[^\d,。;]*)"
    r"(?P<values>" + _NUM + r"(?:亿元|万元|%|家|个)(?:、" + _NUM + r"(?:亿元|万元|%|家|个))+)"
)


def _respectively_matches(text):
    """The matches of ``_RESPECTIVELY`` in ``text``, searched clause by clause.

    A match never crosses ``,。;``, and its lazy ``items`` makes a search quadratic in the
    length of a stretch without them (a line of a thousand units separated by spaces took
    ten seconds): so only stretches that say 分别, and no longer than a sentence may be.
    """
    start = 0
    for part in re.split(r"(?<=[,。;])", text):
        end = start + len(part)
        if "分别" in part and len(part) <= _LONGEST_SENTENCE:
            yield from _RESPECTIVELY.finditer(text, start, end)
        start = end


def _respectively(text, offset, section, line_of, default_year, found):
    """``A、B、C三条产业链分别实现产值65亿元、6亿元、15亿元``: pair items with values."""
    out = []
    for m in _respectively_matches(text):
        items_text = re.sub(r"[一二三四五六七八九十]+条.*$", "", m.group("items"))
        items = [i.strip() for i in items_text.split("、") if i.strip()]
        values = list(re.finditer("(" + _NUM + r")(亿元|万元|%|家|个)", m.group("values")))
        if len(items) != len(values):
            continue
        tail = re.search(r"[一二三四五六七八九十]+条([^,。;分]*)", text[m.start() : m.start("noun")])
        kind = tail.group(1) if tail else ""
        year = None
        for ym in _YEAR_RE.finditer(text[: m.start()]):
            year = int(ym.group(1))
        vstart = m.start("values")
        for item, vm in zip(items, values, strict=True):
            # replace the plain targets found for these numbers with paired ones
            s = vstart + vm.start()
            found[:] = [t for t in found if not (t.span.start <= offset + s < t.span.end)]
            out.append(
                Target(
                    metric=f"{item}{kind}{m.group('noun').strip()}",
                    value=str(Decimal(vm.group(1))),
                    unit=vm.group(2),
                    comparator="Exactly",
                    year=year or default_year,
                    year_inferred=year is None,
                    recurrence=None,
                    span=_span(text, offset, s, vstart + vm.end(), section, line_of),
                )
            )
    return out


def _span(text: str, offset: int, start: int, end: int, section: str, line_of) -> Span:
    return Span(line_of(offset + start), offset + start, offset + end, section, text[start:end])
