"""Reading and writing graph files: deterministic Turtle, atomic writes, clear parse errors."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import DataError
from .readonly import QuietRdflibTerms

__all__ = ["load_graph", "read_bytes", "parse_error", "serialize_turtle", "write_atomic",
           "open_output", "TURTLE_HEADER"]

TURTLE_HEADER = (
    "# Built by `suchenggraph build` from the plan text; do not edit by hand.\n"
    "# Rebuild: suchenggraph build   (the output is byte-identical for the same inputs)\n"
)


def serialize_turtle(graph) -> str:
    """Sorted, stable Turtle with the project's prefixes: rdflib's Turtle, byte for byte,
    with each IRI's prefixed name worked out once (rdflib works it out at every use: half
    the time of writing the seed's graph)."""
    import io

    from rdflib.plugins.serializers.turtle import TurtleSerializer

    from .vocab import bind_prefixes

    class _Once(TurtleSerializer):
        def __init__(self, store):
            super().__init__(store)
            self._pnames: dict = {}

        def get_pname(self, uri, gen_prefix=True):
            key = (uri, gen_prefix)
            if key not in self._pnames:
                self._pnames[key] = super().get_pname(uri, gen_prefix)
            return self._pnames[key]

    bind_prefixes(graph)
    out = io.BytesIO()
    _Once(graph).serialize(out, encoding="utf-8")
    return TURTLE_HEADER + out.getvalue().decode("utf-8")


def _file_mode(path: Path) -> int:
    """The mode a new file gets (0666 less the umask), or the existing file's mode."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_target(path: Path) -> tuple[Path, bool]:
    """``(the file to open, whether to replace it atomically)`` for an output ``path``.

    A regular file (or a new one) is replaced atomically; a symbolic link is followed and
    its target replaced; a device, a FIFO or a socket (``/dev/null``, ``/dev/stdout``, a
    named pipe) is written straight through, never replaced; a folder is an error.
    """
    if str(path).startswith("/dev/") or str(path).startswith("/proc/"):
        return path, False  # /dev/stdout, /dev/fd/N: whatever they point at, write to it
    try:
        st = os.stat(path)  # follows symbolic links
    except FileNotFoundError:  # a new file, or a link to one not there yet
        return Path(os.path.realpath(path)), True
    except OSError as exc:
        raise DataError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError("is a folder, not a file", path=str(path))
    if stat.S_ISREG(st.st_mode):
        return Path(os.path.realpath(path)), True
    return path, False


@contextlib.contextmanager
def open_output(path: str | Path):
    """A UTF-8 text file (``\\n`` line ends) to write ``path`` through; ``-`` is standard
    output. A regular file is replaced only once complete, by a temporary file in the same
    folder (with the old file's permissions, or the usual ones); anything else is written
    straight through (see :func:`_write_target`). An error raises :class:`DataError`
    naming ``path`` (``cannot write /dev/full: No space left on device``) and leaves
    nothing behind.

    >>> import tempfile
    >>> scratch = tempfile.TemporaryDirectory()
    >>> folder = Path(scratch.name)
    >>> (folder / "target.txt").write_text("old")
    3
    >>> (folder / "link.txt").symlink_to("target.txt")
    >>> with open_output(folder / "link.txt") as fh:
    ...     _ = fh.write("new")
    >>> (folder / "link.txt").is_symlink(), (folder / "target.txt").read_text()
    (True, 'new')
    >>> scratch.cleanup()
    """
    if str(path) == "-":
        import sys

        yield sys.stdout
        try:
            sys.stdout.flush()
        except OSError as exc:
            raise DataError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    path = Path(path)
    target, atomic = _write_target(path)
    if not atomic:
        try:
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
        except OSError as exc:
            raise DataError(f"cannot write {path}: {exc.strerror or exc}") from None
        return
    folder = target.parent
    if not folder.is_dir():
        raise DataError("folder does not exist", path=str(path.parent if str(path.parent)
                                                         else "."))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise DataError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DataError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` through :func:`open_output`: a regular file is
    replaced only once complete; a device, FIFO, ``-`` (standard output) or a symbolic
    link's target are written as :func:`open_output` says."""
    with open_output(path) as fh:
        fh.write(text)
    return Path(path)


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

    A dataset (``.nq``, ``.trig``: plans in named graphs) gives the triples of all its graphs
    (a plain parse kept only those of its default graph: none, for a dataset of plans).

    A missing file, a folder or an unreadable file raise :class:`DataError` too.
    """
    from rdflib import Graph

    path = Path(path)
    data = read_bytes(path)
    fmt = _format_for(path)
    graph = Graph()
    try:
        with QuietRdflibTerms():  # an ill-typed literal is data for validate, not a traceback
            if fmt in ("nquads", "trig"):  # a dataset of plans: all of its graphs as one
                from rdflib import Dataset

                whole = Dataset()
                whole.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
                for s, p, o, _g in whole.quads():
                    graph.add((s, p, o))
            else:
                graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises several parser-specific types
        raise parse_error(exc, path, data=data, fmt=fmt) from None
    return graph
