"""Where the files the tool ships live: the repository checkout or the installed package."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir", "queries_dir", "default_plan", "default_source", "repo_root"]

_PKG = Path(__file__).resolve().parent


def _root() -> Path:
    shipped = _PKG / "_shipped"
    if shipped.is_dir():
        return shipped
    return _PKG.parent


def repo_root() -> Path:
    """The folder holding ``data/`` and ``queries/``."""
    return _root()


def data_dir() -> Path:
    return _root() / "data"


def queries_dir() -> Path:
    return _root() / "queries"


def default_plan() -> Path:
    return data_dir() / "plan.ttl"


def default_source() -> Path:
    """The one plan text in ``data/source/``."""
    files = sorted((data_dir() / "source").glob("*.txt"))
    if len(files) != 1:
        from .errors import SourceError

        found = "no plan text (*.txt)" if not files else f"{len(files)} plan texts"
        raise SourceError(f"{found} in {data_dir() / 'source'}: keep exactly one there, or "
                          "name the file to build")
    return files[0]
