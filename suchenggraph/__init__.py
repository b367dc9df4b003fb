"""suchenggraph: a government plan as a knowledge graph of responsibilities."""

from __future__ import annotations

__all__ = ["__version__", "load_ipython_extension"]


def load_ipython_extension(ipython):
    """``%load_ext suchenggraph``: the ``%%sparql`` magic (see :mod:`suchenggraph.magic`)."""
    from .magic import load_ipython_extension as load

    load(ipython)


def __getattr__(name):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("suchenggraph")
        except PackageNotFoundError:  # pragma: no cover
            return "unknown"
    raise AttributeError(name)
