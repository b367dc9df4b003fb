"""English names for Chinese government units that have no glossary entry.

A unit's name is read into parts (place, level, field of work, kind of unit),
each of which the reviewed dictionary ``data/name_parts.toml`` renders in
English, and the parts compose one name by one convention (the file's header
documents it and where it comes from):

>>> english_name("江苏省商务厅")
('Jiangsu Provincial Department of Commerce', [])
>>> english_name("宿迁市行政审批局")
('Suqian Municipal Administrative Approval Bureau', [])

A part the dictionary does not know leaves no English name; the caller keeps the
Chinese name and warns about the parts listed:

>>> english_name("运河宿迁港产业园")
(None, ['运河宿迁港'])

The glossary (``data/glossary.toml``) overrides all of this; the caller applies
it. The module imports only the standard library (and tomli before Python
3.11), so the CLI's fast path may use it; the dictionary is read once.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from .errors import DataError
from .resources import data_dir, read_toml

__all__ = ["UnitName", "NameParts", "english_name", "parse_unit", "is_collective", "name_parts"]

CPC = "中共"  # written before a Party committee: 中共宿迁市委
EACH = "各"  # opens a collective actor: 各园区, 省各有关部门


@dataclass(frozen=True)
class UnitName:
    """The parts of one unit's name, as :func:`parse_unit` read them.

    ``level`` is the level as callers name it ("province", "city", "district",
    "county", ...); ``place`` the place as written (江苏, 宿迁, 南京); ``field``
    and ``kind`` as written (发展改革, 委); ``party`` marks Party bodies (市委网信办),
    ``parent`` a national system named first (人民银行 in 人民银行宿迁市中心支行);
    ``unknown`` the parts the dictionary does not know.
    """

    name: str
    level: str | None = None
    place: str | None = None
    field: str | None = None
    kind: str | None = None
    collective: bool = False
    party: bool = False
    parent: str | None = None
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Level:
    hint: str
    adj: str
    noun: str


@dataclass(frozen=True)
class _Unit:
    field: str | None
    kind: str
    en: str | None
    bare: str | None


@dataclass(frozen=True)
class _Owner:
    en: str
    party: bool
    needs_cpc: bool


@dataclass(frozen=True)
class _Wrapper:
    en: str
    collective: bool


# What each section's templates may refer to.
_SLOTS = {"kind": {"field", "place"}, "unit": {"place"}, "owner": {"prefix"},
          "parent": {"unit"}, "wrapper": {"inner"}, "phrase": {"level"}}


def _longest_first(keys) -> tuple[str, ...]:
    return tuple(sorted(keys, key=lambda k: (-len(k), k)))


def _clean(text: str) -> str:
    return re.sub(r" {2,}", " ", text).strip()


def _normal(name: str) -> str:
    text = re.sub(r"\s+", "", name.replace("\u3000", ""))
    return text.replace("(", "（").replace(")", "）")


@dataclass(frozen=True, eq=False)
class NameParts:
    """The dictionary of name parts: ``NameParts.load()`` reads ``data/name_parts.toml``.

    >>> parts = NameParts.load()
    >>> parts.fields["发改"], parts.levels["省"].adj
    ('Development and Reform', 'Provincial')
    >>> parts.read("区商务局")[1]
    'District Commerce Bureau'
    """

    levels: dict
    places: dict
    fields: dict
    kinds: dict
    units: dict
    owners: dict
    parents: dict
    wrappers: dict
    phrases: dict
    standalone: frozenset
    path: str = "<name parts>"

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: str | Path | None = None) -> NameParts:
        """Read and check the dictionary; errors name the file and the entry."""
        path = Path(path) if path else data_dir() / "name_parts.toml"
        where = str(path)
        raw = read_toml(path)

        def table(section: str) -> dict:
            value = raw.get(section, {})
            if not isinstance(value, dict):
                raise DataError(f"[{section}] must be a table", path=where)
            return value

        def text(section: str, key: str, value, slots: str | None = None) -> str:
            if not isinstance(value, str) or not value:
                raise DataError(f"{section} {key!r}: expected a non-empty string", path=where)
            if slots:
                used = {name for _, name, _, _ in string.Formatter().parse(value) if name}
                if used - _SLOTS[slots]:
                    raise DataError(f"{section} {key!r}: unknown placeholder "
                                    f"{{{sorted(used - _SLOTS[slots])[0]}}}", path=where)
            return value

        def entry(section: str, key: str, value, name: str, default=None, required=True):
            if not isinstance(value, dict):
                raise DataError(f"{section} {key!r}: expected a table", path=where)
            if name not in value:
                if required:
                    raise DataError(f"{section} {key!r} has no {name!r}", path=where)
                return default
            return value[name]

        levels = {}
        for key, value in table("level").items():
            levels[key] = _Level(*(text("level", key, entry("level", key, value, name))
                                   for name in ("hint", "adj", "noun")))
        hints = [lv.hint for lv in levels.values()]
        if len(set(hints)) != len(hints):
            raise DataError("two levels share one hint", path=where)
        places = {k: text("place", k, v) for k, v in table("place").items()}
        fields = {k: text("field", k, v) for k, v in table("field").items()}
        kinds = {k: text("kind", k, v, "kind") for k, v in table("kind").items()}
        units = {}
        for key, value in table("unit").items():
            field = entry("unit", key, value, "field", required=False)
            kind = text("unit", key, entry("unit", key, value, "kind"))
            en = entry("unit", key, value, "en", required=False)
            bare = entry("unit", key, value, "bare", required=False)
            if en is not None:
                text("unit", key, en, "unit")
            elif kind not in kinds:
                raise DataError(f"unit {key!r}: kind {kind!r} is not a kind, and no en", path=where)
            if field is not None and field not in fields:
                raise DataError(f"unit {key!r}: field {field!r} is not a field", path=where)
            if field is None and en is None:
                raise DataError(f"unit {key!r} has neither a field nor en", path=where)
            units[key] = _Unit(field, kind, en, bare if bare is None else text("unit", key, bare))
        owners = {k: _Owner(text("owner", k, entry("owner", k, v, "en"), "owner"),
                            entry("owner", k, v, "party", False, False) is True,
                            entry("owner", k, v, "needs_cpc", False, False) is True)
                  for k, v in table("owner").items()}
        parents = {k: text("parent", k, v, "parent") for k, v in table("parent").items()}
        wrappers = {k: _Wrapper(text("wrapper", k, entry("wrapper", k, v, "en"), "wrapper"),
                                entry("wrapper", k, v, "collective", False, False) is True)
                    for k, v in table("wrapper").items()}
        collective = table("collective")
        phrase_table = collective.get("phrase", {})
        if not isinstance(phrase_table, dict):
            raise DataError("[collective.phrase] must be a table", path=where)
        phrases = {k: text("collective phrase", k, v, "phrase") for k, v in phrase_table.items()}
        standalone = collective.get("standalone", [])
        if not isinstance(standalone, list) or not all(s in phrases for s in standalone):
            raise DataError("collective.standalone: a list of phrases from "
                            "[collective.phrase]", path=where)
        return cls(levels, places, fields, kinds, units, owners, parents, wrappers, phrases,
                   frozenset(standalone), where)

    # ------------------------------------------------------------------ reading

    @cached_property
    def _order(self) -> dict[str, tuple[str, ...]]:
        """Each section's keys, longest first (a longer key is the more specific match)."""
        sections = {"places": self.places, "levels": self.levels, "owners": self.owners,
                    "parents": self.parents, "wrappers": self.wrappers}
        return {name: _longest_first(keys) for name, keys in sections.items()}

    @property
    def hints(self) -> tuple[str, ...]:
        """The level hints :meth:`read` accepts, in the dictionary's order.

        >>> NameParts.load().hints[:4]
        ('province', 'autonomous-region', 'city', 'autonomous-prefecture')
        """
        return tuple(lv.hint for lv in self.levels.values())

    def read(self, name: str, level_hint: str | None = None) -> tuple[UnitName, str | None]:
        """The parts of ``name`` and its English (``None`` when a part is unknown).

        >>> unit, en = NameParts.load().read("商务局", "district")
        >>> en, unit.level, unit.field, unit.kind
        ('District Commerce Bureau', 'district', '商务', '局')
        """
        level_key = None
        if level_hint is not None:
            level_key = next((k for k, lv in self.levels.items() if lv.hint == level_hint), None)
            if level_key is None:
                raise ValueError(f"unknown level hint {level_hint!r}: expected one of "
                                 f"{', '.join(self.hints)}")
        text = _normal(name)
        if not text:
            raise ValueError("an empty unit name")
        unit, en = self._read(text, level_key)
        return replace(unit, name=name), (en if not unit.unknown else None)

    def _read(self, text: str, hint: str | None) -> tuple[UnitName, str | None]:
        for key in self._order["parents"]:
            if text.startswith(key) and len(text) > len(key):
                inner, en = self._read(text[len(key):], hint)
                en = _clean(self.parents[key].format(unit=en)) if en else None
                return replace(inner, parent=key), en
        unit, en = self._plain(text, hint)
        if not unit.unknown:
            return unit, en
        for key in self._order["wrappers"]:
            if text.endswith(key) and len(text) > len(key):
                wrapper = self.wrappers[key]
                inner, inner_en = self._read(text[:-len(key)], hint)
                unit = UnitName(text, inner.level, inner.place, None, key,
                                wrapper.collective or inner.collective, inner.party,
                                inner.parent, inner.unknown)
                return unit, (wrapper.en.format(inner=inner_en) if inner_en else None)
        return unit, en

    def _prefixes(self, body: str):
        """Ways to read the start of ``body``: (place, level, rest), most specific first."""
        places, levels = self._order["places"], self._order["levels"]
        pos, place, level = 0, None, None
        while (found := next((p for p in places if body.startswith(p, pos)), None)):
            after = pos + len(found)
            lv = next((v for v in levels if body.startswith(v, after)), None)
            place, level, pos = found, lv, after + (len(lv) if lv else 0)
            if lv is None:
                break
        if place:
            yield place, level, body[pos:]
        lv = next((v for v in levels if body.startswith(v)), None)
        if lv:
            yield None, lv, body[len(lv):]
        yield None, None, body

    def _plain(self, text: str, hint: str | None) -> tuple[UnitName, str | None]:
        cpc = text.startswith(CPC) and len(text) > len(CPC)
        body = text[len(CPC):] if cpc else text
        best = None
        for place, level, rest in self._prefixes(body):
            got = self._after_prefix(text, place, level, rest, cpc, hint)
            if not got[0].unknown:
                return got
            if best is None or sum(map(len, got[0].unknown)) < sum(map(len, best[0].unknown)):
                best = got
        return best

    def _hint(self, level: str | None) -> str | None:
        return self.levels[level].hint if level else None

    def _prefix_en(self, place: str | None, level: str | None) -> str:
        words = (self.places[place] if place else "", self.levels[level].adj if level else "")
        return _clean(" ".join(words))

    def _after_prefix(self, text, place, level, rest, cpc, hint):
        if not cpc and rest.startswith(EACH):
            return self._collective(text, rest[len(EACH):], place, level, each=True)
        if not cpc and rest in self.standalone:
            return self._collective(text, rest, place, level, each=False)
        explicit = level
        if place is None and level is None and not cpc:
            level = hint
        for key in self._order["owners"]:
            owner = self.owners[key]
            if (not rest.startswith(key) or (owner.needs_cpc and not cpc)
                    or (owner.party and not (cpc or place or explicit))):
                continue
            owner_en = _clean(owner.en.format(prefix=self._prefix_en(place, level)))
            body = rest[len(key):]
            if not body:
                unit = UnitName(text, self._hint(level), place, None, key, party=owner.party)
                return unit, owner_en
            field, kind, unknown, template, _ = self._body(body)
            unit = UnitName(text, self._hint(level), place, field, kind, party=owner.party,
                            unknown=unknown)
            en = f"{_clean(template.format(place=''))} of the {owner_en}" if template else None
            return unit, en
        if cpc:
            return UnitName(text, self._hint(level), place, party=True, unknown=(rest or CPC,)), None
        if not rest:
            if not place:
                return UnitName(text, self._hint(level), unknown=(explicit,)), None
            noun = self.levels[level].noun if level else ""
            return UnitName(text, self._hint(level), place), _clean(f"{self.places[place]} {noun}")
        field, kind, unknown, template, bare = self._body(rest)
        unit = UnitName(text, self._hint(level), place, field, kind, unknown=unknown)
        if unknown:
            return unit, None
        if bare and not place and not level:
            return unit, bare
        if "{place}" in template:
            word = self.places[place] if place else (self.levels[level].adj if level else "")
            return unit, _clean(template.format(place=word))
        return unit, _clean(f"{self._prefix_en(place, level)} {template}")

    def _body(self, rest: str):
        """(field, kind, unknown, English template, bare English) of a unit's body."""
        known = self.units.get(rest)
        if known:
            template = known.en or self.kinds[known.kind].replace(
                "{field}", self.fields[known.field])
            return known.field, known.kind, (), template, known.bare
        found, missing = [], []
        for kind, template in self.kinds.items():
            if not rest.endswith(kind):
                continue
            field = rest[:-len(kind)]
            if "{field}" in template:
                if field in self.fields:
                    found.append((field, kind, template.replace("{field}", self.fields[field])))
                else:
                    missing.append((field or rest, kind))
            elif not field:
                found.append((None, kind, template))
            else:
                missing.append((field, kind))
        if found:
            field, kind, template = max(found, key=lambda f: (len(f[0] or ""), f[1]))
            return field, kind, (), template, None
        if missing:  # what is before the most specific (longest) kind is what is unknown
            part, kind = max(missing, key=lambda m: (len(m[1]), m[1]))
            return None, kind, (part,), None, None
        for level in self._order["levels"]:
            if rest.endswith(level) and len(rest) > len(level):
                return None, None, (rest[:-len(level)],), None, None
        return None, None, (rest,), None, None

    def _collective(self, text, phrase, place, level, each):
        unit = UnitName(text, self._hint(level), place, collective=True)
        template = self.phrases.get(phrase)
        if template is None:
            return replace(unit, unknown=(phrase or EACH,)), None
        word = f"{self.levels[level].adj.lower()} " if level else ""
        en = _clean(template.format(level=word))
        return unit, (f"All {en}" if each else en[:1].upper() + en[1:])


@lru_cache(maxsize=1)
def name_parts() -> NameParts:
    """The shipped dictionary, read once.

    >>> name_parts() is name_parts()
    True
    """
    return NameParts.load()


def english_name(name_hans: str, level_hint: str | None = None) -> tuple[str | None, list[str]]:
    """The English name composed for a unit, and the name parts the dictionary lacks.

    ``level_hint`` ("province", "city", "district", "county", ...) is the plan's
    level, used when the name has neither a place nor a level of its own. The
    name is Simplified Chinese (callers convert). A name with an unknown part
    gets ``None``; a level hint that is not a level raises ``ValueError``.

    >>> english_name("省发展改革委")
    ('Provincial Development and Reform Commission', [])
    >>> english_name("宿迁市委网信办")
    ('Office of the Cyberspace Affairs Commission of the CPC Suqian Municipal Committee', [])
    >>> english_name("工信局", level_hint="city")
    ('Municipal Industry and Information Technology Bureau', [])
    >>> english_name("各县（市、区）")
    ('All counties (county-level cities and districts)', [])
    >>> english_name("耿车镇")
    (None, ['耿车'])
    """
    unit, en = name_parts().read(name_hans, level_hint)
    return en, list(unit.unknown)


def parse_unit(name_hans: str) -> UnitName:
    """The parts of a unit's name (place, level, field, kind) and those not known.

    >>> parse_unit("江苏省商务厅")
    UnitName(name='江苏省商务厅', level='province', place='江苏', field='商务', kind='厅', collective=False, party=False, parent=None, unknown=())
    >>> parse_unit("南京海关").place, parse_unit("南京海关").kind
    ('南京', '海关')
    >>> parse_unit("各有关企业").collective
    True
    """
    return name_parts().read(name_hans)[0]


def is_collective(name_hans: str) -> bool:
    """Whether the name addresses many units at once (各市人民政府, …成员单位, 有关部门).

    >>> is_collective("各市人民政府"), is_collective("区委网信办成员单位")
    (True, True)
    >>> is_collective("市行政审批局")
    False
    """
    return parse_unit(name_hans).collective
