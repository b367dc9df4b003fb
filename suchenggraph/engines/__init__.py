"""The engine layer: every way of asking SPARQL questions of the plans, pointing one way.

From the bottom up (each module imports only those listed before it, and helpers outside
the layer that import no engine: :mod:`suchenggraph.errors`, :mod:`suchenggraph.resources`,
:mod:`suchenggraph.readonly`, the name matching of :mod:`suchenggraph.naming`,
:mod:`suchenggraph.resolve`, :mod:`suchenggraph.candidates` and :mod:`suchenggraph.lookup`,
:mod:`suchenggraph.graphio`, :mod:`suchenggraph.vocab`):

* :mod:`.interface` — :class:`~.interface.Engine`, :class:`~.interface.Result`,
  :class:`~.interface.Term`, :class:`~.interface.IRI`, the time limit and the errors;
  imports nothing of the package but :mod:`suchenggraph.errors`;
* :mod:`.oxigraph` — the embedded engine: Oxigraph in memory (the command line's);
* :mod:`.rdflibgraph` — the second engine: an rdflib ``Graph``;
* :mod:`.bulk` — reading large files in pieces, progress on a terminal, file locks;
* :mod:`.plans` — what a plan is in a dataset of many: its graphs, IRIs, the plans query;
* :mod:`.dataset` — the engine over a dataset of many plans, in memory, and its files;
* :mod:`.persist` — the on-disk store: plans loaded once, reopened without parsing;
* :mod:`.endpoint` — a remote SPARQL 1.1 Protocol endpoint;
* :mod:`.factory` — :func:`~.factory.open_engine` and :func:`~.factory.open_any`, the one
  place that knows every engine.

The named queries (:mod:`suchenggraph.queries`) and the command line sit above; no engine
imports them. This file imports nothing, so that reaching one engine costs only that one.
"""
