"""The level a unit written without one takes from the unit before it in its list
(``市发改委、工信局``: 市发改委 and 市工信局); moved out of :mod:`suchenggraph.clauses`."""

from __future__ import annotations

import re

__all__ = ["inherit_levels"]

# the levels whose departments are 厅 (no other level has a 厅)
_PROVINCIAL_LEVELS = ("省", "自治区")

_LEVEL = re.compile(r"^(自治区|自治州|自治县|自治旗|省|市(?!场)|区(?!域)|县|州|盟|旗)")
# the fields of the standing departments of a government: a unit written with one of these
# and a kind, but no level or place ("工信局" after "市发改委"), is a unit of the same level
_FIELDS = (
    "发展和改革|发展改革|发改|工业和信息化|工信|经济和信息化|经信|科技|科学技术|财政|商务|教育|"
    "教育体育|公安|民政|司法|人力资源和社会保障|人社|自然资源和规划|自然资源|生态环境|"
    "住房和城乡建设|住房城乡建设|住建|交通运输|交通|水利|水务|农业农村|农业|文化和旅游|文化广电和旅游|"
    "文旅|文广旅|卫生健康|卫生和健康|卫健|应急管理|应急|审计|市场监督管理|市场监管|统计|医疗保障|医保|"
    "行政审批|大数据管理|大数据|数据|政务服务和大数据管理|政务服务管理|政务服务|网信|城市管理|城管|"
    "国资|地方金融监管|金融监管|金融工作|金融|外事|税务|体育|信访|机关事务管理|粮食和物资储备|"
    "退役军人事务|林业|气象|档案|投资促进|邮政管理|通信管理|知识产权|宣传|组织|统战|政法|编|人防|"
    "住房公积金管理|城乡建设|规划|国防动员|数字经济|人力资源社会保障|乡村振兴|民族宗教|"
    "商务和投资促进|海洋|渔业|林业和草原|林草|旅游|广播电视|新闻出版|科学技术|工业和信息化"
)
_INHERITS = re.compile(r"^(?:(?:" + _FIELDS + r")(?:局|委|厅|办|委员会|办公室|中心|部)|"
                       r"妇联|总工会|科协|残联|工商联|侨联|文联|红十字会)$")


def inherit_levels(names: list[str], level: str | None = None) -> list[str]:
    """``市发改委、工信局``: a unit written without its level after one with a level is a
    unit of that level.

    ``level`` is the level of the government whose document it is. A unit before any unit
    with a level stays as written (a development zone's own departments: 财政局,
    发展改革局), except a 厅 in a province's or region's document: 厅 is the kind of a
    provincial department only, so 商务厅 there is the 省商务厅.

    >>> inherit_levels(["市发改委", "工信局", "南京海关", "科技局", "韶关供电局", "江苏海事局"])
    ['市发改委', '市工信局', '南京海关', '市科技局', '韶关供电局', '江苏海事局']
    >>> inherit_levels(["商务厅", "省邮政管理局"], "省")  # a 厅 of the document's province
    ['省商务厅', '省邮政管理局']
    >>> inherit_levels(["财政局", "发展改革局"], "区")  # no level before them
    ['财政局', '发展改革局']
    """
    seen = None  # the level of the last unit written (or read) with one
    out = []
    for name in names:
        m = _LEVEL.match(name)
        if m:
            seen = m.group(1)
        elif seen and _INHERITS.match(name):
            name = seen + name
        elif seen is None and level in _PROVINCIAL_LEVELS and name.endswith("厅") \
                and _INHERITS.match(name):
            seen = level
            name = seen + name
        out.append(name)
    return out
