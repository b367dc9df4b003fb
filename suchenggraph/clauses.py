"""Responsibility clauses: who leads, who cooperates, who is responsible, and by when.

A clause is the bracket (or the last line) of a task that names its units, in
one of the forms this genre uses::

    (区商务局牵头,区科技局、各园区等按职责分工负责)
    (A、B牵头)  (A负责)  (A牵头,B配合)  (A牵头,B、C按职责分工配合)
    (牵头单位:A;配合单位:B)  (责任单位:A,B、C,D)
    (5月底完成,牵头考核单位:A、B)  (持续推进,牵头考核单位:A)

The text is the Simplified, width-normalised form (see :mod:`suchenggraph.text`).

>>> c = parse_clause("5月底完成,牵头考核单位:市发改委、工信局")
>>> c.leads, c.deadline
(['市发改委', '市工信局'], '5月底完成')
>>> resolve_deadline("5月底完成", 2022), resolve_deadline("持续推进", 2022)
((datetime.date(2022, 5, 31), False), (None, True))
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .records import Clause
from .unitlevels import inherit_levels

__all__ = [
    "BOLD_LABEL",
    "ROLE_LABEL_WORDS",
    "LABEL_WORDS",
    "WHEN_LABEL",
    "has_label",
    "is_marker",
    "parse_clause",
    "looks_like_clause",
    "looks_like_org",
    "resolve_deadline",
    "paren_groups",
    "split_names",
    "split_top",
    "ClauseError",
    "NoUnitError",
]


class ClauseError(ValueError):
    """A bracket that reads as a clause but whose units cannot be split into roles."""


class NoUnitError(ClauseError):
    """A bracket that reads as a clause but names a role for no unit: ``(,、牵头)``,
    ``(牵头单位:)``, ``(牵头,B配合)``."""


# role labels: "牵头单位:X"; the word before 单位 or 部门 names the role
_ROLE_STEMS = {
    "lead": ("牵头考核", "牵头责任", "牵头", "主要责任", "主责", "主办"),
    "cooperating": ("配合考核", "配合责任", "配合", "协办", "参与", "协同", "协助", "支持", "参加"),
    "responsible": ("责任考核", "考核", "责任", "实施", "落实", "承办"),
}
_ROLE_LABELS = {stem + unit: role for role, stems in _ROLE_STEMS.items() for stem in stems
                for unit in ("单位", "部门")}
_LABEL_RE = "|".join(sorted(_ROLE_LABELS, key=len, reverse=True))
_LABEL = re.compile(r"^(" + _LABEL_RE + r")[:：](.*)$")
#: every label that names the role of the units after it
ROLE_LABEL_WORDS = _LABEL_RE
# a label of units whose role is none of those: never read as a unit ("协调单位:A")
_OTHER_LABEL = re.compile(r"^([\u4e00-\u9fff]{1,6}(?:单位|部门|科室|处室))[:：]")
_WHEN_WORDS = "完成时限|完成时间|时间节点|时限要求|完成期限|时限"
WHEN_LABEL = re.compile(r"^(?:" + _WHEN_WORDS + r")[:：](.+)$")
# a leader named beside the units ("责任领导:市政府分管副市长"): a person or a post, no unit
_LEADER_WORDS = "牵头领导|责任领导|分管领导|牵头市领导|牵头省领导|牵头区领导|牵头县领导|责任人"
_LEADER_LABEL = re.compile(r"^(?:" + _LEADER_WORDS + r")[:：]")
#: every label a clause may write before its units, its deadline or its leader
LABEL_WORDS = "|".join([_LABEL_RE, _WHEN_WORDS, _LEADER_WORDS])
#: a label in bold brackets, the value after it: "【牵头单位】A　【完成时限】2024年6月底前"
BOLD_LABEL = re.compile(r"【(" + LABEL_WORDS + r")】")
# a label after a space ("A　责任部门:B"): a new part of the clause (a run of spaces matched
# from its first space only: from every space of it, a long run took quadratic time)
_SPACED_LABEL = re.compile(r"(?<!\s)\s+(?=(?:" + LABEL_WORDS + r")[:：])")

# role verbs at the end of a list of units: "X、Y等按职责分工负责"
_HOW = r"(?:按照职责分工|按职责分工|按照职责|按职责|根据职责|依职责)?(?:分别|共同|具体)?"
_VERBS = r"牵头(?:负责|落实|督导|推进|组织|实施|抓总)?|负责落实|负责|落实|(?:协助)?配合|协助|参与|协同"
_VERB = re.compile(r"^(?P<name>.+?)(?P<way>等)?(?P<how>" + _HOW + r")(?P<verb>" + _VERBS + r")$")
# a role verb with no unit before it: "(,、牵头)" names no unit, and 牵头 is none
_ROLE_ONLY = re.compile(r"^等?(?P<how>" + _HOW + r")(?P<verb>" + _VERBS + r")$")
_MARKER = re.compile(r"牵头|主责|牵头单位")
_CLAUSE_HINT = re.compile(
    r"(牵头(?:负责|落实|督导|推进|组织|实施|抓总)?|负责|配合|协助|参与|协同)(?=$|[,;、)〕】])|("
    + _LABEL_RE + r")[:：]"
)

# what an organisation's name ends with (or starts with: 各…)
_ORG_END = (
    "局", "委", "厅", "办", "办公室", "中心", "海关", "公司", "政府", "部", "院", "会", "所",
    "园", "园区", "区", "县", "市", "省", "镇", "乡", "街道", "站", "队", "行", "集团", "单位",
    "部门", "企业", "学校", "协会", "小组", "支行", "分行", "社", "馆", "台", "处", "科", "署",
    "组", "室", "团", "联", "总局", "分局", "管委会", "机构", "高校", "平台", "基地", "机关",
    "党组", "协", "校", "支队", "大队", "总队", "指挥部", "医院", "银行", "集团", "研究院", "村", "社区",
    "大学", "中学", "小学", "学院", "研究所", "实验室", "分公司", "学会", "商会", "基金会",
)

# a deadline or status written before (or after) the units
_DEADLINE_HINT = re.compile(
    r"\d{1,2}月|\d{4}年|年底|年内|年中|季度|上半年|下半年|底前|月底|持续|长期|常态|每年|每月|每季|"
    r"完成|启动|推进|开展|取得|建成|出台"
)
_ONGOING = re.compile(r"持续|长期|常态|长效|不断")


def split_top(text: str, seps: str) -> list[tuple[int, str]]:
    """Split on separator characters outside parentheses; keep each part's offset.

    >>> split_top("A、各镇(街道、园区),B", "、,")
    [(0, 'A'), (2, '各镇(街道、园区)'), (12, 'B')]
    """
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch in seps and depth == 0:
            parts.append((start, text[start:i]))
            start = i + 1
    parts.append((start, text[start:]))
    return parts


def split_names(text: str) -> list[str]:
    """The units of an annex cell: ``区商务局、区科技局`` -> two names."""
    return [p.strip() for _, p in split_top(text, "、,;") if p.strip()]


def paren_groups(text: str, pairs: str = "()") -> list[tuple[int, int]]:
    """(start, end) of each top-level ``( ... )`` group, end exclusive of ``)``.

    >>> paren_groups("a(b(c))d(e)")
    [(1, 7), (8, 11)]
    """
    opener, closer = pairs
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == opener:
            if depth == 0:
                start = i
            depth += 1
        elif ch == closer and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def clause_groups(text: str) -> list[tuple[int, int]]:
    """The brackets a clause may stand in: ``( )``, and ``〔 〕`` or ``【 】`` as some
    governments write them; sorted by position.

    >>> clause_groups("任务。〔责任单位:省商务厅〕(持续推进,牵头考核单位:市工信局)")
    [(3, 14), (14, 32)]
    """
    groups = sorted(paren_groups(text) + paren_groups(text, "〔〕") + paren_groups(text, "【】"))
    # a bracket inside another ("【责任单位:A(牵头)、B】") is part of that one
    return [g for g in groups if not any(o[0] < g[0] and g[1] <= o[1] for o in groups)]


def has_label(text: str) -> bool:
    """Whether a clause names its roles by labels (``牵头单位:``, ``责任单位:`` ...)."""
    return bool(re.search(r"(?:^|[,;(\s])(?:" + _LABEL_RE + r")[:：]", text))


def is_marker(inner: str) -> bool:
    """Whether a bracket's text marks the unit before it as the lead (``A(牵头)、B``): part
    of the clause around it, not a clause of its own.

    >>> is_marker("牵头"), is_marker("区商务局牵头")
    (True, False)
    """
    return bool(_MARKER.fullmatch(inner))


def looks_like_clause(text: str) -> bool:
    """Whether a parenthesised group reads as a responsibility clause.

    >>> looks_like_clause("区商务局牵头"), looks_like_clause("含集成电路、电子元器件")
    (True, False)
    >>> looks_like_clause("持续推进,牵头考核单位:市商务局"), looks_like_clause("0.5分")
    (True, False)
    """
    return bool(_CLAUSE_HINT.search(text))


def looks_like_org(name: str) -> bool:
    """Whether ``name`` reads as the name of a unit (not a phrase of running text).

    >>> looks_like_org("区商务局"), looks_like_org("各镇(街道)"), looks_like_org("积极")
    (True, True, False)
    >>> looks_like_org("按分工交由市商务局"), looks_like_org("省委党校"), looks_like_org("市场主体")
    (False, True, False)
    """
    if not name or len(name) > 40 or re.search(r"[。,;:]|交由|积极|按照|根据|加强|推动|的为|首位|下同|不再", name):
        return False
    bare = re.sub(r"\([^()]*\)$", "", name)  # 各县(市、区), 各镇(街道)
    return bool(re.match(r"^(?:各|省|市(?!场)|区(?!域)|县|自治区|中共|国家)", name)) \
        or bare.endswith(_ORG_END)


def _clean_name(name: str) -> str:
    name = name.strip()
    if name.startswith("由") and len(name) > 2:
        name = name[1:]
    name = re.sub(r"等(?:部门|单位)$", "", name)  # "市医保局等部门配合": 市医保局
    if name.endswith("等") and len(name) > 1:
        name = name[:-1]
    return name.strip()


def _is_deadline(part: str) -> bool:
    return bool(_DEADLINE_HINT.search(part)) and not looks_like_org(part)


def parse_clause(text: str, *, first_listed_leads: bool = False,
                 level: str | None = None) -> Clause:
    """Parse a responsibility clause (without its parentheses) into roles.

    ``level`` (省, 市, 区 or 县) is the level of the government whose document it is: a
    standing department written without a level before any other (商务厅) is of that level.
    Raises :class:`ClauseError` when a unit is named with no role, and
    :class:`NoUnitError` (a :class:`ClauseError`) when a role is named for no unit.

    >>> c = parse_clause("区工业和信息化局牵头,区商务局、区科技局,各园区,各街道等按职责分工负责")
    >>> c.leads, c.cooperating
    (['区工业和信息化局'], ['区商务局', '区科技局', '各园区', '各街道'])
    >>> parse_clause("区商务局、区科技局牵头").leads
    ['区商务局', '区科技局']
    >>> parse_clause("区商务局负责").leads
    ['区商务局']
    >>> c = parse_clause("区商务局牵头,区科技局负责"); c.leads, c.cooperating
    (['区商务局'], ['区科技局'])
    >>> c = parse_clause("牵头单位:区商务局;配合单位:区科技局、各镇(街道)"); c.leads, c.cooperating
    (['区商务局'], ['区科技局', '各镇(街道)'])
    >>> c = parse_clause("责任单位:区商务局、区科技局"); c.leads, c.responsible
    ([], ['区商务局', '区科技局'])
    >>> parse_clause("责任单位:区商务局、区科技局", first_listed_leads=True).leads
    ['区商务局']
    >>> parse_clause("区数字经济工作专班牵头单位牵头,区科技局配合").leads
    ['区数字经济工作专班牵头单位']
    >>> c = parse_clause("区商务局、区科技局等按职责分工负责"); c.leads, c.responsible
    ([], ['区商务局', '区科技局'])
    >>> c = parse_clause("省商务厅牵头,南京海关、省发展改革委按职责分工配合"); c.cooperating
    ['南京海关', '省发展改革委']
    >>> c = parse_clause("责任单位:省工业和信息化厅,省发展改革委、省科技厅,各市人民政府")
    >>> c.responsible
    ['省工业和信息化厅', '省发展改革委', '省科技厅', '各市人民政府']
    >>> parse_clause("市数字经济领导小组成员单位按职责分工负责").responsible
    ['市数字经济领导小组成员单位']
    >>> parse_clause("各市、县人民政府负责").leads  # one collective, not 各市 and 县人民政府
    ['各市、县人民政府']
    >>> c = parse_clause("责任单位:市市场监管局(牵头)、市农业农村局"); c.leads, c.cooperating
    (['市市场监管局'], ['市农业农村局'])
    >>> c = parse_clause("持续推进,牵头考核单位:市委网信办"); c.leads, c.deadline, c.ongoing
    (['市委网信办'], '持续推进', True)
    >>> parse_clause("区商务局、区科技局,按职责分工负责").responsible
    ['区商务局', '区科技局']
    >>> parse_clause(",、牵头")
    Traceback (most recent call last):
    suchenggraph.clauses.NoUnitError: names no unit
    """
    clause = Clause()
    roles: list[tuple[str, str]] = []  # (role, name) in text order
    lists = [0]  # where each list of units begins in roles: each label begins one
    pending: list[str] = []
    deadline: list[str] = []
    label_role: str | None = None
    dangling: list[str] = []
    for part in _parts(_SPACED_LABEL.sub(";", text.strip())):
        if _LEADER_LABEL.match(part):
            continue  # "责任领导:市政府分管副市长": a post, no unit and no role
        if lm := re.fullmatch(r"(.+?)\((?:" + _MARKER.pattern + r")\)", part):
            part = lm.group(1) + "牵头"  # "A(牵头)、B、C": A leads
        if dm := WHEN_LABEL.match(part):
            deadline.append(dm.group(1).strip())  # "完成时限:持续推进"
            continue
        m = _LABEL.match(part)
        if m:
            if pending:  # the units listed under the label before
                if label_role is None:
                    raise ClauseError(f"no role for {'、'.join(pending)}")
                roles.extend((label_role, p) for p in pending)
                pending = []
            label_role = _ROLE_LABELS[m.group(1)]
            lists.append(len(roles))
            part = m.group(2).strip()
            if not part:
                continue
        elif um := _OTHER_LABEL.match(part):  # "责任科室:A": a role this reader does not know
            raise ClauseError(f"unknown label {um.group(1)}")
        if rm := _ROLE_ONLY.match(part):  # a role word is never a unit
            if pending and label_role is None:  # "A、B,牵头": the role of the units before it
                roles.extend((_role_of(rm.group("verb"), rm.group("how")), p) for p in pending)
                pending = []
            elif not roles and not pending:
                dangling.append(part)  # "(牵头,B配合)", "(,、牵头)": 牵头 of no unit
            continue
        if not roles and not pending and _is_deadline(part):
            deadline.append(part)  # "5月底完成," before the units
            continue
        vm = _VERB.match(part)
        if vm and not looks_like_org(_clean_name(vm.group("name"))) and label_role is not None:
            vm = None  # under a label, a part that does not end in a unit's name is a name
        if (roles or (pending and label_role)) and not vm and not looks_like_org(part):
            if _is_deadline(part):
                deadline.append(part)  # "X牵头, 2022年底前完成"
            continue  # a note after the units: "排在首位的为牵头单位", "下同"
        if vm and vm.group("name").strip():
            role = _role_of(vm.group("verb"), vm.group("how"))
            for p in pending + [_clean_name(vm.group("name"))]:
                roles.append((role, p))
            pending = []
            continue
        pending.append(_clean_name(part))
    if pending:
        if label_role is None:
            raise ClauseError(f"no role for {'、'.join(pending)}")
        roles.extend((label_role, p) for p in pending)
    _assign_roles(clause, roles, lists, level, first_listed_leads)
    if not (clause.leads or clause.cooperating or clause.responsible):
        raise NoUnitError("names no unit")
    if dangling:
        raise NoUnitError(f"names no unit for {'、'.join(dangling)}")
    if deadline:
        clause.deadline = ",".join(deadline)
        clause.ongoing = bool(_ONGOING.search(clause.deadline))
    return clause


def _assign_roles(clause: Clause, roles: list[tuple[str, str]], lists: list[int],
                  level: str | None, first_listed_leads: bool) -> None:
    """The units of ``roles`` (role, name in text order; each list of units begins at an
    index of ``lists``) into the clause's leads, cooperating and responsible units, with
    the genre's meaning of a clause that names no lead, and levels inherited in each list."""
    if not any(r in ("lead", "duty") for r, _ in roles):
        # "(X、Y等按职责分工负责)" names no lead: every unit is responsible; those named to
        # 配合 cooperate with them, unless no one else is named
        roles = [("responsible" if r == "cooperating" else r, n) for r, n in roles]
        if not any(r == "responsible" for r, _ in roles):
            roles = [("responsible" if r == "assisting" else r, n) for r, n in roles]
    roles = [("cooperating" if r == "assisting" else r, n) for r, n in roles]
    has_lead = any(r in ("lead", "duty") for r, _ in roles)
    names = [n for a, b in zip(lists, lists[1:] + [len(roles)], strict=True)
             for n in inherit_levels([n for _, n in roles[a:b]], level)]
    for (role, _), name in zip(roles, names, strict=True):
        if not name:
            continue
        if role == "duty":
            role = "cooperating" if any(r == "lead" for r, _ in roles) else "lead"
        elif role == "responsible" and has_lead:
            role = "cooperating"  # "牵头单位:X;责任单位:Y、Z": Y and Z work with the lead
        target = {"lead": clause.leads, "cooperating": clause.cooperating,
                  "responsible": clause.responsible}[role]
        if name not in target:
            target.append(name)
    if clause.responsible and first_listed_leads and not clause.leads:
        # "排在首位的为牵头单位": the first unit leads, the others work with it
        clause.leads.append(clause.responsible[0])
        clause.cooperating.extend(n for n in clause.responsible[1:] if n not in clause.cooperating)
        clause.responsible = []


def _role_of(verb: str, how: str | None) -> str:
    """The role a verb gives the units before it (how: "按职责分工" and the like)."""
    if verb.startswith("牵头"):
        return "lead"
    if verb.startswith(("负责", "落实")):
        # "按职责分工负责": with the lead, or responsible
        return "cooperating" if how else "duty"
    return "assisting"  # 配合, 协助, 参与: cooperating, whoever else is named


def _parts(text: str) -> list[str]:
    """The parts of a clause between separators; ``A和B`` of two units is two parts; the
    sentences after the first are notes, kept as parts for the caller to skip."""
    out = []
    first, *rest = [x for _, x in split_top(text, "。")]
    # a later sentence is part of the clause only where it names roles itself
    text = ";".join([first] + [x for x in rest if _CLAUSE_HINT.search(x)])
    for _, raw in split_top(text, ",;、"):
        part = raw.strip()
        if not part:
            continue
        if out and re.fullmatch(r"各(?:[省市县区州旗乡镇]|街道)+(?:\([^()]*\))?", out[-1]) and \
                not part.startswith("各") and re.search(r"(?:人民)?政府|部门|单位", part):
            out[-1] = out[-1] + "、" + part  # "各市、县人民政府": one collective
            continue
        m = re.match(r"^(.+?(?:部门|单位|政府|局|委|厅|办))(?:和|及|以及)((?:各|省|市|区|县).+)$", part)
        pieces = [m.group(1), m.group(2)] if m and looks_like_org(m.group(1)) else [part]
        for piece in [p for x in pieces for p in _spaced_units(x)]:
            # "商务厅等省有关部门": 商务厅, and the others as one collective
            m = re.match(r"^(.+?)等((?:省|市|区|县)?有关(?:部门|单位))$", piece)
            out.extend([m.group(1), m.group(2)] if m and looks_like_org(m.group(1)) else [piece])
    return out


def _spaced_units(part: str) -> list[str]:
    """``A　B　C`` (units separated by spaces, after a label or not) -> its units, where
    every piece reads as a unit's name; else the part as it is (a name with a space in it).

    >>> _spaced_units("责任单位:县农业农村局 县卫生健康委 各乡镇人民政府")
    ['责任单位:县农业农村局', '县卫生健康委', '各乡镇人民政府']
    >>> _spaced_units("市政府 分管领导"), _spaced_units("区商务局")
    (['市政府 分管领导'], ['区商务局'])
    """
    pieces = part.split()
    if len(pieces) < 2:
        return [part]
    lm = _LABEL.match(pieces[0])
    names = [lm.group(2) if lm else pieces[0]] + pieces[1:]
    if all(looks_like_org(_clean_name(n)) for n in names):
        return pieces
    return [part]


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def resolve_deadline(text: str, year: int | None) -> tuple[date | None, bool]:
    """The last day a deadline written as ``text`` allows, and whether it is ongoing.

    ``year`` is the year the document's months belong to (None when it cannot be
    known, e.g. a three-year plan): then only a deadline with its own year resolves.

    >>> resolve_deadline("2022年6月底前", None)
    (datetime.date(2022, 6, 30), False)
    >>> resolve_deadline("10月15日前完成", 2023), resolve_deadline("年底前", 2022)
    ((datetime.date(2023, 10, 15), False), (datetime.date(2022, 12, 31), False))
    >>> resolve_deadline("二季度", 2022), resolve_deadline("上半年", 2022)
    ((datetime.date(2022, 6, 30), False), (datetime.date(2022, 6, 30), False))
    >>> resolve_deadline("5月底", None), resolve_deadline("长期坚持", None)
    ((None, False), (None, True))
    """
    if _ONGOING.search(text) and not re.search(r"\d{1,2}月|年底|季度|半年", text):
        return None, True
    ym = re.search(r"(\d{4})年", text)
    y = int(ym.group(1)) if ym else year
    if y is None:
        return None, False
    try:
        if m := re.search(r"(\d{1,2})月(\d{1,2})日", text):
            return date(y, int(m.group(1)), int(m.group(2))), False
        if m := re.search(r"(\d{1,2})月", text):
            return _month_end(y, int(m.group(1))), False
        if m := re.search(r"(?:第)?([一二三四1-4])季度", text):
            q = _CN_DIGITS.get(m.group(1)) or int(m.group(1))
            return _month_end(y, 3 * q), False
        if "上半年" in text or "年中" in text:
            return date(y, 6, 30), False
        if re.search(r"年底|年内|年末|下半年|全年", text) or (ym and text.strip() == ym.group(0)):
            return date(y, 12, 31), False
    except ValueError:
        return None, False
    return None, False
