"""The reviewed glossary: facts the plan text does not hold (English names, kinds, slugs).

>>> g = Glossary.load()
>>> g.organisation("区商务局").en
'Bureau of Commerce'
>>> g.organisation("区城管局").name
'区城市管理局'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError
from .resources import data_dir, read_toml

__all__ = ["Glossary", "OrgEntry", "ORG_KINDS"]

ORG_KINDS = (
    "GovernmentDepartment",
    "PartyCommitteeOffice",
    "PublicInstitution",
    "Park",
    "Town",
    "CollectiveActor",
    "LeadingGroup",
    "LeadingGroupOffice",
    "SocialOrganisation",
    "UnclassifiedOrganisation",
)


@dataclass(frozen=True)
class OrgEntry:
    name: str
    slug: str
    kind: str
    en: str | None = None
    aliases: tuple[str, ...] = ()
    en_aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()  # what people type (发改局): search-only, skos:hiddenLabel
    group: str | None = None  # a LeadingGroupOffice entry: the leading group it is the office of


@dataclass
class Glossary:
    documents: dict = field(default_factory=dict)
    orgs: list[OrgEntry] = field(default_factory=list)
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    programmes: dict = field(default_factory=dict)
    path: str = "<glossary>"

    @classmethod
    def load(cls, path: str | Path | None = None) -> Glossary:
        """Load ``data/glossary.toml`` (or ``path``); errors name the file and the entry."""
        path = Path(path) if path else data_dir() / "glossary.toml"
        raw = read_toml(path)
        orgs, slugs, names = [], set(), set()
        for i, entry in enumerate(raw.get("organisation", []), start=1):
            try:
                org = OrgEntry(
                    name=entry["name"], slug=entry["slug"], kind=entry["kind"],
                    en=entry.get("en"), aliases=tuple(entry.get("aliases", [])),
                    en_aliases=tuple(entry.get("en_aliases", [])),
                    abbreviations=tuple(entry.get("abbreviations", [])),
                    group=entry.get("group"),
                )
            except KeyError as exc:
                raise DataError(f"organisation #{i} has no {exc.args[0]!r}", path=str(path)) from None
            if org.kind not in ORG_KINDS:
                raise DataError(f"organisation {org.name}: unknown kind {org.kind!r} "
                                f"(one of {', '.join(ORG_KINDS)})", path=str(path))
            if org.slug in slugs:
                raise DataError(f"organisation {org.name}: slug {org.slug!r} used twice",
                                path=str(path))
            for n in (org.name, *org.aliases):
                if n in names:
                    raise DataError(f"organisation name {n!r} listed twice", path=str(path))
                names.add(n)
            slugs.add(org.slug)
            orgs.append(org)
        tables = {k: v for k, v in raw.items()
                  if isinstance(v, dict) and k not in ("document", "programme")}
        return cls(documents=raw.get("document", {}), orgs=orgs, tables=tables,
                   programmes=raw.get("programme", {}), path=str(path))

    def organisation(self, name: str) -> OrgEntry | None:
        """The entry whose name or alias is ``name`` (Simplified), or None."""
        for org in self.orgs:
            if name == org.name or name in org.aliases:
                return org
        return None

    def english(self, table: str, key: str) -> str | None:
        """English for ``key`` in one of the tables (area, task, indicator, unit, ...)."""
        return self.tables.get(table, {}).get(key)

    def document(self, doc_number: str | None) -> dict:
        return self.documents.get(doc_number, {}) if doc_number else {}

    def document_for(self, plan) -> dict:
        """The ``[document."<number>"]`` entry of ``plan`` (a :class:`~.extract.Plan`).

        One notice can issue several plans under one number: an entry with a ``title``
        is the plan of that title; one without is the notice's first plan (index 0).
        A plan without a number is looked up by its title.

        >>> from types import SimpleNamespace as P
        >>> g = Glossary(documents={"苏政办发〔2021〕1号": {"id": "policy", "title": "政策"},
        ...                          "宿区发〔2022〕2号": {"id": "only"}, "无号方案": {"id": "t"}})
        >>> g.document_for(P(doc_number="苏政办发〔2021〕1号", title="政策", index=0))["id"]
        'policy'
        >>> g.document_for(P(doc_number="苏政办发〔2021〕1号", title="行动计划", index=1))
        {}
        >>> g.document_for(P(doc_number="宿区发〔2022〕2号", title="x", index=0))["id"]
        'only'
        >>> g.document_for(P(doc_number=None, title="无号方案", index=0))["id"]
        't'
        """
        entry = self.documents.get(plan.doc_number or plan.title, {})
        if "title" in entry:
            return entry if entry["title"] == plan.title else {}
        return entry if plan.index == 0 else {}
