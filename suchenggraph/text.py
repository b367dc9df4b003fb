"""Reading plan texts: decoding, width normalisation and Simplified/Traditional conversion.

Every transformation here keeps string length, so a character offset in the
normalised text is the same offset in the file as read.

>>> normalise_width("（１）区商务局，区科技局：")
'(1)区商务局,区科技局:'
>>> to_simplified("區商務局")
'区商务局'
>>> to_traditional("区商务局")
'區商務局'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import SourceError

__all__ = [
    "read_plan_text",
    "normalise_width",
    "to_simplified",
    "to_traditional",
    "detect_script",
    "compact_cjk",
]

# Full-width ASCII variants (U+FF01..U+FF5E) map one-to-one onto ASCII; U+3000 onto a space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Small form variants used as list numbering: 1﹒ (U+FE52), ﹐ (U+FE50), ﹑ (U+FE51)
_WIDTH[0xFE52] = ord(".")
_WIDTH[0xFE50] = ord(",")
_WIDTH[0xFE51] = ord("、")


def normalise_width(text: str) -> str:
    """Full-width punctuation and digits to ASCII, one character for one."""
    return text.translate(_WIDTH)


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc  # imported lazily: only building needs it

    return opencc.OpenCC(config)


def _convert(text: str, config: str) -> str:
    conv = _converter(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length: convert character by character to keep offsets.
    return "".join(conv.convert(ch) if len(conv.convert(ch)) == 1 else ch for ch in text)


def to_simplified(text: str) -> str:
    """Traditional to Simplified (OpenCC ``t2s``), length preserved."""
    return _convert(text, "t2s")


def to_traditional(text: str) -> str:
    """Simplified to Traditional (OpenCC ``s2t``), length preserved."""
    return _convert(text, "s2t")


def detect_script(text: str) -> str:
    """``"zh-Hant"`` or ``"zh-Hans"``: which script most of the text is written in.

    >>> detect_script("數字經濟")
    'zh-Hant'
    >>> detect_script("数字经济")
    'zh-Hans'
    """
    as_simplified = sum(a != b for a, b in zip(text, to_simplified(text), strict=True))
    as_traditional = sum(a != b for a, b in zip(text, to_traditional(text), strict=True))
    return "zh-Hant" if as_simplified > as_traditional else "zh-Hans"


def compact_cjk(text: str) -> str:
    """Drop the spaces a PDF export leaves inside Chinese words (``名 稱`` -> ``名稱``).

    >>> compact_cjk("市政基础设施智能化 管理平台")
    '市政基础设施智能化管理平台'
    >>> compact_cjk("10G PON")
    '10G PON'
    """
    out = []
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1:
            before, after = text[i - 1], text[i + 1]
            if _is_cjk(before) or _is_cjk(after):
                continue
        out.append(ch)
    return "".join(out).strip()


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


#: The largest plan text read: the longest plans of the genre are a few hundred kB.
MAX_TEXT_BYTES = 20_000_000


def read_plan_text(path: str | Path) -> str:
    """Read a plan text as UTF-8 or GB18030 (which covers GBK); line ends become ``\\n``.

    Raises :class:`SourceError` naming the file for a missing, empty or undecodable file.
    """
    import stat

    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise SourceError(f"{kind}: give the plan's text file", path=str(path))
        if info.st_size > MAX_TEXT_BYTES:
            raise SourceError(f"{info.st_size:,} bytes is too large for a plan text "
                              f"(the limit is {MAX_TEXT_BYTES:,} bytes)", path=str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", path=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=str(path)) from None
    if not raw.strip():
        raise SourceError("the file is empty", path=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise SourceError(
                f"cannot decode byte {utf8_error.start} as UTF-8 or GB18030", path=str(path),
                line=line,
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
