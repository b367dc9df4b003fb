"""Reading and writing graph files: deterministic Turtle, atomic writes, clear parse errors."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import DataError

__all__ = ["load_graph", "read_bytes", "parse_error", "serialize_turtle", "write_atomic",
           "TURTLE_HEADER"]

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


_OXIGRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG",
                     "n3": "N3", "xml": "RDF_XML", "json-ld": "JSON_LD"}


def _rdflib_reason(exc: Exception) -> tuple[int | None, str]:
    """``(line, reason)`` from an rdflib parser's exception, without its echo of the input.

    >>> from rdflib.plugins.parsers.notation3 import BadSyntax
    >>> _rdflib_reason(BadSyntax("", 1, "ex:a ex:b", 0, 'Prefix "ex:" not bound'))
    (2, 'Prefix "ex:" not bound')
    >>> _rdflib_reason(ValueError("at line 3 of <>: Bad syntax (EOF) at ^ in: \\"b'x'^b''\\""))
    (3, 'EOF')
    """
    line = None
    for attr in ("lineno", "line"):
        if isinstance(getattr(exc, attr, None), int):
            line = getattr(exc, attr)
    if hasattr(exc, "getLineNumber"):  # xml.sax: RDF/XML
        line = exc.getLineNumber()
    why = getattr(exc, "_why", None)  # notation3's BadSyntax (Turtle, TriG, N3)
    if isinstance(why, str) and isinstance(getattr(exc, "lines", None), int):
        return exc.lines + 1, " ".join(why.split())
    text = " ".join(str(exc).split()) or type(exc).__name__
    m = re.search(r"\bline:? (\d+)", text)
    if m and line is None:
        line = int(m.group(1))
    m = re.search(r"Bad syntax \((.*)\) at \^ in:", text)
    if m:
        return line, m.group(1)
    text = re.sub(r"\s*at \^ in:.*$", "", text)  # the echo of the input, as bytes reprs
    text = re.sub(r"^at line \d+ of <[^>]*>:\s*", "", text)
    if hasattr(exc, "getMessage"):
        text = exc.getMessage()
    return line, text


def parse_error(exc: Exception, path: str | Path, *, data: bytes | None = None,
                fmt: str = "turtle") -> DataError:
    """The error to raise when rdflib cannot parse a graph file: ``FILE:LINE: cannot parse:
    <reason>``, one line, with no bytes reprs.

    Oxigraph parses the same input again for its clean message (line and column); if it
    finds nothing wrong, rdflib's own reason is kept, trimmed of its echo of the input.

    >>> from rdflib import Graph
    >>> data = '@prefix ex: <http://e/> .\\nex:a ex:b "中文 .\\n'.encode()
    >>> try:
    ...     Graph().parse(data=data, format="turtle")
    ... except Exception as exc:
    ...     print(parse_error(exc, "bad.ttl", data=data))
    bad.ttl:2: cannot parse: Parser error between line 2 column 11 and line 3 column 1: Unexpected end of file
    """
    try:
        import pyoxigraph as ox

        source = {"input": data} if data is not None else {"path": str(path)}
        for _ in ox.parse(format=getattr(ox.RdfFormat, _OXIGRAPH_FORMATS[fmt]),
                          base_iri=Path(path).resolve().as_uri(), **source):
            pass
    except SyntaxError as found:
        message = " ".join(str(found.msg or found).split())
        return DataError(f"cannot parse: {message}", path=str(path),
                         line=found.lineno or _rdflib_reason(exc)[0])
    except Exception:  # noqa: BLE001 - no clearer message from Oxigraph: use rdflib's
        pass
    line, reason = _rdflib_reason(exc)
    return DataError(f"cannot parse: {reason}", path=str(path), line=line)


def read_bytes(path: str | Path, what: str = "graph file") -> bytes:
    """The bytes of ``path``; a missing file, a folder or an unreadable file raise
    :class:`DataError` (``FILE: no such file``, ``FILE: is a folder, not a graph file``)."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise DataError(f"is a folder, not a {what}", path=str(path)) from None
    except OSError as exc:
        if path.is_dir():  # Windows says "permission denied" for a folder
            raise DataError(f"is a folder, not a {what}", path=str(path)) from None
        raise DataError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None


def load_graph(path: str | Path):
    """Parse an RDF file into an rdflib Graph; a malformed file raises DataError with its line.

    A missing file, a folder or an unreadable file raise :class:`DataError` too.
    """
    from rdflib import Graph

    path = Path(path)
    data = read_bytes(path)
    fmt = _format_for(path)
    graph = Graph()
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises several parser-specific types
        raise parse_error(exc, path, data=data, fmt=fmt) from None
    return graph
