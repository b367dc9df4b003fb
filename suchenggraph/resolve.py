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

The forms a name is compared in (and :class:`~suchenggraph.naming.Candidate`) are
:mod:`suchenggraph.naming`; where candidates come from, :mod:`suchenggraph.candidates`.

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

from .errors import AmbiguousName, NameNotFound, UsageError
from .naming import (
    KINDS,
    Candidate,
    check_kinds,
    check_name,
    core,
    has_cjk,
    normalise,
    parse_key,
    parse_number,
    task_key,
    where_from,
)

__all__ = ["SHOWN_CANDIDATES", "resolve"]

_PLURAL = {"organisation": "organisations", "task": "tasks", "indicator": "indicators",
           "platform": "platforms", "area": "areas"}


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
    if has_cjk(text):
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
        from .text import to_simplified  # OpenCC: slow to load, needed only here

        return to_simplified(text)
    except Exception:  # pragma: no cover - OpenCC missing or broken: compare as typed
        return text


def _suggest(name: str, pool: list[Candidate], n: int = 3, hant: bool = False) -> list[str]:
    from difflib import SequenceMatcher  # only for a name that matched nothing (fast path)

    q = normalise(name)
    want_cjk = bool(has_cjk(q))
    scored: list[tuple[float, int, str]] = []
    for i, c in enumerate(pool):
        best = 0.0
        for x in c.labels:
            if bool(has_cjk(x)) != want_cjk:
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
        kinds = check_kinds(kinds)
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
    if has_cjk(name):  # Traditional, or variant characters (台/臺): try it in Simplified
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
                  example.label("zh-Hans" if has_cjk(name) else "en"))
        tail += f" (be more specific, e.g. {longer!r})"
    exc = AmbiguousName(f"{message}: {'; '.join(shown[:SHOWN_CANDIDATES])}; {tail}")
    exc.candidates = shown  # every match, for a program to show
    raise exc
