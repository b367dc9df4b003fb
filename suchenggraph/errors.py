"""One exception hierarchy; the CLI maps each class to an exit code.

Exit codes: 0 ok, 1 error in data or query, 2 usage / unknown or ambiguous name.
"""

from __future__ import annotations

__all__ = [
    "SuchengGraphError",
    "SourceError",
    "DataError",
    "QueryError",
    "ValidationFailed",
    "NameNotFound",
    "AmbiguousName",
    "UsageError",
]


class SuchengGraphError(Exception):
    """Base class of every error suchenggraph raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as one line, prefixed with ``file:line:`` where known."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        elif self.line is not None:
            where = f"line {self.line}: "
        return (where + self.message).replace("\n", " ")


class SourceError(SuchengGraphError):
    """A plan text that cannot be read or understood."""


class DataError(SuchengGraphError):
    """A graph file that cannot be read, or data that breaks an invariant."""


class QueryError(SuchengGraphError):
    """A SPARQL query that cannot be parsed, is refused, or fails."""


class ValidationFailed(SuchengGraphError):
    """SHACL validation found violations."""


class UsageError(SuchengGraphError):
    """The command was called wrongly."""

    exit_code = 2


class NameNotFound(UsageError):
    """A name that matches nothing in the graph."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None, **kw):
        self.suggestions = list(suggestions or [])
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message, **kw)


class AmbiguousName(UsageError):
    """A name that matches several things."""

    def __init__(self, message: str, *, candidates: list[str] | None = None, **kw):
        self.candidates = list(candidates or [])
        if self.candidates:
            message += ": " + "; ".join(self.candidates)
        super().__init__(message, **kw)
