"""Where to ask: the one factory that knows every engine.

:func:`open_engine` loads a graph file into the embedded Oxigraph engine
(:mod:`suchenggraph.engines.oxigraph`) or rdflib (:mod:`suchenggraph.engines.rdflibgraph`);
:func:`open_any` turns the choices of where the plans are (a graph file, a dataset file,
a persistent store, a SPARQL endpoint; one plan or all) into an engine
(:class:`suchenggraph.engines.interface.Engine`). The engines never import this module,
nor each other's but the embedded one they build on: the layer points one way, from here
down. No cache of any kind: a graph file is read and parsed on every call (Oxigraph loads
the plan in about 10 ms), so an answer is never stale.

The command line's fast path (a question on a graph file) goes through here, so only the
embedded engine is imported at the top; each other choice imports its engine inside
:func:`open_engine` or :func:`open_any`, when it is chosen.

>>> from suchenggraph.engines.interface import iri
>>> engine = open_engine()
>>> task = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024/task/23"
>>> result = engine.select(
...     "SELECT ?t ?n WHERE { ?t <https://w3id.org/suchenggraph/ontology#number> ?n }",
...     {"t": iri(task)})
>>> result.rows[0]["n"]
23
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..errors import DataError, QueryError, UsageError
from ..resources import clean_path, default_plan_file
from .interface import Engine
from .oxigraph import OxigraphEngine

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = ["DATASET_SUFFIXES", "ENGINES", "check_source_options", "open_any", "open_engine"]

#: The engines a graph file can be loaded into.
ENGINES = ("oxigraph", "rdflib")

#: Dataset files: many plans, one named graph each (see :mod:`suchenggraph.engines.dataset`).
DATASET_SUFFIXES = (".nq", ".trig")


_FORMATS = {".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml", ".xml": "xml",
            ".n3": "n3", ".jsonld": "json-ld"}


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise DataError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a graph file", path=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=str(path)) from None


def open_engine(path: str | Path | None = None, engine: str = "oxigraph") -> Engine:
    """The graph in ``path`` (default: ``data/plan.ttl``) loaded into ``engine``.

    The file is read and parsed on every call (nothing is cached). A missing or
    malformed file raises :class:`DataError` naming the file and the parser's line.
    """
    _check_engine(engine)
    path = clean_path(default_plan_file() if path is None else path)
    data = _read(path)
    fmt = _FORMATS.get(_suffix(path), "turtle")
    if engine == "oxigraph":
        return OxigraphEngine.from_bytes(data, path, fmt)
    # imported here, not at the top: rdflib takes longer to import than the fast path runs
    from .rdflibgraph import RdflibEngine, rdflib_graph

    return RdflibEngine(rdflib_graph(data, path, fmt), path)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")


def _suffix(path) -> str:
    """The file name's suffix, lower-cased, as ``Path(path).suffix.lower()`` gives it.

    >>> _suffix("plans.NQ"), _suffix("a.b/c"), _suffix(".nq"), _suffix("x.")
    ('.nq', '', '', '')
    """
    name = os.path.basename(os.fspath(path).rstrip("/"))
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def check_source_options(data=None, store=None, endpoint=None, engine: str = "oxigraph") -> None:
    """Refuse the choices of where to ask that cannot go together (:class:`UsageError`).

    ``data`` with ``store`` is fine: the files the store is built from.

    >>> check_source_options(data="plan.ttl", store="plans.store")
    >>> check_source_options(data="plan.ttl", endpoint="http://127.0.0.1:7878/query")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: give --data FILE or --endpoint URL, not both
    >>> check_source_options(data="plans.nq", engine="rdflib")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: --engine rdflib reads one graph file; a dataset (.nq, .trig) runs on Oxigraph
    """
    _check_engine(engine)
    if endpoint is not None:
        if data is not None:
            raise UsageError("give --data FILE or --endpoint URL, not both")
        if store is not None:
            raise UsageError("give --store PATH or --endpoint URL, not both")
    if engine == "oxigraph":
        return
    if endpoint is not None:
        raise UsageError(f"--engine {engine} does not apply to --endpoint URL: the endpoint "
                         "runs its own engine")
    if store is not None:
        raise UsageError(f"--engine {engine} reads one graph file; --store PATH is an "
                         "Oxigraph store")
    if data is not None and _suffix(data) in DATASET_SUFFIXES:
        raise UsageError(f"--engine {engine} reads one graph file; a dataset (.nq, .trig) runs "
                         "on Oxigraph")


def open_any(data=None, *, store=None, endpoint=None, plan: str | None = None,
             engine: str = "oxigraph", timeout: float | None = None) -> Engine:
    """The engine a question runs on, wherever the plans are. The one dispatch behind the
    CLI's ``--data`` / ``--store`` / ``--endpoint`` / ``--plan`` and the ``%%sparql`` magic.

    * ``endpoint``: a SPARQL 1.1 Protocol endpoint
      (:class:`suchenggraph.engines.endpoint.EndpointEngine`);
    * ``store``: the persistent store in that folder (:func:`suchenggraph.engines.persist.open_store`),
      built from ``data`` when given (else from the files it was built from; a new store
      from the shipped plan), rebuilt first when stale;
    * ``data`` ending ``.nq`` or ``.trig``: a dataset of plans, read into memory
      (:func:`suchenggraph.engines.dataset.open_dataset_engine`);
    * otherwise the graph file ``data`` (default: ``data/plan.ttl``) in ``engine``
      (:func:`suchenggraph.engines.factory.open_engine`), and ``plan``, when given, must be that file's plan.

    ``plan``: a plan id or IRI, or ``None`` / ``"all"`` for every plan (an unknown plan
    raises :class:`~suchenggraph.errors.NameNotFound`). ``timeout``: the seconds a query
    may run, and an endpoint may take to answer (``None``: no limit). Each choice imports
    only the modules it needs.

    >>> open_any(plan="sucheng-digital-economy-2022-2024").resolve("商务局").label("en")
    'Bureau of Commerce'
    >>> open_any(plan="sucheng-digital-economy-2023")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    suchenggraph.errors.NameNotFound: no plan 'sucheng-digital-economy-2023' in .../plan.ttl (1 plan: sucheng-digital-economy-2022-2024); did you mean 'sucheng-digital-economy-2022-2024'?
    """
    check_source_options(data, store, endpoint, engine)
    if plan is not None and not str(plan).strip():
        raise UsageError("an empty plan: give a plan id (see `suchenggraph plans`) or all")
    if endpoint is not None:
        # each choice imports only its engine: a graph file (the fast path) loads no other
        from .endpoint import EndpointEngine

        return EndpointEngine(endpoint, plan, timeout=timeout)
    if store is not None:
        from .persist import open_store

        found = open_store(store, [data] if data is not None else None).engine(plan)
    elif data is not None and _suffix(data) in DATASET_SUFFIXES:
        from .dataset import open_dataset_engine

        found = open_dataset_engine(data, plan)
    else:
        found = open_engine(data, engine)
        if plan is not None and plan != "all":
            from .plans import find_plan, plans_of  # pathlib, difflib: off the fast path

            find_plan(plans_of(found), plan, where=found.path)
    found.timeout = timeout
    return found
