"""Reading and writing graph files: deterministic Turtle, atomic writes, clear parse errors."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import DataError

__all__ = ["load_graph", "serialize_turtle", "write_atomic", "TURTLE_HEADER"]

TURTLE_HEADER = (
    "# Built by `suchenggraph build` from the plan text; do not edit by hand.\n"
    "# Rebuild: suchenggraph build   (the output is byte-identical for the same inputs)\n"
)


def serialize_turtle(graph) -> str:
    """Sorted, stable Turtle with the project's prefixes."""
    from .vocab import bind_prefixes

    bind_prefixes(graph)
    return TURTLE_HEADER + graph.serialize(format="turtle")


def _file_mode(path: Path) -> int:
    """The mode a new file gets (0666 less the umask), or the existing file's mode."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DataError("folder does not exist", path=str(folder))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, _file_mode(path))  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _format_for(path: Path) -> str:
    return {".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
            ".rdf": "xml", ".xml": "xml", ".n3": "n3"}.get(path.suffix.lower(), "turtle")


def load_graph(path: str | Path):
    """Parse an RDF file into an rdflib Graph; a malformed file raises DataError with its line."""
    from rdflib import Graph

    path = Path(path)
    if not path.is_file():
        raise DataError("no such file", path=str(path))
    graph = Graph()
    try:
        graph.parse(path, format=_format_for(path))
    except Exception as exc:  # rdflib raises several parser-specific types
        message = str(exc).strip().splitlines()
        text = " ".join(m.strip() for m in message if m.strip()) or type(exc).__name__
        m = re.search(r"line (\d+)", text)
        raise DataError(f"cannot parse: {text}", path=str(path),
                        line=int(m.group(1)) if m else None) from None
    return graph
