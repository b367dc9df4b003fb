"""The level a unit written without one takes from the unit before it in its list.

The genre writes a list of units of one government once with its level and then
without it: ``市发改委、工信局`` names 市发改委 and 市工信局. The rule is positional: a
unit written without a level right after a unit with a level, in the same list, takes
that level, as long as it is the name of a unit (it ends in a kind of unit: 局, 委,
办, 厅, 中心, 大队, 支队, 分局 …) and not a collective actor (各镇, 有关部门, …成员单位),
a named company, bank or school, or a unit named by its place (南京海关, 韶关供电局,
江苏海事局, 国家税务总局宿迁市税务局):

>>> inherit_levels(["县市场监管局", "消防救援大队", "县公安局"])
['县市场监管局', '县消防救援大队', '县公安局']
>>> inherit_levels(["自治区发展改革委", "能源局"])
['自治区发展改革委', '自治区能源局']
>>> inherit_levels(["区市场监管局", "各街道办事处", "规划资源局"])
['区市场监管局', '各街道办事处', '规划资源局']

A unit before any unit with a level stays as written (a development zone's own
departments: 财政局, 发展改革局), except a 厅 in a province's or region's document:
厅 is the kind of a provincial department only, so 商务厅 there is the 省商务厅.
"""

from __future__ import annotations

import re

__all__ = ["LEVEL", "inherit_levels", "takes_level"]

#: a level written at the start of a unit's name
LEVEL = re.compile(r"^(自治区|自治州|自治县|自治旗|省|市(?!场)|区(?!域)|县|州|盟|旗)")
# the kinds of the units of a government (a department, an office, a brigade ...)
# and the mass organisations beside them (妇联, 残联, 总工会 ...)
_KIND = re.compile(r"(?:局|委|委员会|办|办公室|厅|中心|大队|支队|总队|中队|联|总工会|科协|红十字会)$")
# a kind that only a province's (or autonomous region's) departments have
_PROVINCIAL_KIND = re.compile(r"厅$")
_PROVINCIAL_LEVELS = ("省", "自治区")
# a unit named by its place or its system, not by a level: 韶关供电局, 江苏海事局, 中共宿迁市委
_OWN_NAME = re.compile(
    r"^(?:各|国家|中国|中共|全国|团)|有关|成员单位|"
    r"供电|电网|电力|海事|海关|铁路|民航|航道|港务|烟草|银保监|证监|人民银行|人行|"
    r"公司|集团|银行|学校|大学|学院"
    # a place and its level inside the name: 国家税务总局宿迁市税务局, 湄潭经济开发区管委会
    r"|[\u4e00-\u9fff]{2}(?:省|(?<!城)市(?!场)|县|区(?!域)|州)"
)


def takes_level(name: str) -> bool:
    """Whether ``name``, written without a level, takes the level of the unit before it.

    >>> takes_level("消防救援大队"), takes_level("规划资源局"), takes_level("工信局")
    (True, True, True)
    >>> takes_level("南京海关"), takes_level("韶关供电局"), takes_level("各镇人民政府")
    (False, False, False)
    >>> takes_level("贵州湄潭茶旅集团有限公司"), takes_level("城市管理局")
    (False, True)
    """
    return bool(_KIND.search(name)) and not LEVEL.match(name) and not _OWN_NAME.search(name)


def inherit_levels(names: list[str], level: str | None = None) -> list[str]:
    """The names of a list of units, each written without a level given the level of the
    unit before it where it takes one (:func:`takes_level`).

    ``level`` is the level of the government whose document it is: only a 厅 before any
    unit with a level takes it, and only in a province's or region's document.

    >>> inherit_levels(["市发改委", "工信局", "科技局", "南京海关", "财政局", "韶关供电局"])
    ['市发改委', '市工信局', '市科技局', '南京海关', '财政局', '韶关供电局']
    >>> inherit_levels(["商务厅", "省邮政管理局"], "省")
    ['省商务厅', '省邮政管理局']
    >>> inherit_levels(["财政局", "发展改革局"], "区")  # no level before them
    ['财政局', '发展改革局']
    """
    out = []
    before = None  # the level of the unit right before, if it has or took one
    seen = False  # whether a unit with a level came before
    for name in names:
        if m := LEVEL.match(name):
            before, seen = m.group(1), True
        elif takes_level(name) and (before or (
                not seen and level in _PROVINCIAL_LEVELS and _PROVINCIAL_KIND.search(name))):
            before = before or level
            name = before + name
        else:
            before = None
        out.append(name)
    return out
