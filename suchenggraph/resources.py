"""Where the files the tool ships live: the repository checkout or the installed package.

The functions return :class:`pathlib.Path`; the ``*_file``/``*_folder`` variants and
:func:`clean_path` / :func:`file_uri` work on plain strings, for the modules a question on
the command line imports (:mod:`pathlib` and the URL parser it pulls in cost a few
milliseconds there, and nothing on that path needs them).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = ["data_dir", "queries_dir", "default_plan", "default_source", "repo_root",
           "queries_folder", "default_plan_file", "clean_path", "file_uri"]

_PKG = os.path.dirname(os.path.realpath(__file__))


def _root() -> str:
    shipped = os.path.join(_PKG, "_shipped")
    if os.path.isdir(shipped):
        return shipped
    return os.path.dirname(_PKG)


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


def repo_root() -> Path:
    """The folder holding ``data/`` and ``queries/``."""
    return _path(_root())


def data_dir() -> Path:
    return _path(os.path.join(_root(), "data"))


def queries_folder() -> str:
    """:func:`queries_dir` as a string."""
    return os.path.join(_root(), "queries")


def queries_dir() -> Path:
    return _path(queries_folder())


def default_plan_file() -> str:
    """:func:`default_plan` as a string."""
    return os.path.join(_root(), "data", "plan.ttl")


def default_plan() -> Path:
    return _path(default_plan_file())


def default_source() -> Path:
    """The one plan text in ``data/source/``."""
    files = sorted((data_dir() / "source").glob("*.txt"))
    if len(files) != 1:
        from .errors import SourceError

        found = "no plan text (*.txt)" if not files else f"{len(files)} plan texts"
        raise SourceError(f"{found} in {data_dir() / 'source'}: keep exactly one there, or "
                          "name the file to build")
    return files[0]


def clean_path(path) -> str:
    """``str(Path(path))`` without :mod:`pathlib` on POSIX: repeated slashes and ``.``
    parts dropped, no trailing slash (``..`` is kept, as pathlib keeps it).

    >>> [clean_path(p) for p in ("./data//plan.ttl", "out/", "/a/./b/../c", "", "//x", "///x")]
    ['data/plan.ttl', 'out', '/a/b/../c', '.', '//x', '/x']
    """
    text = os.fspath(path)
    if isinstance(text, bytes) or os.name != "posix":
        return str(_path(os.fsdecode(text)))
    head = "/" if text.startswith("/") else ""
    if text.startswith("//") and not text.startswith("///"):
        head = "//"  # POSIX leaves the meaning of exactly two leading slashes open
    tail = "/".join(p for p in text.split("/") if p and p != ".")
    return head + tail if head or tail else "."


_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def file_uri(path) -> str:
    """``Path(path).resolve().as_uri()`` without :mod:`pathlib` on POSIX.

    >>> file_uri("/tmp/a b/計劃.ttl")
    'file:///tmp/a%20b/%E8%A8%88%E5%8A%83.ttl'
    """
    if os.name != "posix":
        return _path(os.fspath(path)).resolve().as_uri()
    full = os.fsencode(os.path.realpath(os.fspath(path)))
    return "file://" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in full)


def read_toml(path) -> dict:
    """A TOML data file (glossary, governments, name parts) as a dict; a missing, undecodable
    or invalid file is a :class:`~suchenggraph.errors.DataError` naming it."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    from .errors import DataError

    try:
        return tomllib.loads(_path(str(path)).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("no such file", path=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"not valid TOML: {exc}", path=str(path)) from None
