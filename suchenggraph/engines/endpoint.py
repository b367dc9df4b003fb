"""Named queries over SPARQL 1.1 Protocol: any endpoint, the same answers.

:class:`EndpointEngine` has the interface of the embedded engines
(:class:`suchenggraph.engines.interface.Engine`: ``select``, ``candidates``, ``resolve``) and
returns the same :class:`~suchenggraph.engines.interface.Result` rows, so every named query
and every command runs against Oxigraph's server, Virtuoso, Jena Fuseki or
GraphDB as it does on the embedded store.

* **Bound values are RDF terms, never pasted text.** Each bound value is written
  by rdflib's serialiser (``URIRef(...).n3()``, ``Literal(...).n3()``, which
  escape quotes, backslashes and line breaks and refuse a malformed IRI) into a
  ``VALUES`` block at the start of the query's ``WHERE`` group (and of each
  sub-query that projects the variable, so the engine can use it early). The
  effect is that of the embedded engines' substitution; a bound variable must be
  in the ``SELECT`` clause, as there.
* **Scope**: ``plan=None``/``"all"`` reads the endpoint's default graph (the
  union of the plans on Oxigraph's server started by ``serve``, and on Virtuoso;
  set ``unionDefaultGraph`` on Fuseki); a plan id reads that plan's graph and its
  government's organisation graph, sent as ``default-graph-uri`` (and as
  ``named-graph-uri``, so ``GRAPH`` sees the same two graphs).
* **Refusals and failures are one-line** :class:`~suchenggraph.errors.QueryError`:
  an update (refused before sending), an endpoint that is down, that does not
  answer within ``timeout`` seconds, or that answers with an HTTP error (its
  status and the first line of its message).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ..candidates import candidates_query, from_rows
from ..errors import QueryError
from ..lookup import resolve_fast
from ..readonly import check_read_only, sparql_tokens
from .interface import DEFAULT_TIMEOUT, IRI, Engine, Result, Term, plain_value
from .oxigraph import OxigraphEngine
from .plans import PLANS_QUERY, find_plan, plans_from_rows

__all__ = ["EndpointEngine", "inject_values", "term_n3", "query_form", "ENDPOINT_TIMEOUT"]

#: Seconds to wait for an endpoint's answer.
ENDPOINT_TIMEOUT = DEFAULT_TIMEOUT

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_CANCELLED = b"The SPARQL operation has been cancelled"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_n3(term: Term) -> str:
    """A bound value as SPARQL text, written by rdflib's serialiser.

    >>> from suchenggraph.engines.interface import iri, literal
    >>> term_n3(literal('区商务局" } ; DROP ALL ; {', lang="zh-Hans"))
    '"区商务局\\\\" } ; DROP ALL ; {"@zh-Hans'
    >>> term_n3(literal(2024, datatype="http://www.w3.org/2001/XMLSchema#gYear"))
    '"2024"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    >>> term_n3(Term("iri", "http://x/> } DROP ALL {"))
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: cannot bind 'http://x/> } DROP ALL {': not a valid IRI
    """
    if not isinstance(term, Term):
        raise TypeError(f"a bound value must be a Term, not {type(term).__name__}")
    try:
        if term.kind == "iri":
            return URIRef(term.value).n3()
        if term.lang:
            return Literal(term.value, lang=term.lang).n3()
        # a plain string is written "..."^^xsd:string (the same RDF term): Virtuoso 7 turns
        # the non-Latin characters of an untyped constant into "?" inside STR()
        datatype = URIRef(term.datatype or _XSD_STRING)
        datatype.n3()  # refuses a malformed datatype IRI
        return Literal(term.value, datatype=datatype).n3()
    except Exception:  # rdflib raises plain Exception / ValueError for a bad IRI or tag
        raise QueryError(f"cannot bind {term.value!r}: not a valid "
                         f"{'IRI' if term.kind == 'iri' else 'literal'}") from None


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (``None``: none of them).

    >>> query_form('PREFIX a: <x:> # SELECT\\nASK { ?s ?p "SELECT" }')
    'ASK'
    >>> query_form("INSERT DATA { <urn:a> <urn:b> <urn:c> }") is None
    True
    """
    for kind, value, _, _ in sparql_tokens(text):
        if kind == "word" and value.upper() in _FORMS:
            return value.upper()
    return None


def _head(toks, i):
    """Read a query form's head from ``toks[i]``: ``(index of its WHERE '{', projected)``.

    ``projected`` is the set of plain projected variables (``None``: all of them,
    as with ``SELECT *``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``); variables computed
    with ``(... AS ?x)`` are not in it. The index is ``None`` when there is no group.
    """
    form = toks[i][1].upper()
    projected: set[str] | None = set() if form == "SELECT" else None
    paren = 0
    after_as = False
    j = i + 1
    while j < len(toks):
        kind, value = toks[j][0], toks[j][1]
        if kind == "punct" and value == "(":
            paren += 1
        elif kind == "punct" and value == ")":
            paren -= 1
        elif kind == "punct" and value == "*" and paren == 0 and form == "SELECT":
            projected = None
        elif kind == "word" and value.upper() == "AS":
            after_as = True
        elif kind == "var" and form == "SELECT" and projected is not None:
            if paren == 0:
                projected.add(value[1:])
            elif after_as:
                after_as = False  # computed: not a pattern variable
        elif kind == "punct" and value == "{" and paren == 0:
            if form == "CONSTRUCT" and not any(t[0] == "word" and t[1].upper() == "WHERE"
                                               for t in toks[i + 1:j]):
                level = 0  # CONSTRUCT { template } WHERE { pattern }: skip the template
                while j < len(toks):
                    if toks[j][0] == "punct" and toks[j][1] in "{}":
                        level += 1 if toks[j][1] == "{" else -1
                        if level == 0:
                            break
                    j += 1
                j += 1
                continue
            return j, projected
        j += 1
    return None, projected


def _groups(text: str) -> list[tuple[int, set[str] | None]]:
    """Where ``VALUES`` may go: ``(offset just inside the '{', variables shared with the
    outer query)`` for the query's ``WHERE`` group, then each sub-query's.

    A sub-query shares a variable with the outer query only if it and every
    query around it project that variable: only there does fixing it inside
    give the same answer as fixing it outside.
    """
    toks = list(sparql_tokens(text))
    out: list[tuple[int, set[str] | None]] = []
    stack: list[tuple[int, set[str] | None]] = []  # (depth inside the group, shared)
    depth = 0
    i = 0
    while i < len(toks):
        kind, value = toks[i][0], toks[i][1]
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            depth -= 1
            while stack and stack[-1][0] > depth:
                stack.pop()
        elif kind == "word" and value.upper() in _FORMS:
            j, projected = _head(toks, i)
            if j is None:
                break
            if stack:
                parent = stack[-1][1]
                if parent is None:
                    shared = projected
                elif projected is None:
                    shared = parent
                else:
                    shared = parent & projected
            else:
                shared = projected
            depth += 1
            stack.append((depth, shared))
            out.append((toks[j][3], shared))
            i = j + 1
            continue
        i += 1
    return out


def inject_values(text: str, bindings: dict[str, Term]) -> str:
    """``text`` with each bound variable fixed by a ``VALUES`` block.

    >>> from suchenggraph.engines.interface import iri
    >>> print(inject_values("SELECT ?org ?n WHERE { ?t <urn:lead> ?org }",
    ...                     {"org": iri("urn:commerce")}))
    SELECT ?org ?n WHERE { VALUES (?org) { (<urn:commerce>) } ?t <urn:lead> ?org }
    >>> inject_values("SELECT ?n WHERE { ?t <urn:lead> ?org }", {"org": iri("urn:x")})
    Traceback (most recent call last):
    ...
    suchenggraph.errors.QueryError: the parameter ?org must be in the query's SELECT clause to be bound
    """
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise QueryError(f"not a variable name: {name!r}")
    groups = _groups(text)
    if not groups:
        raise QueryError("cannot find the query's WHERE clause to bind values in")
    top_projected = groups[0][1]
    used = {v[1:] for kind, v, _, _ in sparql_tokens(text) if kind == "var"}
    for name in names:
        if name not in used or (top_projected is not None and name not in top_projected):
            raise QueryError(f"the parameter ?{name} must be in the query's SELECT clause "
                             "to be bound")
    values = {name: term_n3(bindings[name]) for name in names}
    inserts = []
    for n, (at, shared) in enumerate(groups):
        here = [x for x in names if n == 0 or shared is None or x in shared]
        if here:
            inserts.append((at, " VALUES (" + " ".join("?" + x for x in here) + ") { ("
                            + " ".join(values[x] for x in here) + ") }"))
    for at, block in sorted(inserts, reverse=True):
        text = text[:at] + block + text[at:]
    return text


# --------------------------------------------------------------------------- answers


def _value(cell: dict | None):
    if cell is None:
        return None
    kind = cell.get("type")
    value = cell.get("value", "")
    if kind == "uri":
        return IRI(value)
    if kind == "bnode":
        return "_:" + value
    if kind in ("literal", "typed-literal"):
        if cell.get("xml:lang"):
            return value
        return plain_value("literal", value, cell.get("datatype"))
    return value


def _rows_from_json(data: dict) -> Result:
    if "boolean" in data:
        return Result(["result"], [{"result": bool(data["boolean"])}])
    columns = list(data.get("head", {}).get("vars", []))
    rows = [{c: _value(b.get(c)) for c in columns}
            for b in data.get("results", {}).get("bindings", [])]
    return Result(columns, rows)


def _rows_from_ntriples(data: bytes) -> Result:
    columns = ["subject", "predicate", "object"]
    rows = []
    for q in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES):
        rows.append({"subject": OxigraphEngine._value(q.subject),
                     "predicate": OxigraphEngine._value(q.predicate),
                     "object": OxigraphEngine._value(q.object)})
    return Result(columns, rows)


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    text = re.sub(r"<[^>]+>", " ", text) if "<html" in text.lower() else text
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return "no message"


class EndpointEngine(Engine):
    """A SPARQL 1.1 Protocol endpoint as a query engine.

    ``url``: the query endpoint (``http://127.0.0.1:7878/query``). ``plan``: a plan
    id (or IRI) to read only that plan; ``None`` or ``"all"`` for every plan.
    ``timeout``: seconds to wait for each answer. ``method``: ``"form"`` (POST
    ``application/x-www-form-urlencoded``, understood everywhere) or ``"direct"``
    (POST ``application/sparql-query``).
    """

    name = "endpoint"

    def __init__(self, url: str, plan: str | None = None, *,
                 timeout: float | None = ENDPOINT_TIMEOUT, method: str = "form"):
        super().__init__(url)
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise QueryError(f"not an http(s) SPARQL endpoint URL: {url!r}")
        if method not in ("form", "direct"):
            raise QueryError(f"unknown request method {method!r}; expected form or direct")
        self.url = url
        self.timeout = timeout
        self.method = method
        self.default_graphs: list[str] = []
        self.plan = None
        self._every_plan = None
        if plan not in (None, "all"):
            self.plan = self._find_plan(plan)
            self.default_graphs = self.plan.graphs

    # -- plans on the endpoint
    def plans(self):
        """The plans the endpoint holds (see :func:`suchenggraph.engines.plans.list_plans`)."""
        graphs, self.default_graphs = self.default_graphs, []
        try:
            # our own query: no need for the read-only check
            return plans_from_rows(self.select(PLANS_QUERY, read_only=False).rows)
        finally:
            self.default_graphs = graphs

    def _find_plan(self, plan: str):
        return find_plan(self.plans(), plan, where=f"the SPARQL endpoint {self.url}")

    def plans_in_scope(self):
        """The plan chosen, or every plan on the endpoint (asked once per engine)."""
        if self.plan is not None:
            return [self.plan]
        if self._every_plan is None:
            self._every_plan = self.plans()
        return list(self._every_plan)

    # -- queries
    def select(self, text: str, bindings: dict[str, Term] | None = None, *,
               timeout: float | None = None, read_only: bool = True) -> Result:
        """Run ``text`` on the endpoint with ``bindings``; see :class:`Engine.select`."""
        if read_only:
            check_read_only(text)
        bindings = dict(bindings or {})
        for name, term in bindings.items():
            if not isinstance(term, Term):
                raise TypeError(f"binding {name!r} must be a Term, not {type(term).__name__}")
        return self._run(text, bindings, timeout=timeout)

    def _request(self, text: str, form: str):
        accept = ("application/n-triples" if form in ("CONSTRUCT", "DESCRIBE")
                  else "application/sparql-results+json")
        graphs = [(key, g) for key in ("default-graph-uri", "named-graph-uri")
                  for g in self.default_graphs]
        headers = {"Accept": accept, "User-Agent": "suchenggraph"}
        if self.method == "direct":
            url = self.url + (("&" if "?" in self.url else "?") + urllib.parse.urlencode(graphs)
                              if graphs else "")
            body = text.encode("utf-8")
            headers["Content-Type"] = "application/sparql-query; charset=utf-8"
        else:
            url = self.url
            body = urllib.parse.urlencode([("query", text), *graphs]).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return urllib.request.Request(url, data=body, headers=headers, method="POST")

    def _run(self, text, bindings, timeout=None) -> Result:
        form = query_form(text)
        text = inject_values(text, bindings)
        wait = timeout if timeout is not None else self.timeout
        request = self._request(text, form)
        deadline = time.monotonic() + wait if wait else None
        try:
            with urllib.request.urlopen(request, timeout=wait) as answer:
                ctype = answer.headers.get("Content-Type", "")
                parts = []
                while True:  # the whole answer within the time, not each read
                    part = answer.read(1 << 16)
                    if not part:
                        break
                    parts.append(part)
                    if deadline is not None and time.monotonic() > deadline:
                        raise TimeoutError
                body = b"".join(parts)
        except urllib.error.HTTPError as exc:
            body = exc.read() if exc.fp is not None else b""
            raise QueryError(f"the SPARQL endpoint {self.url} answered HTTP {exc.code} "
                             f"{exc.reason}: {_first_line(body)}") from None
        except TimeoutError:
            raise QueryError(f"the SPARQL endpoint {self.url} did not answer within "
                             f"{wait:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise QueryError(f"the SPARQL endpoint {self.url} did not answer within "
                                 f"{wait:g} s") from None
            why = getattr(reason, "strerror", None) or str(reason)
            raise QueryError(f"cannot reach the SPARQL endpoint {self.url}: "
                             f"{str(why).lower()}") from None
        except (ConnectionError, OSError) as exc:
            raise QueryError(f"cannot reach the SPARQL endpoint {self.url}: "
                             f"{(exc.strerror or str(exc)).lower()}") from None
        if body.rstrip().endswith(_CANCELLED):  # Oxigraph's time limit, after 200 OK
            raise QueryError(f"the SPARQL endpoint {self.url} stopped the query at its time "
                             "limit") from None
        if form in ("CONSTRUCT", "DESCRIBE"):
            try:
                return _rows_from_ntriples(body)
            except (SyntaxError, ValueError) as exc:
                raise QueryError(f"the SPARQL endpoint {self.url} answered with unreadable "
                                 f"N-Triples ({ctype or 'no content type'}): "
                                 f"{' '.join(str(exc).split())}") from None
        try:
            return _rows_from_json(json.loads(body.decode("utf-8")))
        except (ValueError, AttributeError):
            raise QueryError(f"the SPARQL endpoint {self.url} did not answer with SPARQL JSON "
                             f"results ({ctype or 'no content type'}): "
                             f"{_first_line(body)}") from None

    # -- names
    def _load_candidates(self, kinds=None):
        text = candidates_query(kinds).replace(
            "?prop ?label WHERE", "?prop ?label (LANG(?label) AS ?lang) WHERE", 1)
        rows = []
        for r in self.select(text, read_only=False).rows:  # our own query
            number = r.get("number")
            rows.append((r["thing"], r["class"], int(number) if isinstance(number, int) else None,
                         r.get("prop"), None if r.get("label") is None else str(r["label"]),
                         r.get("lang") or None))
        return from_rows(rows)

    def resolve(self, name: str, kinds=None):
        """Exact, indexed label lookups on the endpoint first, then the full scan."""
        return resolve_fast(self, name, kinds)
