"""Plan text -> validated, deterministic Turtle.

>>> from suchenggraph.build import build_plan
>>> result = build_plan()
>>> summary(result.graph)["tasks"]
31
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError, SourceError, UsageError
from .extract import Document, Plan, parse_document
from .glossary import Glossary
from .governments import Governments
from .graphio import serialize_turtle, write_atomic
from .model import to_graph
from .resources import data_dir, default_plan, default_source

__all__ = ["Build", "build_plan", "build_document", "build_checked", "build_to_file", "summary",
           "union_turtle"]


@dataclass
class Build:
    """One plan of a file, built: its records, its graph, and what was said about it."""

    plan: Plan
    graph: object  # rdflib.Graph
    warnings: list[str] = field(default_factory=list)  # "FILE:LINE: message" or "message"
    skipped: list[str] = field(default_factory=list)
    document: Document | None = None

    def turtle(self) -> str:
        return serialize_turtle(self.graph)


def _located(source: Path, line: int | None, message: str) -> str:
    return f"{source}:{line}: {message}" if line else f"{source}: {message}"


def build_document(source: str | Path | None = None, *, glossary: str | Path | None = None,
                   strict: bool = False, lenient: bool = False,
                   government: str | None = None, build_time: str | None = None) -> list[Build]:
    """Parse ``source`` (default: the plan in ``data/source/``) and build one graph per plan
    in it (a notice may issue several).

    ``strict`` turns warnings (a task without a clause, an organisation missing from
    the glossary ...) into a :class:`SourceError`; ``lenient`` builds what it can and
    lists what it skipped. ``government`` (a GB/T 2260 code or a name in
    ``data/governments.toml``) overrides the government the document names.
    ``build_time`` is recorded on the build's activity (see :mod:`.provenance`).
    """
    if strict and lenient:
        raise UsageError("--strict and --lenient contradict each other: give one")
    source = Path(source) if source else default_source()
    gl = Glossary.load(glossary)
    if government is not None:  # an unknown name is a usage error, before any work
        Governments.load().find(government)
    document = parse_document(source, lenient=lenient, strict=strict)
    if any(gl.document(p.doc_number).get("first_listed_leads") and not p.first_listed_leads
           for p in document.plans if p.doc_number):
        document = parse_document(source, lenient=lenient, strict=strict,
                                  first_listed_leads=True)
    inputs = {"source": _digest(source), "glossary": _digest(gl.path),
              "governments": _digest(data_dir() / "governments.toml")}
    builds = []
    for plan in document.plans:
        result = to_graph(plan, gl, government=government, governments=Governments.load(),
                          inputs=inputs, build_time=build_time)
        if strict and result.warnings:
            raise SourceError(f"{len(result.warnings)} warning(s) with --strict: "
                              + "; ".join(result.warnings), path=str(source))
        warnings = [_located(source, line, m) for line, m in plan.warnings]
        if not builds:
            warnings = [_located(source, line, m) for line, m in document.warnings] + warnings
        builds.append(Build(plan, result.graph, warnings + list(result.warnings),
                            list(plan.skipped), document))
    return builds


def build_plan(source: str | Path | None = None, **kwargs) -> Build:
    """:func:`build_document` for a file that holds one plan: its (first) plan's build."""
    return build_document(source, **kwargs)[0]


def union_turtle(builds: list[Build]) -> str:
    """The Turtle of every plan of a file together (each plan keeps its own IRI)."""
    if len(builds) == 1:
        return builds[0].turtle()
    graph = builds[0].graph.__class__()
    for prefix, ns in builds[0].graph.namespaces():
        graph.bind(prefix, ns, override=True, replace=True)
    for b in builds:
        for triple in b.graph:
            graph.add(triple)
    return serialize_turtle(graph)


def _digest(path) -> str:
    """The base64url SHA-256 of a file's bytes (RFC 6920 ``ni:`` form, no padding)."""
    import base64
    import hashlib

    raw = hashlib.sha256(Path(path).read_bytes()).digest()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def build_to_file(source=None, out=None, *, validate: bool = True,
                  **kwargs) -> tuple[list[Build], Path]:
    """Build, check against the SHACL shapes, and write Turtle atomically to ``out``.

    ``out`` defaults to ``data/plan.ttl`` only for the default source: another
    plan text must say where its graph goes, so the committed graph is never
    replaced by accident, and nothing is ever written inside an installed package.
    A graph with SHACL violations is not written (with ``lenient``, they are
    reported as warnings and the graph is written). Every plan of the file goes
    into the one Turtle file, each under its own IRI.
    """
    if out is None:
        if source is not None and Path(source).resolve() != default_source().resolve():
            raise UsageError("give -o OUT for another plan text (without it, build "
                             "writes data/plan.ttl, the graph of the plan in data/source/)")
        out = default_plan()
        if "_shipped" in out.parts:
            raise UsageError("the installed package's data is read-only: give -o OUT")
    builds = (build_checked_all(source, **kwargs) if validate
              else build_document(source, **kwargs))
    out = Path(out)
    write_atomic(out, union_turtle(builds))
    return builds, out


def build_checked_all(source=None, **kwargs) -> list[Build]:
    """:func:`build_document`, then the SHACL check of each plan's graph: a graph that
    breaks a rule raises :class:`DataError` (with ``lenient``, the violations become
    warnings)."""
    builds = build_document(source, **kwargs)
    from .validate import validate_graph

    for result in builds:
        conforms, findings = validate_graph(result.graph)
        problems = [f"{f.node}: {f.message}" for f in findings if f.severity == "violation"]
        if problems and not kwargs.get("lenient"):
            raise DataError(f"the graph breaks {len(problems)} SHACL rule(s), not written: "
                            + "; ".join(problems[:5]) + (" ..." if len(problems) > 5 else ""),
                            path=str(source or default_source()))
        result.warnings.extend(f"SHACL: {p}" for p in problems)
    return builds


def build_checked(source=None, **kwargs) -> Build:
    """:func:`build_checked_all` for a file that holds one plan."""
    return build_checked_all(source, **kwargs)[0]


def summary(graph) -> dict[str, int]:
    """Counts of the main kinds of thing in a plan graph."""
    from rdflib import RDF

    from .vocab import ORG, SG

    def count(cls):
        return len(set(graph.subjects(RDF.type, cls)))

    return {
        "plans": count(SG.Plan),
        "action_areas": count(SG.ActionArea),
        "tasks": count(SG.Task),
        "organisations": count(ORG.Organization),
        "lead_assignments": len(list(graph.triples((None, SG.lead, None)))),
        "cooperation_assignments": len(list(graph.triples((None, SG.cooperatingUnit, None)))),
        "indicators": count(SG.Indicator),
        "platforms": count(SG.Platform),
        "targets": count(SG.Target),
        "guarantee_measures": count(SG.GuaranteeMeasure),
        "triples": len(graph),
    }
