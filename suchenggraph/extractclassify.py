"""Stage 4b of the extractor: each line of a document's body a block (a heading, a numbered
item, a 专栏 box, a paragraph …) or a continuation of one.

>>> from suchenggraph.extractread import read
>>> t = read("一、主要任务\\n(一)样例行动\\n1.培育企业。(区商务局牵头,\\n区科技局配合)\\n2.做事。(区科技局牵头)\\n"
...          "宿城区人民政府\\n2022年10月20日\\n")
>>> blocks, body_end = classify(t, 0, len(t.lines))
>>> [(b.kind, b.idxs, b.number) for b in blocks], body_end  # the body ends at the signature
([('top', [0], None), ('sub', [1], None), ('item', [2, 3], 1), ('item', [4], 2)], 5)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import clause_groups, looks_like_clause
from .extractpatterns import (
    ANNEX,
    ANNEX_LIST,
    BOX,
    BULLET,
    DATE,
    ITEM,
    LABEL_LINE,
    SUB,
    TABLE_WORDS,
    TASK_COLUMNS,
    TOP,
    is_issuer_line,
    item_number,
)
from .extractread import Text

__all__ = ["Block", "classify", "is_open", "row_cells", "table_header"]

# the gap between the cells of a row written on one line: full-width spaces, tabs, or two
# spaces or more (one space may stand inside a cell)
_CELL_GAP = re.compile(r"[\u3000\t]+| {2,}")


@dataclass
class Block:
    kind: str  # top, sub, measure, item, para, box, preamble
    idxs: list[int]
    number: int | None = None  # the item's number as written
    style: str = ""  # how an item is numbered: "num" (1.), "pnum" ((1)), "cnum" (第一条)
    bullets: bool = False  # whether it lists bullet lines (●…), each part of it


def classify(t: Text, i: int, stop: int, *, in_annex: bool = False) -> tuple[list[Block], int]:
    """Stage 4b: each line from ``i`` a block or a continuation of one; returns the blocks
    and where the body ends (the list of annexes, the signature, or the first annex)."""
    blocks: list[Block] = []
    in_top = False
    last_item: dict[str, int] = {}  # container -> last item number, for 专栏 boxes
    container = ""
    while i < stop:
        line = t.stripped(i)
        if not line:
            i += 1
            continue
        if not in_annex and (end := _body_end(t, blocks, i, line)) is not None:
            return blocks, end
        starts_block = bool(TOP.match(line) or SUB.match(line) or BOX.match(line)
                            or ITEM.match(line))
        if blocks and blocks[-1].kind in ("item", "measure", "para", "top") and (
                (is_open(t, blocks[-1]) and not starts_block and len(blocks[-1].idxs) < 4)
                or LABEL_LINE.match(line)):
            # "(牵头单位:X;" / "责任单位:Y)", or "牵头单位:X" on a line of its own
            blocks[-1].idxs.append(i)
            i += 1
            continue
        if blocks and blocks[-1].kind in ("item", "measure", "para", "top") and (
                BULLET.match(line) or (blocks[-1].bullets and not starts_block
                                       and not _closed(t, blocks[-1]))):
            # "●…" lines, then the sentence that closes them with its clause
            blocks[-1].bullets = True
            blocks[-1].idxs.append(i)
            i += 1
            continue
        if m := TOP.match(line):
            in_top = True
            container = m.group(1)
            blocks.append(Block("top", [i]))
        elif (sm := SUB.match(line)) and (in_top or in_annex or not blocks):
            rest = sm.group(2)
            container = container.split("/")[0] + "/" + sm.group(1)
            if -1 < rest.find("。") < len(rest) - 1:
                blocks.append(Block("measure", [i]))  # "(一)加强组织领导。text"
            else:
                blocks.append(Block("sub", [i]))
        elif bm := BOX.match(line):
            blocks.append(Block("box", [i], int(bm.group(1)) if bm.group(1) else None))
        elif (im := ITEM.match(line)) and not _inside_box(blocks, im, line,
                                                          last_item.get(container, 0)):
            number = item_number(im)
            last_item[container] = number
            style = next(k for k in ("num", "pnum", "cnum") if im.group(k))
            if style == "num":  # 1. and 1、 are two ways of numbering (a box's list, tasks)
                style += line[len(im.group("num"))]
            blocks.append(Block("item", [i], number, style))
        elif blocks and blocks[-1].kind == "box":
            blocks[-1].idxs.append(i)
        elif not in_top and not in_annex:
            blocks.append(Block("preamble", [i]))
        elif blocks and blocks[-1].kind == "item" and not _closed(t, blocks[-1]):
            blocks[-1].idxs.append(i)  # a continuation line of the task, e.g. its clause
        else:
            blocks.append(Block("para", [i]))
        i += 1
    return blocks, stop


def _body_end(t: Text, blocks: list[Block], i: int, line: str) -> int | None:
    """Where the body ends if it ends at line ``i``: at the list of annexes or the first
    annex, or at the signature (the issuer(s) above the date, taken off ``blocks``)."""
    if ANNEX.match(line) or (line.startswith("附件") and ANNEX_LIST.match(line)):
        return i
    if table_header(t, i):
        return i  # a table of tasks in the body: read as an annex's is
    if not DATE.match(line):
        return None
    end = i
    while blocks and blocks[-1].kind in ("para", "preamble") and (
            is_issuer_line(t.stripped(blocks[-1].idxs[-1])) or (
                end == i and len(t.stripped(blocks[-1].idxs[-1])) <= 40
                and not re.search(r"[。;,:]", t.stripped(blocks[-1].idxs[-1])))):
        end = blocks.pop().idxs[0]  # the issuer(s) above the date
    return end


def _inside_box(blocks: list[Block], im: re.Match, line: str, last_number: int) -> bool:
    """A numbered line inside a 专栏 box lists a project, unless it carries a clause or
    continues the numbering of the tasks before the box."""
    if not blocks or blocks[-1].kind != "box":
        return False
    if any(looks_like_clause(line[s + 1: e - 1]) for s, e in clause_groups(line)):
        return False
    return not (last_number and item_number(im) == last_number + 1)


def is_open(t: Text, block: Block) -> bool:
    """Whether a bracket opened in the block is not closed yet (a clause over two lines)."""
    text = "".join(t.stripped(k) for k in block.idxs)
    return text.count("(") > text.count(")") or text.count("〔") > text.count("〕")


def _closed(t: Text, block: Block) -> bool:
    """Whether an item already ends with its clause (so the next paragraph is not its)."""
    text = "".join(t.stripped(k) for k in block.idxs).rstrip("。")
    groups = clause_groups(text)
    return bool(groups) and groups[-1][1] == len(text) and looks_like_clause(
        text[groups[-1][0] + 1: groups[-1][1] - 1])


def row_cells(t: Text, idx: int) -> list[tuple[int, str, int]]:
    """The cells of line ``idx`` as a table row written on one line (cells separated by
    full-width spaces, tabs or several spaces): (line index, text, offset) each.

    >>> from suchenggraph.extractread import read
    >>> row_cells(read("1\\u3000推进 5G 建设\\u3000区工信局\\n"), 0)
    [(0, '1', 0), (0, '推进 5G 建设', 2), (0, '区工信局', 11)]
    """
    _, off, raw = t.lines[idx]
    orig = t.orig[off: off + len(raw)]
    cells, start = [], 0
    for gap in [*_CELL_GAP.finditer(orig), None]:
        end = gap.start() if gap else len(raw)
        piece = raw[start:end]
        if piece.strip():
            cells.append((idx, piece.strip(), off + start + len(piece) - len(piece.lstrip())))
        start = gap.end() if gap else end
    return cells


def table_header(t: Text, i: int) -> tuple[list[str], bool] | None:
    """The header of a table of tasks that starts at line ``i``, and whether its rows are
    written one a line (``序号　重点任务　牵头单位…``) rather than one cell a line (``序号``,
    ``主要工作举措``, ``牵头单位`` … each on a line of its own); None if none starts there."""
    task_column = re.compile(f"^(?:{TASK_COLUMNS})$")
    cells = [c for _, c, _ in row_cells(t, i)]
    if len(cells) >= 3 and cells[0] == "序号":
        one_line = True
    elif cells == ["序号"]:
        one_line, k = False, i + 1
        while k < len(t.lines) and len(cells) < 8:
            line = t.stripped(k)
            if line and not TABLE_WORDS.match(line):
                break
            cells += [line] if line else []
            k += 1
    else:
        return None
    if len(cells) < 3 or not all(TABLE_WORDS.match(c) for c in cells) or \
            not any(task_column.match(c) for c in cells):
        return None
    return cells, one_line
