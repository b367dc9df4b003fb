"""What a name is, before it is matched: its normalised forms, the number form, and the
:class:`Candidate` a name may mean.

:func:`normalise` (case, width, spaces and quotes ignored) and :func:`core` (no district
prefix, no generic English words) are the forms :mod:`suchenggraph.resolve` compares;
:func:`parse_number` and :func:`parse_key` read ``task 23`` and ``task 2.1.3``;
:func:`check_name` refuses what cannot be a name; :func:`where_from` says which government
or plan a thing belongs to. Where candidates come from is :mod:`suchenggraph.candidates`.
Nothing here compiles a regular expression at import time that a question may not need:
this module is on the command line's fast path.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from .errors import UsageError

__all__ = [
    "KINDS",
    "MAX_NAME",
    "Candidate",
    "ZH_PREFIXES",
    "check_kinds",
    "check_name",
    "has_cjk",
    "normalise",
    "core",
    "parse_key",
    "task_key",
    "parse_number",
    "where_from",
]

#: The kinds of thing a user can name, in the order candidates are listed.
KINDS = ("organisation", "task", "indicator", "platform", "area")

#: The longest name (in characters) a question takes: the longest label in a plan is far
#: shorter, and comparing a name with every label for suggestions grows with its length.
MAX_NAME = 200


def check_kinds(kinds) -> list[str]:
    """``kinds`` (one kind, several, or ``None`` for all of :data:`KINDS`) as a list;
    a kind that is not one of :data:`KINDS` raises ``ValueError`` (a programming error).

    >>> check_kinds("task"), check_kinds(None)[:2]
    (['task'], ['organisation', 'task'])
    """
    if kinds is None:
        return list(KINDS)
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind(s) {unknown}; expected some of {KINDS}")
    return kinds


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
#: District prefixes a Chinese name may carry or drop, longest first.
ZH_PREFIXES = ("宿迁市宿城区", "宿遷市宿城區", "宿城区", "宿城區", "区", "區")


def has_cjk(text: str) -> bool:
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
        latin = [x for x in self.labels if not has_cjk(x)]
        cjk = [x for x in self.labels if has_cjk(x)]
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
        text = f"{head}{zh} ({en})" if zh != en and has_cjk(zh) and not has_cjk(en) else head + en
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
    if has_cjk(text):
        for prefix in ZH_PREFIXES:
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
