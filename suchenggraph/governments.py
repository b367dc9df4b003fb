"""Governments by their GB/T 2260 administrative-division code (``data/governments.toml``).

A plan belongs to a government, told by the document itself: its issuer
(江苏省人民政府办公厅, 宿迁市人民政府) or else the prefix of its document number
(宿区 → Sucheng District, 苏 → Jiangsu Province). A unit named in a plan belongs
to the government its name says (省商务厅 in a district plan is the province's;
宿迁市行政审批局 is Suqian's), else to the plan's government.

>>> govs = Governments.load()
>>> govs.get("321302").name, govs.get("321302").key, govs.get("321302").en
('宿城区', 'sucheng', 'Sucheng District')
>>> govs.from_issuer("江苏省人民政府办公厅").code, govs.from_number("宿区数字发〔2022〕1号").code
('320000', '321302')
>>> govs.find("Suqian").code, govs.find("sucheng").code, govs.find("宿迁市").code
('321300', '321302', '321300')
>>> govs.unit_government("省商务厅", govs.get("321302")).code
'320000'
>>> govs.unit_government("市发改委", govs.get("321302")).code
'321300'
>>> govs.unit_government("区商务局", govs.get("321302")).code
'321302'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, NameNotFound
from .resources import data_dir, read_toml

__all__ = ["Government", "Governments", "LEVELS", "GOV_BASE", "government_iri"]

#: Levels of government, top down.
LEVELS = ("province", "city", "district", "county")
GOV_BASE = "https://w3id.org/suchenggraph/gov/"

#: The level a unit name's first character gives (省发展改革委, 市行政审批局, 区商务局, 县…).
_LEVEL_PREFIX = {"省": "province", "市": "city", "区": "district", "县": "county"}
#: 市场监管局 starts with 市 but is no city unit: a level prefix is a whole word.
_NOT_A_PREFIX = re.compile(r"^(市场|市民|区域|县域|省级|市级|区级|县级)")


def government_iri(code: str) -> str:
    """The IRI of the government with GB/T 2260 ``code``.

    >>> government_iri("321302")
    'https://w3id.org/suchenggraph/gov/321302'
    """
    return GOV_BASE + code


@dataclass(frozen=True)
class Government:
    code: str
    name: str
    en: str
    level: str
    parent: str | None = None
    key: str = ""
    number_prefixes: tuple[str, ...] = ()

    @property
    def iri(self) -> str:
        return government_iri(self.code)

    @property
    def short(self) -> str:
        """The name without its level word: 江苏省 -> 江苏, 宿城区 -> 宿城."""
        for suffix in ("特别行政区", "维吾尔自治区", "回族自治区", "壮族自治区", "自治区",
                       "省", "市", "区", "县"):
            if self.name.endswith(suffix) and len(self.name) > len(suffix) + 1:
                return self.name[: -len(suffix)]
        return self.name


class Governments:
    """The registry of ``data/governments.toml``: look-ups by code, key, name and document."""

    def __init__(self, governments: list[Government], path: str = "<governments>"):
        self.path = path
        self.by_code = {g.code: g for g in governments}
        self.by_key = {g.key: g for g in governments}

    @classmethod
    def load(cls, path: str | Path | None = None) -> Governments:
        """Load the registry; errors name the file and the entry."""
        path = Path(path) if path else data_dir() / "governments.toml"
        raw = read_toml(path)
        govs: list[Government] = []
        seen: set[str] = set()
        for i, e in enumerate(raw.get("government", []), start=1):
            try:
                gov = Government(code=e["code"], name=e["name"], en=e["en"], level=e["level"],
                                 parent=e.get("parent"), key=e.get("key", e["code"]),
                                 number_prefixes=tuple(e.get("number_prefixes", ())))
            except KeyError as exc:
                raise DataError(f"government #{i} has no {exc.args[0]!r}", path=str(path)) from None
            if not re.fullmatch(r"[1-9]\d{5}", gov.code):
                raise DataError(f"government {gov.name}: code {gov.code!r} is not a six-digit "
                                "GB/T 2260 code", path=str(path))
            if gov.level not in LEVELS:
                raise DataError(f"government {gov.name}: unknown level {gov.level!r} "
                                f"(one of {', '.join(LEVELS)})", path=str(path))
            for k in {gov.code, gov.key, gov.name}:
                if k in seen:
                    raise DataError(f"government {gov.name}: {k!r} used twice", path=str(path))
                seen.add(k)
            govs.append(gov)
        registry = cls(govs, str(path))
        for gov in govs:
            if gov.parent and gov.parent not in registry.by_code:
                raise DataError(f"government {gov.name}: parent {gov.parent!r} is not listed",
                                path=str(path))
        return registry

    def __iter__(self):
        return iter(sorted(self.by_code.values(), key=lambda g: g.code))

    def get(self, code: str) -> Government | None:
        return self.by_code.get(code)

    def find(self, text: str) -> Government:
        """The government named by code, key, Chinese or English name (as ``--government``).

        An unknown name raises :class:`NameNotFound` (exit 2) with close names.
        """
        t = text.strip()
        if t in self.by_code:
            return self.by_code[t]
        if t in self.by_key:
            return self.by_key[t]
        for gov in self:
            if t in (gov.name, gov.short) or t.lower() in (gov.en.lower(),
                                                             gov.en.lower().split(" ")[0]):
                return gov
        names = [g.name for g in self] + [g.en for g in self] + list(self.by_key)
        raise NameNotFound(f"unknown government {text!r} (a GB/T 2260 code, or a name in "
                           "data/governments.toml)",
                           suggestions=difflib.get_close_matches(t, names, n=3))

    def ancestor(self, gov: Government, level: str) -> Government | None:
        """``gov`` or the division above it at ``level``."""
        g: Government | None = gov
        while g is not None and g.level != level:
            g = self.by_code.get(g.parent) if g.parent else None
        return g

    def _named_at_start(self, text: str) -> tuple[Government | None, int]:
        """The most specific government whose full name opens ``text`` (宿迁市宿城区…)."""
        found, at = None, 0
        while True:
            fits = [g for g in self if text.startswith(g.name, at)
                    and (found is None or g.parent == found.code)]
            if not fits:
                return found, at
            found = max(fits, key=lambda g: len(g.name))
            at += len(found.name)

    def from_issuer(self, issuer: str | None) -> Government | None:
        """The government an issuer (江苏省人民政府办公厅, 宿迁市宿城区人民政府) belongs to."""
        if not issuer:
            return None
        return self._named_at_start(issuer)[0]

    def from_number(self, doc_number: str | None) -> Government | None:
        """The government whose document-number prefix opens ``doc_number``."""
        if not doc_number:
            return None
        best, size = None, 0
        for gov in self:
            for prefix in gov.number_prefixes:
                if doc_number.startswith(prefix) and len(prefix) > size:
                    best, size = gov, len(prefix)
        return best

    def unit_government(self, name: str, plan_gov: Government | None) -> Government | None:
        """The government a unit named in a plan of ``plan_gov`` belongs to.

        A full place name opening the unit's name decides (江苏省商务厅); else a level
        prefix (省, 市, 区, 县) names the plan government's division at that level;
        else (集合主体 such as 各市人民政府 too) the unit is the plan government's.
        """
        named, _ = self._named_at_start(name)
        if named is not None:
            return named
        if plan_gov is None or name.startswith("各") or _NOT_A_PREFIX.match(name):
            return plan_gov
        level = _LEVEL_PREFIX.get(name[:1]) if len(name) > 1 else None
        if level is not None:
            return self.ancestor(plan_gov, level) or plan_gov
        return plan_gov
