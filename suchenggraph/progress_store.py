"""Progress, stage 4: an import stored as RDF, and read back.

An :class:`~suchenggraph.progress_read.Import` becomes one named graph
(:func:`import_quads`): a W3C RDF Data Cube ``qb:DataSet`` with one ``qb:Observation``
per row, who reported it (``prov:wasAttributedTo``) and when (``dcterms:date``); the plan
graph is never touched. :func:`import_store` gathers imports in a ``pyoxigraph.Store``,
:func:`import_trig` writes them as sorted TriG (``--save``), :func:`read_import` reads a
saved file back, and :func:`observations` and :func:`task_reports` list what a store of
imports holds, with the named queries of the same names.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from .answers import select_named as select
from .engines.oxigraph import OxigraphEngine
from .errors import DataError, UsageError
from .progress_read import PROGRESS_BASE, Import
from .progress_rule import parse_date

__all__ = ["import_quads", "import_store", "import_trig", "read_import", "observations",
           "task_reports"]

_SG = "https://w3id.org/suchenggraph/ontology#"
_QB = "http://purl.org/linked-data/cube#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
_SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
_SDMX_ATTR = "http://purl.org/linked-data/sdmx/2009/attribute#"


def import_quads(imp: Import) -> list:
    """The import as ``pyoxigraph.Quad`` s in its own named graph (:attr:`Import.graph`): an
    RDF Data Cube ``qb:DataSet`` with its structure, one ``qb:Observation`` per row, and
    PROV-O for who reported each (``prov:wasAttributedTo``) and the file it came from."""
    g = ox.NamedNode(imp.graph)
    quads = []

    def add(s, p, o):
        quads.append(ox.Quad(s if not isinstance(s, str) else ox.NamedNode(s), ox.NamedNode(p),
                             o if not isinstance(o, str) else ox.NamedNode(o), g))

    def lit(value, datatype=None):
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype) if datatype else None)

    structure = f"{PROGRESS_BASE}structure/{imp.kind}"
    title = {"actuals": "Actual figures", "tasks": "Task progress"}[imp.kind]
    add(g, _RDF + "type", _QB + "DataSet")
    add(g, _RDF + "type", _PROV + "Entity")
    add(g, _RDFS + "label", ox.Literal(f"{title} from {imp.name}", language="en"))
    add(g, _QB + "structure", structure)
    source_file = f"{imp.graph}/file"
    add(g, _PROV + "wasDerivedFrom", source_file)
    add(source_file, _RDF + "type", _PROV + "Entity")
    add(source_file, _DCT + "title", lit(imp.name))
    add(source_file, _DCT + "identifier", lit("sha256:" + imp.digest))
    add(structure, _RDF + "type", _QB + "DataStructureDefinition")
    dims = ([(_SG + "indicator", "dimension"), (_SDMX_DIM + "refPeriod", "dimension"),
             (_SDMX_MEASURE + "obsValue", "measure"), (_SDMX_ATTR + "unitMeasure", "attribute")]
            if imp.kind == "actuals" else
            [(_SG + "task", "dimension"), (_DCT + "date", "dimension"),
             (_SG + "status", "measure")])
    for i, (prop, role) in enumerate(dims, start=1):
        spec = f"{structure}/component/{i}"
        add(structure, _QB + "component", spec)
        add(spec, _RDF + "type", _QB + "ComponentSpecification")
        add(spec, _QB + role, prop)
        add(spec, _QB + "order", lit(i, _XSD + "integer"))
    agents: dict[str, str] = {}
    for row in imp.rows:
        obs = f"{imp.graph}/observation/{row['line']}"
        add(obs, _RDF + "type", _QB + "Observation")
        add(obs, _QB + "dataSet", g)
        add(obs, _DCT + "identifier", lit(row["line"], _XSD + "integer"))
        who = row["source"] if imp.kind == "actuals" else row["reported_by"]
        if imp.kind == "actuals":
            add(obs, _SG + "indicator", row["indicator"])
            add(obs, _SDMX_DIM + "refPeriod", lit(row["period"]))
            add(obs, _SDMX_MEASURE + "obsValue", lit(row["value"], _XSD + "decimal"))
            if row["unit"]:
                add(obs, _SDMX_ATTR + "unitMeasure", lit(row["unit"]))
            add(obs, _DCT + "date", lit(row["reported_on"].isoformat(), _XSD + "date"))
        else:
            add(obs, _SG + "task", row["task"])
            add(obs, _SG + "status", lit(row["status"]))
            add(obs, _DCT + "date", lit(row["as_of"].isoformat(), _XSD + "date"))
            if row["note"]:
                add(obs, _RDFS + "comment", lit(row["note"]))
        if who:
            agent = agents.get(who)
            if agent is None:
                digest = hashlib.sha256(who.encode("utf-8")).hexdigest()[:12]
                agent = agents[who] = f"{imp.graph}/agent/{digest}"
                add(agent, _RDF + "type", _PROV + "Agent")
                add(agent, _RDFS + "label", lit(who))
            add(obs, _PROV + "wasAttributedTo", agent)
    return quads


def import_store(*imports):
    """A ``pyoxigraph.Store`` holding each import (an :class:`Import`, or a store or
    TriG/N-Quads file of saved imports) in its own named graph."""
    store = ox.Store()
    for imp in imports:
        if imp is None:
            continue
        if isinstance(imp, Import):
            store.extend(import_quads(imp))
        else:
            store.extend(imp.quads_for_pattern(None, None, None, None))
    return store


def import_trig(*imports) -> str:
    """The imports as TriG, graph by graph, lines sorted (the same text for the same data)."""
    store = import_store(*imports)
    out = []
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        lines = sorted(str(ox.Triple(q.subject, q.predicate, q.object)) + " ."
                       for q in store.quads_for_pattern(None, None, None, graph))
        out.append(f"{graph} {{\n" + "".join(f"  {line}\n" for line in lines) + "}\n")
    return "".join(out)


def read_import(path) -> object:
    """A store of saved imports from a TriG (``.trig``) or N-Quads (``.nq``) file."""
    path = Path(path)
    fmt = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}.get(path.suffix.lower())
    if fmt is None:  # pragma: no cover - callers check the suffix
        raise UsageError(f"{path}: give a .csv, .trig or .nq file")
    store = ox.Store()
    try:
        store.load(path=str(path), format=fmt)
    except FileNotFoundError:
        raise DataError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", path=str(path)) from None
    except SyntaxError as exc:
        message = " ".join(str(exc.msg if exc.msg else exc).split())
        raise DataError(f"cannot parse: {message}", path=str(path), line=exc.lineno) from None
    except (ValueError, OSError) as exc:
        raise DataError(f"cannot parse: {' '.join(str(exc).split())}", path=str(path)) from None
    return store


class _Union:
    """A store of imports whose queries read the union of its named graphs."""

    def __init__(self, store):
        self.store = store

    def query(self, query, **kwargs):
        return self.store.query(query, use_default_graph_as_union=True, **kwargs)


def _import_engine(store):
    return OxigraphEngine(_Union(store))


def observations(store) -> list[dict]:
    """The actual figures in a store of imports (the named query ``observations``)."""
    return _read_back(store, "observations", "reported_on")


def task_reports(store) -> list[dict]:
    """The task reports in a store of imports (the named query ``task_reports``)."""
    return _read_back(store, "task_reports", "as_of")


def _read_back(store, query: str, date: str) -> list[dict]:
    """The rows of the named ``query`` over a store of imports, the ``date`` column a date."""
    rows = select(_import_engine(store), query)
    for row in rows:
        row[date] = parse_date(row[date])
    return rows
