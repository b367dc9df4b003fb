"""The plumbing for big RDF files, below the dataset and the store that use it: a
progress line on a terminal (:class:`Progress`), a lock file (:class:`FileLock`), and
N-Quads files cut into pieces at line ends (:func:`file_pieces`), with a parse error in
a piece reported at the file's own line (:func:`piece_error`, :func:`parser_message`).
"""

from __future__ import annotations

import fcntl
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

__all__ = ["PIECE", "Progress", "FileLock", "Piece", "file_pieces", "piece_error",
           "parser_message", "line_ends", "has_blank_nodes"]

#: Bytes of N-Quads per piece: one bulk-load call each when building a store
#: (:func:`suchenggraph.engines.persist.load_pieces`), one transaction each when reading a dataset
#: into memory (:func:`suchenggraph.engines.dataset.read_dataset`).
PIECE = 8 << 20


def _human(n: float) -> str:
    return f"{n:,.0f}"


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    m, s = divmod(seconds, 60)
    if m < 60:
        return f"{m} min {s:02d} s"
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min"


class Progress:
    """A one-line progress report on a terminal: count, rate, time left.

    Writes only when ``stream`` (default stderr) is a terminal, at most every
    ``interval`` seconds; ``enabled`` forces it on or off. ``total_bytes`` and the
    ``done_bytes`` of :meth:`update` give the fraction shown as ``N% read`` (``done``
    names another unit of work, e.g. quads ``written``).

    >>> import io
    >>> class Tty(io.StringIO):
    ...     def isatty(self):
    ...         return True
    >>> out, clock = Tty(), iter([0.0, 2.0, 2.0, 4.0]).__next__
    >>> p = Progress(total_bytes=1000, stream=out, clock=clock)
    >>> p.update(600_000, 250)
    >>> p.finish("done")
    >>> out.getvalue().split("\\r")[1].strip()
    'loading: 600,000 triples, 300,000 triples/s, 25% read, 6 s left'
    >>> quiet = io.StringIO()
    >>> q = Progress(total_bytes=10, stream=quiet); q.update(5, 5); q.finish("done")
    >>> quiet.getvalue()
    ''
    """

    def __init__(self, total_bytes: int | None = None, *, stream=None, label: str = "loading",
                 interval: float = 0.25, enabled: bool | None = None, clock=time.monotonic,
                 done: str = "read"):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.total_bytes = total_bytes
        self.label = label
        self.done = done
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.last = None
        self.triples = 0
        self.done_bytes = 0
        self._width = 0

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.triples / elapsed
        text = f"{self.label}: {_human(self.triples)} triples, {_human(rate)} triples/s"
        if self.total_bytes:
            fraction = min(self.done_bytes / self.total_bytes, 1.0)
            text += f", {fraction:.0%} {self.done}"
            if 0 < fraction < 1:
                text += f", {_duration(elapsed * (1 - fraction) / fraction)} left"
        return text

    def _write(self, text: str) -> None:
        pad = max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def update(self, triples: int, done_bytes: int | None = None) -> None:
        self.triples = triples
        if done_bytes is not None:
            self.done_bytes = done_bytes
        if not self.enabled:
            return
        now = self.clock()
        if self.last is not None and now - self.last < self.interval:
            return
        self.last = now
        self._write(self.line(now))

    def note(self, text: str) -> None:
        """Replace the line with ``text`` (e.g. ``indexing...``)."""
        if self.enabled:
            self._write(text)

    def abort(self) -> None:
        """End the line after a failure, so an error message starts on its own line."""
        if self.enabled and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0

    def finish(self, text: str) -> None:
        if self.enabled:
            self._write(text)
            self.stream.write("\n")
            self.stream.flush()


@dataclass
class Piece:
    """Some whole lines of N-Quads, or a whole file, and where they come from."""

    data: bytes | None  # None: load ``source`` itself, whole
    source: Path
    first_line: int | None  # the source's line number of the first line (None: converted)
    lines: int  # lines of N-Quads (0 for TriG: not known before parsing)
    consumed: int  # source bytes this piece accounts for (progress)
    format: str = "N_QUADS"  # of data, or of source when data is None


def line_ends(data) -> int:
    """Line ends as Oxigraph counts them: ``\\n``, ``\\r\\n`` and a lone ``\\r``."""
    lines = data.count(b"\n")
    if b"\r" in data:  # memchr: most files have none
        lines += data.count(b"\r") - data.count(b"\r\n")
    return lines


def _last_line_end(buf: bytearray, start: int) -> int:
    """Just after the last line end at or after ``start``, or 0; never between ``\\r``
    and a ``\\n`` that may follow in the next block."""
    return max(buf.rfind(b"\n", start), buf.rfind(b"\r", start, len(buf) - 1)) + 1


def has_blank_nodes(path: Path) -> bool:
    """Whether an N-Quads file may hold blank nodes (``_:`` anywhere, literals included).

    Oxigraph renames blank nodes on every load call, so a file that has them must
    be loaded in one call, or the same ``_:b`` in two pieces would be two nodes.
    A file without ``_`` at all (the plans suchenggraph writes) is told by a
    ``memchr`` per block: 0.08 s for 480 MB, against 0.45 s looking for ``_:``.
    """
    buf, after_underscore = bytearray(1 << 22), False
    with open(path, "rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            if after_underscore and buf[0] == ord(":"):
                return True
            first = buf.find(b"_", 0, n)
            if first != -1 and buf.find(b"_:", first, n) != -1:
                return True
            after_underscore = buf[n - 1] == ord("_")
    return False


def file_pieces(path: Path, size: int | None = None):
    """An ``.nq`` or ``.trig`` file as :class:`Piece` s: N-Quads cut as they are into about
    ``size`` bytes each (default :data:`PIECE`), ending at a line end (whole if they hold
    blank nodes); TriG whole.
    """
    size = size or PIECE
    suffix = path.suffix.lower()
    if suffix == ".nq" and has_blank_nodes(path):
        with open(path, "rb") as fh:
            lines = sum(line_ends(block) for block in iter(lambda: fh.read(1 << 24), b""))
        yield Piece(None, path, 1, lines, path.stat().st_size)
    elif suffix == ".nq":
        line, buf = 1, bytearray()
        with open(path, "rb") as fh:
            while block := fh.read(size):
                buf += block
                cut = _last_line_end(buf, max(len(buf) - len(block) - 1, 0))
                if not cut:  # a line longer than a piece: read on
                    continue
                with memoryview(buf) as view:
                    data = bytes(view[:cut])  # one copy
                del buf[:cut]
                lines = line_ends(data)
                yield Piece(data, path, line, lines, len(data))
                line += lines
        if buf:  # the last line, without a line end
            yield Piece(bytes(buf), path, line, 1, len(buf))
    else:
        yield Piece(None, path, 1, 0, path.stat().st_size, "TRIG")


def piece_error(exc: BaseException, piece: Piece, what: str = "cannot load") -> DataError:
    """A parse error in ``piece`` as the source's own ``file:line: what: ...``."""
    line = getattr(exc, "lineno", None)
    if line is not None and piece.first_line is not None:
        line += piece.first_line - 1
    return DataError(f"{what}: {parser_message(exc)}", path=str(piece.source),
                     line=line if piece.first_line is not None else None)


_PARSER_AT = re.compile(
    r"Parser error (?:between line \d+ column (\d+) and line \d+ column \d+"
    r"|at line \d+ column (\d+)|at line \d+ between columns (\d+) and \d+): (.*)")


def parser_message(exc: BaseException) -> str:
    """Oxigraph's parse error as a short phrase: the line goes in front, as
    ``file:line:`` (the error's own line may count from the start of a piece).

    >>> parser_message(SyntaxError("Parser error between line 2 column 17 and line 3 column 1: "
    ...                            "Unexpected end of file"))
    'Unexpected end of file (column 17)'
    >>> parser_message(SyntaxError("Parser error at line 3 between columns 9 and 14: "
    ...                            "Invalid IRI code point ' '"))
    "Invalid IRI code point ' ' (column 9)"
    >>> parser_message(SyntaxError("Parser error at line 2 column 1: Quads must be followed by a dot"))
    'Quads must be followed by a dot (column 1)'
    """
    message = " ".join(str(getattr(exc, "msg", None) or exc).split()) or type(exc).__name__
    m = _PARSER_AT.fullmatch(message)
    if m is None:
        return message
    column = next(c for c in m.groups()[:3] if c is not None)
    return f"{m.group(4)} (column {column})"


class FileLock:
    """An exclusive lock on ``.<name>.lock`` next to ``path`` (POSIX ``flock``)."""

    def __init__(self, path: Path):
        self.file = path.parent / f".{path.name}.lock"
        self.fh = None

    def __enter__(self):
        self.fh = open(self.file, "a+")
        fcntl.flock(self.fh, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()
