"""The lines of a plan of this genre, as the extractor's stages recognise them.

Every pattern is written once, for the Simplified, width-normalised text (see
:mod:`suchenggraph.text`), and used by the stages in :mod:`suchenggraph.extract`.

>>> bool(TOP.match("二、主要任务")), bool(TOP.match("十三五、十四五期间")), SUB.match("(三)加强").group(1)
(True, False, '三')
>>> [item_number(ITEM.match(x)) for x in ("12.培育", "(3)推进", "第十二条 本办法")]
[12, 3, 12]
>>> title_of("培育企业。到2024年,培育重点企业15家以上。"), title_of("推进建设(区商务局牵头)")
('培育企业', '推进建设')
"""

from __future__ import annotations

import datetime
import re

from .clauses import LABEL_WORDS, ROLE_LABEL_WORDS
from .records import cn_to_int

__all__ = [
    "ANNEX", "ANNEX_LIST", "BOX", "BULLET", "CLOSING", "DATE", "DOC_NO", "GOAL", "ITEM", "LABEL_LINE",
    "NOTICE_TITLE", "OPTIONAL_COLUMNS", "PERIOD_BODY", "PERIOD_IN", "PERIOD_LINE", "PUBLICITY", "SUB",
    "TABLE_WORDS", "TASK_COLUMNS",
    "TITLE_ENDS", "TITLES", "TOP", "UNIT_COLUMNS", "WHEN_COLUMNS", "YEAR_IN",
    "is_issuer_line", "item_number", "real_date", "title_of",
]

# a document number, on a line of its own, maybe in brackets: (宿区数字发〔2022〕1号)
DOC_NO = re.compile(r"^\(?(.{1,24}〔\d{4}〕\d+号)\)?$")
# a plan period: a line (2022-2024年), or in the title
PERIOD_LINE = re.compile(r"^\((\d{4})(?:\s*[-—–~～至到]\s*(\d{4}))?年?\)$")
PERIOD_IN = re.compile(r"(\d{4})\s*(?:年\s*)?[-—–~～至到]\s*(\d{4})年?")
# a period written in the body: "本方案实施期限为2023—2025年", "实施期限:2023年至2025年",
# "实施期为2023年1月至2025年12月"
_MONTH_DAY = r"(?:\d{1,2}月(?:\d{1,2}日)?)?"
PERIOD_BODY = re.compile(r"实施(?:期限|周期|期)\s*(?:为|是|:)?\s*(\d{4})\s*年?" + _MONTH_DAY
                         + r"(?:\s*[-—–~～至到]\s*(\d{4})\s*年)?")
YEAR_IN = re.compile(r"(?<![到至\d])(\d{4})年(?:度)?(?!\d)")
# Chinese numerals 1-99 exactly (十三五、 is not section 13, 二三、 is not section 2)
_CN_NUMERAL = r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# a top section 一、 and a sub-section (一)
TOP = re.compile(r"^(" + _CN_NUMERAL + r")、(.+)$")
SUB = re.compile(r"^\((" + _CN_NUMERAL + r")\)(.*)$")
# a numbered item: 1. 1、 (1) 第一条
ITEM = re.compile(
    r"^(?:(?P<num>\d{1,3})(?:[.、](?!\d)|\.(?=\D))|\((?P<pnum>\d{1,3})\)|"
    r"第(?P<cnum>(?:一百零?)?" + _CN_NUMERAL + r"|一百)条)\s*(?P<rest>.*)$",
    re.DOTALL,
)
BOX = re.compile(r"^专栏\s*(\d*)\s*[:.、]?\s*(.*)$")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
# the list of annexes after the body ("附件:1.…"), and an annex's first line ("附件1")
ANNEX_LIST = re.compile(r"^附件\s*[:]?\s*(?:(\d+)\.)?(.*)$")
ANNEX = re.compile(r"^附件\s*(\d*)$")
# a goal paragraph under 发展目标: "2024年,…"
GOAL = re.compile(r"^(\d{4})年,")
NOTICE_TITLE = re.compile(r"(?:关于)?.*(?:印发|转发|下达|公布).*的?通知$|.*的通知$")
TITLES = re.compile(r"《([^》]+)》")
TITLE_ENDS = ("计划", "方案", "意见", "办法", "要点", "规划", "细则", "措施", "政策", "清单",
              "纲要", "规定", "指标", "任务", "分工")
# the closing articles of a document: when it takes effect, who interprets it
CLOSING = re.compile(r"自印发之日起|自发布之日起|负责解释|施行|有效期")
# the columns of an annex table of tasks
TASK_COLUMNS = ("重点任务|工作任务|主要任务|具体任务|任务内容|工作内容|工作措施|主要内容|任务|重点工作|"
                "工作事项|主要工作举措|工作举措|主要举措|具体举措|重点工作任务|具体措施")
UNIT_COLUMNS = ROLE_LABEL_WORDS
WHEN_COLUMNS = "完成时限|完成时间|时间节点|时限要求|进度安排|时限"
# columns a row may leave out at its end (a leader, a note): no unit, no role
OPTIONAL_COLUMNS = "责任领导|牵头领导|分管领导|责任人|备注"
# the words of a table's header row
TABLE_WORDS = re.compile(r"^(?:类别|序号|指标名称|名称|单位|\d{4}年|所属行动|行动|" + TASK_COLUMNS
                         + "|" + UNIT_COLUMNS + "|" + WHEN_COLUMNS + "|" + OPTIONAL_COLUMNS + ")$")
# a clause written as a line of its own: "牵头单位:省大数据局", "责任单位:A、B", and the
# lines beside it: "完成时限:2024年底前", "牵头领导:…"
LABEL_LINE = re.compile(r"^(?:" + LABEL_WORDS + r")[:：]")
# a bullet line inside a task ("●2024年建成…;"): part of the task, never a task itself
BULLET = re.compile(r"^[●•■◆▪]")
# "(此件公开发布)" under a notice's date
PUBLICITY = re.compile(r"^\((?:此件|本件)[^)]*\)$")

_ISSUER_ENDS = ("委员会", "委", "人民政府", "政府", "办公厅", "办公室")


def is_issuer_line(line: str) -> bool:
    """A header line of issuers above a title or a date: "中共宿迁市委  宿迁市人民政府" (each
    word ends in the name of an issuing body; no regular expression: one that tried every
    split of a long line took minutes).

    >>> is_issuer_line("中共宿迁市委  宿迁市人民政府"), is_issuer_line("各级党委政府要认真落实")
    (True, False)
    """
    words = line.split()
    return 0 < len(line) <= 60 and bool(words) and all(w.endswith(_ISSUER_ENDS) for w in words)


def real_date(m: re.Match) -> tuple[int, int, int] | None:
    """(year, month, day) of a :data:`DATE` match, or None when there is no such day
    (2022年2月30日)."""
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


def item_number(im: re.Match) -> int:
    """The number of an :data:`ITEM` match, however it is written."""
    if im.group("num"):
        return int(im.group("num"))
    if im.group("pnum"):
        return int(im.group("pnum"))
    return _cn_number(im.group("cnum"))


def title_of(body: str) -> str:
    """A task's title: its first sentence when short, else the words before the first comma
    or bracket."""
    title, dot, _ = body.partition("。")
    if dot and len(title) <= 60 and not re.search(r"\([^)]*$", title):
        return title
    return re.split(r"[(,;]", body)[0][:60]
