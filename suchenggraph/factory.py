"""Where to ask: the one factory that knows every engine.

:func:`open_any` turns the choices of where the plans are (a graph file, a dataset file,
a persistent store, a SPARQL endpoint; one plan or all) into an engine
(:class:`suchenggraph.store.Engine`). The engines never import this module, nor each
other's: the layer points one way, from here down. Each choice imports only the engine
it needs, inside :func:`open_any`, so a question on a graph file (the command line's
fast path) loads neither the dataset, the store nor the endpoint modules.
"""

from __future__ import annotations

from .engine import Engine
from .errors import QueryError, UsageError
from .store import ENGINES, _suffix, open_engine

__all__ = ["DATASET_SUFFIXES", "check_source_options", "open_any"]

#: Dataset files: many plans, one named graph each (see :mod:`suchenggraph.dataset`).
DATASET_SUFFIXES = (".nq", ".trig")


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
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
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
      (:class:`suchenggraph.endpoint.EndpointEngine`);
    * ``store``: the persistent store in that folder (:func:`suchenggraph.persist.open_store`),
      built from ``data`` when given (else from the files it was built from; a new store
      from the shipped plan), rebuilt first when stale;
    * ``data`` ending ``.nq`` or ``.trig``: a dataset of plans, read into memory
      (:func:`suchenggraph.dataset.open_dataset_engine`);
    * otherwise the graph file ``data`` (default: ``data/plan.ttl``) in ``engine``
      (:func:`suchenggraph.store.open_engine`), and ``plan``, when given, must be that file's plan.

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
            from .dataset import find_plan, plans_of

            find_plan(plans_of(found), plan, where=found.path)
    found.timeout = timeout
    return found
