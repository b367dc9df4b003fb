"""The words suchenggraph shows people, in three languages, from one table.

Every module that speaks to a person (the HTML graph, the conflict findings, progress
statuses and the assessment sheet) takes its words from ``assets/ui.toml``: one section
per module, one entry per key with ``en``, ``zh-Hans`` and ``zh-Hant``, the Traditional
text written out rather than converted. The file is read once, on first use.

>>> words("viz", "zh-Hant")["platform"], words("viz", "zh-Hans")["platform"]
('平臺', '平台')
>>> word("progress", "behind", "zh-Hant")
'滯後'
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["LANGS", "UI_FILE", "sections", "words", "word"]

LANGS = ("en", "zh-Hans", "zh-Hant")

#: The table, shipped inside the package.
UI_FILE = Path(__file__).resolve().parent / "assets" / "ui.toml"


@functools.cache
def sections() -> dict[str, dict[str, dict[str, str]]]:
    """The whole table: section -> key -> language -> text."""
    return tomllib.loads(UI_FILE.read_text(encoding="utf-8"))


@functools.cache
def _by_lang(section: str, lang: str) -> Mapping[str, str]:
    return MappingProxyType({key: entry[lang] for key, entry in sections()[section].items()})


def words(section: str, lang: str) -> Mapping[str, str]:
    """The section's words in ``lang`` (key -> text), read-only."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return _by_lang(section, lang)


def word(section: str, key: str, lang: str = "en") -> str:
    """One word of ``section`` in ``lang`` (English for an unknown language)."""
    return _by_lang(section, lang if lang in LANGS else "en")[key]
