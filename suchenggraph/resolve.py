"""Name resolution: from what a user types to one organisation, task, indicator, platform or area.

A thing can be named by its English label (case-insensitive, whole or in part),
its Simplified or Traditional Chinese label (with or without the district
prefix ``区``), an alias (``skos:altLabel``), a search-only label
(``skos:hiddenLabel``: a common abbreviation such as 发改局), or its number (``task 23``, ``indicator 9``,
``platform 3``, ``area 2``; also ``任务 23``; a bare ``23`` when only one kind
is asked for).

Matching runs in tiers and stops at the first tier that matches anything:

1. the number form;
2. a label equal to the name (case and width ignored);
3. the *core* of a label equal to the core of the name (the core drops the
   district prefix ``区`` / ``宿城区`` and the English words "the", "of",
   "and", "district", "bureau": ``commerce`` and ``商务局`` are cores);
4. the name inside a label;
5. every word of the name inside a label.

One thing in the first matching tier is the answer; several raise
:class:`~suchenggraph.errors.AmbiguousName` listing them; none raise
:class:`~suchenggraph.errors.NameNotFound` with up to three close names.

>>> cands = [
...     Candidate("urn:x:commerce", "organisation", None,
...               ("Bureau of Commerce", "区商务局", "區商務局", "Commerce Bureau")),
...     Candidate("urn:x:fic", "organisation", None,
...               ("Federation of Industry and Commerce", "区工商联", "區工商聯")),
...     Candidate("urn:x:urban", "organisation", None,
...               ("Urban Management Bureau", "区城市管理局", "區城市管理局", "区城管局", "區城管局")),
...     Candidate("urn:x:task23", "task", 23,
...               ("Accelerate new infrastructure construction", "加速推进新基建", "加速推進新基建")),
... ]
>>> resolve("commerce", cands).iri
'urn:x:commerce'
>>> resolve("商務局", cands).iri
'urn:x:commerce'
>>> resolve("城管局", cands).iri
'urn:x:urban'
>>> resolve("task 23", cands).label("zh-Hans")
'加速推进新基建'
>>> resolve("局", cands)
Traceback (most recent call last):
...
suchenggraph.errors.AmbiguousName: '局' is ambiguous: 2 organisations match: 区商务局 (Bureau of Commerce); 区城市管理局 (Urban Management Bureau)
>>> resolve("Bureau of Comerce", cands)
Traceback (most recent call last):
...
suchenggraph.errors.NameNotFound: no organisation or task is named 'Bureau of Comerce'; did you mean 'Bureau of Commerce', 'Federation of Industry and Commerce'?
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from .errors import AmbiguousName, NameNotFound, UsageError

__all__ = [
    "KINDS",
    "MAX_NAME",
    "Candidate",
    "check_name",
    "resolve",
    "candidates_from_networkx",
    "candidates_from_graph",
    "candidates_from_store",
    "parse_number",
    "normalise",
    "core",
    "where_from",
]

#: The kinds of thing a user can name, in the order candidates are listed.
KINDS = ("organisation", "task", "indicator", "platform", "area")

#: The longest name (in characters) a question takes: the longest label in a plan is far
#: shorter, and comparing a name with every label for suggestions grows with its length.
MAX_NAME = 200


def check_name(name: str, what: str = "name") -> str:
    """``name`` if it can be a name; else :class:`UsageError` (exit 2) in one short line,
    never echoing the name: text that was not valid UTF-8 on the command line (Python
    keeps such bytes as lone surrogates) or longer than :data:`MAX_NAME` characters.

    >>> check_name("商务局")
    '商务局'
    >>> check_name("a" * 100_000)
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: the name is 100000 characters long; a name has at most 200
    >>> check_name(b"\\xff".decode("utf-8", "surrogateescape"), "value of org")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: the value of org is not valid UTF-8 text (give names in UTF-8)
    """
    if not isinstance(name, str):
        return name
    if any("\ud800" <= ch <= "\udfff" for ch in name):
        raise UsageError(f"the {what} is not valid UTF-8 text (give names in UTF-8)")
    if len(name) > MAX_NAME:
        raise UsageError(f"the {what} is {len(name)} characters long; a name has at most "
                         f"{MAX_NAME}")
    return name

_PLURAL = {"organisation": "organisations", "task": "tasks", "indicator": "indicators",
           "platform": "platforms", "area": "areas"}

# words that introduce a number, in English, Simplified and Traditional
_NUMBER_WORDS = {
    "task": "task", "tasks": "task", "任务": "task", "任務": "task",
    "indicator": "indicator", "indicators": "indicator", "指标": "indicator",
    "指標": "indicator",
    "platform": "platform", "platforms": "platform", "平台": "platform", "平臺": "platform",
    "area": "area", "areas": "area", "action area": "area", "领域": "area", "領域": "area",
    "行动领域": "area", "行動領域": "area",
}


@functools.cache
def _number_re() -> re.Pattern:
    """``task 23``, ``#9``, ``第3项``: compiled when a name first holds a digit."""
    return re.compile(r"^(?:(?P<word>[^\d#]+?)\s*)??(?:no\.?\s*|#\s*|第\s*)?(?P<n>\d{1,4})"
                      r"\s*[项項个個条條]?$")


_EN_STOP = frozenset({"the", "of", "and", "&", "district", "bureau"})
_ZH_PREFIXES = ("宿迁市宿城区", "宿遷市宿城區", "宿城区", "宿城區", "区", "區")


def _cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK ideograph (a plain loop: cheaper than compiling a regex)."""
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


class Candidate(NamedTuple):
    """A thing a user may name.

    ``labels`` holds every name it goes by: by convention the English, Simplified
    and Traditional preferred labels first (``None`` never appears: missing ones are
    left out), then aliases and search-only (hidden) labels. ``number`` is the task / indicator / platform / area number.

    >>> c = Candidate("urn:x", "organisation", None, ("Bureau of Commerce", "区商务局", "區商務局"))
    >>> c.label("zh-Hant"), c.display()
    ('區商務局', '区商务局 (Bureau of Commerce)')
    """

    iri: str
    kind: str
    number: int | None
    labels: tuple[str, ...]

    def label(self, lang: str = "en") -> str:
        """The label in ``lang`` (``en``, ``zh-Hans``, ``zh-Hant``), falling back to the others."""
        latin = [x for x in self.labels if not _cjk(x)]
        cjk = [x for x in self.labels if _cjk(x)]
        if lang == "en":
            pool = latin + cjk
        else:
            pool = cjk + latin
            if lang == "zh-Hant" and len(cjk) > 1:
                pool = [cjk[1], cjk[0]] + pool[2:]
        return pool[0] if pool else self.iri

    def display(self, script: str = "zh-Hans", *, where: bool = False) -> str:
        """How it shows in a list of candidates: number, Chinese name (in ``script``), English;
        with ``where``, also the government (organisations) or plan (everything else) it
        belongs to, for names that repeat across governments and plans.

        >>> c = Candidate("https://w3id.org/suchenggraph/org/suyu/commerce-bureau",
        ...               "organisation", None, ("Bureau of Commerce", "区商务局", "區商務局"))
        >>> c.display("zh-Hant", where=True)
        '區商務局 (Bureau of Commerce) in government suyu'
        """
        zh, en = self.label("zh-Hant" if script == "zh-Hant" else "zh-Hans"), self.label("en")
        head = f"{self.kind} {self.number}: " if self.number is not None and self.kind != \
            "organisation" else ""
        if task_key(self) not in (None, str(self.number)):
            head = f"task {task_key(self)}: "  # numbering restarts in each section: 2.1.3
        text = f"{head}{zh} ({en})" if zh != en and _cjk(zh) and not _cjk(en) else head + en
        place = where_from(self.iri) if where else None
        return f"{text} in {place}" if place else text


_PLACES = (("https://w3id.org/suchenggraph/org/", "government"),
           ("https://w3id.org/suchenggraph/plan/", "plan"))


def where_from(iri: str) -> str | None:
    """Where a thing belongs, from its IRI: its plan, or for an organisation its
    government (``None`` for an IRI minted elsewhere).

    >>> where_from("https://w3id.org/suchenggraph/org/suyu/commerce-bureau")
    'government suyu'
    >>> where_from("https://w3id.org/suchenggraph/plan/p-2022/task/3")
    'plan p-2022'
    >>> where_from("urn:x:1") is None
    True
    """
    for base, what in _PLACES:
        if iri.startswith(base):
            key = iri[len(base):].split("/", 1)[0]
            if key:
                return f"{what} {key}"
    return None


#: quotation marks, dropped from names (a table, not a regex: nothing to compile at start-up)
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』《》")


def normalise(text: str) -> str:
    """Case-, width- and space-insensitive form of a name.

    >>> normalise("  Bureau   of COMMERCE "), normalise("ＡＢＣ　局")
    ('bureau of commerce', 'abc 局')
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(text.split())  # str.split's whitespace is re's \s


def core(text: str) -> str:
    """The distinctive part of a name: no district prefix, no generic English words.

    >>> core("Bureau of Commerce"), core("Commerce Bureau"), core("区商务局"), core("商務局")
    ('commerce', 'commerce', '商务局', '商務局')
    """
    text = normalise(text)
    if _cjk(text):
        for prefix in _ZH_PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                return text[len(prefix):]
        return text
    words = [w for w in text.replace(",", " ").split() if w not in _EN_STOP]
    return " ".join(words)


_KEY_RE = re.compile(r"^(?:(?:task|任务|任務)\s*)?(?P<key>a?\d+(?:\.\d+)+(?:-\d+)?)$",
                     re.IGNORECASE)


def parse_key(name: str) -> str | None:
    """The task key in ``task 2.1.3`` (plans whose numbering restarts in each section name
    a task by section and number); None for anything else.

    >>> parse_key("task 2.1.3"), parse_key("任务a1.12"), parse_key("task 3"), parse_key("商务局")
    ('2.1.3', 'a1.12', None, None)
    """
    m = _KEY_RE.match(normalise(name))
    return m.group("key") if m else None


def task_key(c: Candidate) -> str | None:
    """A task's key, the last part of its IRI (``…/task/2.1.3``); None for other kinds."""
    if c.kind != "task" or "/task/" not in c.iri:
        return None
    return c.iri.rsplit("/task/", 1)[1]


def parse_number(name: str) -> tuple[str | None, int] | None:
    """``("task", 23)`` for ``task 23``; ``(None, 23)`` for a bare number; else ``None``.

    >>> parse_number("task 23"), parse_number("Indicator #9"), parse_number("任务23")
    (('task', 23), ('indicator', 9), ('task', 23))
    >>> parse_number("23"), parse_number("第3项"), parse_number("Bureau 3"), parse_number("5G")
    ((None, 23), (None, 3), None, None)
    """
    text = normalise(name)
    if not any(ch.isdecimal() for ch in text):  # no digit (re's \d): not a number
        return None
    m = _number_re().match(text)
    if not m:
        return None
    word = m.group("word")
    n = int(m.group("n"))
    if word is None or not word.strip():
        return (None, n)
    kind = _NUMBER_WORDS.get(word.strip())
    return (kind, n) if kind else None


def _kinds_phrase(kinds) -> str:
    kinds = list(kinds)
    names = [k for k in KINDS if k in kinds] or kinds
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _a(noun: str) -> str:
    """``noun`` with its indefinite article.

    >>> _a("task"), _a("organisation"), _a("area"), _a("indicator or platform")
    ('a task', 'an organisation', 'an area', 'an indicator or platform')
    """
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _words(text: str) -> list[str]:
    if _cjk(text):
        return [text]
    return text.replace(",", " ").split()  # runs of whitespace and commas


def _tiers(name: str, pool: list[Candidate]):
    """Yield the candidates matching each tier, best tier first."""
    q, qcore = normalise(name), core(name)
    norm = {id(c): [normalise(x) for x in c.labels] for c in pool}
    yield [c for c in pool if q in norm[id(c)]]
    if qcore:
        yield [c for c in pool if any(core(x) == qcore for x in c.labels)]
    yield [c for c in pool if any(q in x for x in norm[id(c)])]
    words = _words(q)
    if len(words) > 1:
        yield [c for c in pool if any(all(w in x for w in words) for x in norm[id(c)])]


def _simplified(text: str) -> str:
    """``text`` in Simplified characters (OpenCC, imported only when a name did not match)."""
    try:
        from .text import to_simplified

        return to_simplified(text)
    except Exception:  # pragma: no cover - OpenCC missing or broken: compare as typed
        return text


def _suggest(name: str, pool: list[Candidate], n: int = 3, hant: bool = False) -> list[str]:
    from difflib import SequenceMatcher

    q = normalise(name)
    want_cjk = bool(_cjk(q))
    scored: list[tuple[float, int, str]] = []
    for i, c in enumerate(pool):
        best = 0.0
        for x in c.labels:
            if bool(_cjk(x)) != want_cjk:
                continue
            m = SequenceMatcher(None, q, normalise(x), autojunk=False)
            best = max(best, m.ratio(), SequenceMatcher(None, core(name), core(x),
                                                        autojunk=False).ratio())
        if best >= 0.5:
            shown = c.label("zh-Hant" if want_cjk and hant else
                            ("zh-Hans" if want_cjk else "en"))
            if c.number is not None and c.kind != "organisation":
                shown = f"{c.kind} {c.number}: {shown}"
            scored.append((-best, i, shown))
    scored.sort()
    out: list[str] = []
    for _, _, shown in scored:
        if shown not in out:
            out.append(shown)
        if len(out) == n:
            break
    return out


def resolve(name: str, candidates, kinds=None) -> Candidate:
    """The one candidate ``name`` refers to (only among ``kinds``, if given).

    Raises :class:`NameNotFound` (``suggestions``: up to three close names) or
    :class:`AmbiguousName` (``candidates``: every match, listed by kind and number).

    >>> cands = [Candidate("urn:t:1", "task", 1, ("Build carriers", "建设载体", "建設載體")),
    ...          Candidate("urn:i:1", "indicator", 1, ("Overall scale", "总体规模", "總體規模"))]
    >>> resolve("1", cands, kinds=["task"]).iri
    'urn:t:1'
    >>> resolve("1", cands)
    Traceback (most recent call last):
    ...
    suchenggraph.errors.AmbiguousName: '1' is ambiguous: 2 things match: task 1: 建设载体 (Build carriers); indicator 1: 总体规模 (Overall scale)
    >>> resolve("platform 3", cands)
    Traceback (most recent call last):
    ...
    suchenggraph.errors.NameNotFound: there is no platform 3
    """
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown kind(s) {unknown}; expected some of {KINDS}")
    pool = [c for c in candidates if kinds is None or c.kind in kinds]
    pool.sort(key=lambda c: (KINDS.index(c.kind) if c.kind in KINDS else len(KINDS),
                             c.number if c.number is not None else -1, c.label("zh-Hans"),
                             where_from(c.iri) or "", c.iri))
    check_name(name)
    wanted = kinds or sorted({c.kind for c in pool}, key=KINDS.index) or KINDS
    what = _kinds_phrase(wanted)
    if not isinstance(name, str) or not normalise(name):
        numbered = any(k != "organisation" for k in wanted)  # organisations have no number
        raise UsageError(f"an empty name: give the {what}'s name"
                         + (" or number" if numbered else ""))
    key = parse_key(name)
    if key and (kinds is None or "task" in kinds):
        hits = [c for c in pool if task_key(c) == key]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise NameNotFound(f"there is no task {key} (suchenggraph outline FILE shows the "
                               "task keys)")
        return _ambiguous(name, hits)
    number = parse_number(name)
    if number:
        kind, n = number
        hits = [c for c in pool if c.number == n and (kind is None or c.kind == kind)]
        if kind is not None and kinds is not None and kind not in kinds:
            raise UsageError(f"{name!r} names {_a(kind)}; expected {_a(what)}")
        if len(hits) == 1:
            return hits[0]
        if not hits:
            numbered = sorted({c.number for c in pool if c.number is not None
                               and (kind is None or c.kind == kind)})
            span = f" (numbers run {numbered[0]}-{numbered[-1]})" if numbered else ""
            raise NameNotFound(f"there is no {kind or what} {n}{span}")
        return _ambiguous(name, hits)
    for hits in _tiers(name, pool):
        if len(hits) == 1:
            return hits[0]
        if hits:
            return _ambiguous(name, hits)
    hant = False
    if _cjk(name):  # Traditional, or variant characters (台/臺): try it in Simplified
        simplified = _simplified(name)
        hant = simplified != name
        for hits in _tiers(simplified, pool) if hant else ():
            if len(hits) == 1:
                return hits[0]
            if hits:
                return _ambiguous(name, hits)
    raise NameNotFound(f"no {what} is named {name!r}",
                       suggestions=_suggest(name, pool, hant=hant))


#: How many candidates an ambiguous-name error lists before "... and N more".
SHOWN_CANDIDATES = 8


def _ambiguous(name: str, hits: list[Candidate]):
    """Raise :class:`AmbiguousName`: its message lists up to :data:`SHOWN_CANDIDATES`
    matches (then "... and N more" with a longer name to try); ``candidates`` holds all.
    Where names repeat (the same 商务局 in two governments, task 2 of several plans), each
    candidate says which government or plan it belongs to.

    >>> base = "https://w3id.org/suchenggraph/org/"
    >>> twins = [Candidate(base + g + "/commerce", "organisation", None, ("Commerce", "区商务局"))
    ...          for g in ("sucheng", "suyu")]
    >>> _ambiguous("商务局", twins)
    Traceback (most recent call last):
    ...
    suchenggraph.errors.AmbiguousName: '商务局' is ambiguous: 2 organisations match (choose a plan to narrow it down): 区商务局 (Commerce) in government sucheng; 区商务局 (Commerce) in government suyu

    >>> orgs = [Candidate(f"urn:o{i}", "organisation", None, (f"Bureau {i}", f"区局{i}"))
    ...         for i in range(10)]
    >>> _ambiguous("局", orgs)
    Traceback (most recent call last):
    ...
    suchenggraph.errors.AmbiguousName: '局' is ambiguous: 10 organisations match: 区局0 (Bureau 0); 区局1 (Bureau 1); 区局2 (Bureau 2); 区局3 (Bureau 3); 区局4 (Bureau 4); 区局5 (Bureau 5); 区局6 (Bureau 6); 区局7 (Bureau 7); … and 2 more (be more specific, e.g. '区局0')
    """
    kinds = {c.kind for c in hits}
    noun = _PLURAL[next(iter(kinds))] if len(kinds) == 1 and next(iter(kinds)) in _PLURAL \
        else "things"
    shown = [c.display() for c in hits]
    message = f"{name!r} is ambiguous: {len(hits)} {noun} match"
    repeated = len(set(shown)) < len(shown)
    if repeated:  # the same name in several governments or plans: say where each is
        shown = [c.display(where=True) for c in hits]
        message += " (choose a plan to narrow it down)"
    if len(hits) <= SHOWN_CANDIDATES:
        raise AmbiguousName(message, candidates=shown)
    tail = f"… and {len(hits) - SHOWN_CANDIDATES} more"
    if not repeated:
        example = hits[0]
        longer = (f"{example.kind} {example.number}" if example.number is not None
                  and example.kind != "organisation" else
                  example.label("zh-Hans" if _cjk(name) else "en"))
        tail += f" (be more specific, e.g. {longer!r})"
    exc = AmbiguousName(f"{message}: {'; '.join(shown[:SHOWN_CANDIDATES])}; {tail}")
    exc.candidates = shown  # every match, for a program to show
    raise exc


# --------------------------------------------------------------------------- sources of candidates

_LANG_ORDER = {"en": 0, "zh-hans": 1, "zh-hant": 2}


def _make(iri: str, kind: str, number, pref: dict[str, str], alts) -> Candidate:
    labels = [pref[k] for k in ("en", "zh-hans", "zh-hant") if pref.get(k)]
    for alt in alts:
        if alt not in labels:
            labels.append(alt)
    return Candidate(iri, kind, int(number) if number is not None else None, tuple(labels))


def candidates_from_networkx(G) -> list[Candidate]:
    """Candidates from a :func:`suchenggraph.projection.to_networkx` graph.

    Uses the nodes' ``label_en``, ``label_zh_hans``, ``label_zh_hant``, ``number`` and,
    where the projection provides them, ``aliases`` (``skos:altLabel`` and
    ``skos:hiddenLabel``).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:o", kind="organisation", label_en="Bureau of Commerce",
    ...            label_zh_hans="区商务局", label_zh_hant="區商務局")
    >>> G.add_node("urn:t", kind="target", label_zh_hans="x")
    >>> candidates_from_networkx(G)
    [Candidate(iri='urn:o', kind='organisation', number=None, labels=('Bureau of Commerce', '区商务局', '區商務局'))]
    """
    out = []
    for node, attrs in G.nodes(data=True):
        kind = attrs.get("kind")
        if kind not in KINDS:
            continue
        pref = {"en": attrs.get("label_en"), "zh-hans": attrs.get("label_zh_hans"),
                "zh-hant": attrs.get("label_zh_hant")}
        out.append(_make(str(node), kind, attrs.get("number"), pref, attrs.get("aliases") or ()))
    return out


#: Standard SPARQL 1.1: every nameable thing with its labels (one row per label).
CANDIDATES_QUERY = """\
PREFIX sg: <https://w3id.org/suchenggraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?thing ?class ?number ?prop ?label WHERE {
  VALUES ?class { %s }
  ?thing a ?class .
  OPTIONAL { ?thing sg:number ?number }
  OPTIONAL {
    VALUES ?prop { skos:prefLabel skos:altLabel skos:hiddenLabel }
    ?thing ?prop ?label
  }
}"""

_KIND_CLASS = {"organisation": "org:Organization", "task": "sg:Task", "indicator": "sg:Indicator",
               "platform": "sg:Platform", "area": "sg:ActionArea"}

_CLASS_KIND = {
    "http://www.w3.org/ns/org#Organization": "organisation",
    "https://w3id.org/suchenggraph/ontology#Task": "task",
    "https://w3id.org/suchenggraph/ontology#Indicator": "indicator",
    "https://w3id.org/suchenggraph/ontology#Platform": "platform",
    "https://w3id.org/suchenggraph/ontology#ActionArea": "area",
}


def _from_rows(rows) -> list[Candidate]:
    """rows: (iri, class iri, number or None, property iri or None, label, lang)."""
    things: dict[tuple[str, str], dict] = {}
    for iri, cls, number, prop, label, lang in rows:
        kind = _CLASS_KIND.get(cls)
        if kind is None:
            continue
        entry = things.setdefault((iri, kind), {"number": None, "pref": {}, "alts": []})
        if number is not None:
            entry["number"] = number
        if label is None:
            continue
        if prop is not None and prop.endswith("#prefLabel"):
            key = (lang or "").lower()
            if key in _LANG_ORDER:
                current = entry["pref"].get(key)
                if current is None or label < current:
                    entry["pref"][key] = label
                continue
        entry["alts"].append(label)
    out = [_make(iri, kind, e["number"], e["pref"], sorted(set(e["alts"])))
           for (iri, kind), e in things.items()]
    out.sort(key=lambda c: (KINDS.index(c.kind), c.number or 0, c.iri))
    return out


def _candidates_query(kinds=None) -> str:
    """The candidates query for ``kinds`` (default all); classes come from a fixed table."""
    if isinstance(kinds, str):
        kinds = [kinds]
    chosen = [k for k in KINDS if kinds is None or k in kinds]
    return CANDIDATES_QUERY % " ".join(_KIND_CLASS[k] for k in chosen)


def candidates_from_graph(graph, kinds=None) -> list[Candidate]:
    """Candidates from an rdflib graph (or anything with the rdflib ``query`` API), of
    ``kinds`` (default: all).

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix org: <http://www.w3.org/ns/org#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... <urn:o> a org:Organization ; skos:prefLabel "区城市管理局"@zh-Hans, "Urban Management Bureau"@en ;
    ...     skos:altLabel "区城管局"@zh-Hans .''')
    >>> candidates_from_graph(g)[0].labels
    ('Urban Management Bureau', '区城市管理局', '区城管局')
    """
    rows = []
    for r in graph.query(_candidates_query(kinds)):
        label = r.label
        rows.append((str(r.thing), str(r["class"]), None if r.number is None else int(r.number),
                     None if r.prop is None else str(r.prop),
                     None if label is None else str(label),
                     None if label is None else label.language))
    return _from_rows(rows)


def candidates_from_store(store, kinds=None) -> list[Candidate]:
    """Candidates from a ``pyoxigraph.Store`` (the CLI's fast path: no rdflib import), of
    ``kinds`` (default: all).

    >>> import pyoxigraph as ox
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("urn:t"), ox.NamedNode(
    ...     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(
    ...     "https://w3id.org/suchenggraph/ontology#Task")))
    >>> s.add(ox.Quad(ox.NamedNode("urn:t"), ox.NamedNode(
    ...     "https://w3id.org/suchenggraph/ontology#number"), ox.Literal(
    ...     "7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    >>> candidates_from_store(s)
    [Candidate(iri='urn:t', kind='task', number=7, labels=())]
    """
    rows = []
    for sol in store.query(_candidates_query(kinds)):
        number, prop, label = sol["number"], sol["prop"], sol["label"]
        rows.append((sol["thing"].value, sol["class"].value,
                     None if number is None else int(number.value),
                     None if prop is None else prop.value,
                     None if label is None else label.value,
                     None if label is None else label.language))
    return _from_rows(rows)
