"""Name resolution: English, Simplified, Traditional, aliases, numbers; ambiguity; did-you-mean."""

from pathlib import Path

import pytest

from suchenggraph.candidates import (
    candidates_from_graph,
    candidates_from_networkx,
    candidates_from_store,
)
from suchenggraph.errors import AmbiguousName, NameNotFound, UsageError
from suchenggraph.naming import Candidate, parse_number
from suchenggraph.resolve import resolve

MINI = Path(__file__).parent / "data" / "query_plan.ttl"
ORG = "https://w3id.org/suchenggraph/org/mini/"
PLAN = "https://w3id.org/suchenggraph/plan/mini/"


@pytest.fixture(scope="module")
def cands():
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TURTLE)
    return candidates_from_store(store)


def test_the_three_sources_agree(cands):
    from rdflib import Graph

    from suchenggraph.projection import to_networkx

    graph = Graph().parse(MINI)
    assert candidates_from_graph(graph) == cands
    key = lambda c: (c.kind, c.number or 0, c.iri)  # noqa: E731
    assert sorted(candidates_from_networkx(to_networkx(graph)), key=key) == sorted(cands, key=key)
    assert {c.kind for c in cands} == {"organisation", "task", "indicator", "platform", "area"}


def test_candidate_labels_carry_every_name(cands):
    urban = next(c for c in cands if c.iri == ORG + "urban")
    assert urban == Candidate(ORG + "urban", "organisation", None,
                              ("Urban Management Bureau", "区城市管理局", "區城市管理局",
                               "区城管局", "區城管局"))
    assert candidates_from_store.__module__ == "suchenggraph.candidates"


@pytest.mark.parametrize("name, iri", [
    ("Bureau of Commerce", ORG + "commerce"),
    ("bureau of commerce", ORG + "commerce"),
    ("  BUREAU   OF COMMERCE ", ORG + "commerce"),
    ("commerce", ORG + "commerce"),
    ("Commerce Bureau", ORG + "commerce"),
    ("bureau commerce", ORG + "commerce"),
    ("区商务局", ORG + "commerce"),
    ("商务局", ORG + "commerce"),
    ("區商務局", ORG + "commerce"),
    ("商務局", ORG + "commerce"),
    ("城管局", ORG + "urban"),
    ("區城管局", ORG + "urban"),
    ("Urban", ORG + "urban"),
    ("科技", ORG + "science"),
    ("ＳＣＩＥＮＣＥ", ORG + "science"),
    ("各园区", ORG + "parks"),
])
def test_organisations(cands, name, iri):
    assert resolve(name, cands, kinds=["organisation"]).iri == iri


@pytest.mark.parametrize("name, kinds, iri", [
    ("task 1", None, PLAN + "task/1"),
    ("Task #2", None, PLAN + "task/2"),
    ("任务3", None, PLAN + "task/3"),
    ("任務 3", None, PLAN + "task/3"),
    ("indicator 2", None, PLAN + "indicator/2"),
    ("指标 1", None, PLAN + "indicator/1"),
    ("platform 2", None, PLAN + "platform/2"),
    ("平臺 1", None, PLAN + "platform/1"),
    ("area 2", None, PLAN + "area/2"),
    ("3", ["task"], PLAN + "task/3"),
    ("第2项", ["task"], PLAN + "task/2"),
    ("2", "area", PLAN + "area/2"),
    ("城市大脑", None, PLAN + "task/3"),
    ("城市大腦", None, PLAN + "task/3"),
    ("smart city brain", None, PLAN + "task/3"),
    ("Smart City", ["area"], PLAN + "area/2"),
    ("Data sharing", ["task", "indicator", "platform"], PLAN + "indicator/2"),
    ("智慧園區平臺", None, PLAN + "platform/1"),
    ("智慧園區平台", None, PLAN + "platform/1"),  # mixed: 台 for 臺
    ("城市大脑平臺", None, None),
])
def test_things_by_number_and_title(cands, name, kinds, iri):
    if iri is None:
        with pytest.raises(NameNotFound):
            resolve(name, cands, kinds=kinds)
    else:
        assert resolve(name, cands, kinds=kinds).iri == iri


def test_ambiguous_lists_every_candidate(cands):
    with pytest.raises(AmbiguousName) as info:
        resolve("局", cands, kinds=["organisation"])
    assert info.value.exit_code == 2
    assert info.value.candidates == ["区商务局 (Bureau of Commerce)",
                                     "区城市管理局 (Urban Management Bureau)",
                                     "区科技局 (Science and Technology Bureau)"]
    assert info.value.one_line() == (
        "'局' is ambiguous: 3 organisations match: 区商务局 (Bureau of Commerce); "
        "区城市管理局 (Urban Management Bureau); 区科技局 (Science and Technology Bureau)")


def test_ambiguous_across_kinds_names_kind_and_number(cands):
    with pytest.raises(AmbiguousName) as info:
        resolve("1", cands, kinds=["task", "indicator", "platform"])
    assert info.value.candidates == ["task 1: 打造载体 (Build carriers)",
                                     "indicator 1: 建成载体数 (Carriers built)",
                                     "platform 1: 智慧园区平台 (Smart Park Platform)"]


def test_exact_label_beats_partial_matches(cands):
    # "Smart City" is an area's whole name and part of a task's ("Smart city brain")
    assert resolve("smart city", cands).iri == PLAN + "area/2"


@pytest.mark.parametrize("name, suggestions", [
    ("Bureau of Comerce", ["Bureau of Commerce"]),
    ("商业局", ["区商务局"]),
    ("商業局", ["區商務局"]),
    ("Urbn Managment", ["Urban Management Bureau"]),
])
def test_unknown_suggests_close_names(cands, name, suggestions):
    with pytest.raises(NameNotFound) as info:
        resolve(name, cands, kinds=["organisation"])
    assert info.value.exit_code == 2
    assert info.value.suggestions[: len(suggestions)] == suggestions
    assert len(info.value.suggestions) <= 3
    assert info.value.one_line().startswith(f"no organisation is named {name!r}; did you mean ")


def test_unknown_without_anything_close(cands):
    with pytest.raises(NameNotFound) as info:
        resolve("xyzzy", cands, kinds=["organisation"])
    assert info.value.suggestions == []
    assert info.value.one_line() == "no organisation is named 'xyzzy'"


def test_never_more_than_three_suggestions():
    many = [Candidate(f"urn:{i}", "organisation", None, (f"Bureau number {i}",)) for i in range(9)]
    with pytest.raises(NameNotFound) as info:
        resolve("Bureau numbr", many)
    assert len(info.value.suggestions) == 3


@pytest.mark.parametrize("name, message", [
    ("task 9", "there is no task 9 (numbers run 1-3)"),
    ("platform 7", "there is no platform 7 (numbers run 1-2)"),
])
def test_unknown_numbers(cands, name, message):
    with pytest.raises(NameNotFound) as info:
        resolve(name, cands)
    assert info.value.one_line() == message


def test_a_number_of_the_wrong_kind(cands):
    with pytest.raises(UsageError) as info:
        resolve("task 1", cands, kinds=["organisation"])
    assert info.value.one_line() == "'task 1' names a task; expected an organisation"


@pytest.mark.parametrize("name", ["", "   ", "\n"])
def test_empty_names(cands, name):
    with pytest.raises(UsageError):
        resolve(name, cands)


@pytest.mark.parametrize("name", [
    '" } UNION { ?x ?y ?z } #',
    "x'); DROP GRAPH <urn:x> ; #",
    "}}}{{{",
    "line one\nline two } UNION {",
    "\\u0022 }",
])
def test_hostile_names_are_only_text(cands, name):
    with pytest.raises((NameNotFound, AmbiguousName)):
        resolve(name, cands, kinds=["organisation"])


def test_hostile_name_that_exists_is_found(cands):
    found = resolve('Evil" } UNION { ?s ?p ?o } #', cands, kinds=["organisation"])
    assert found.iri == ORG + "hostile"


def test_unknown_kind_is_a_programming_error(cands):
    with pytest.raises(ValueError):
        resolve("x", cands, kinds=["colour"])


@pytest.mark.parametrize("text, expected", [
    ("task 23", ("task", 23)), ("indicator 9", ("indicator", 9)), ("23", (None, 23)),
    ("Area #2", ("area", 2)), ("平台3", ("platform", 3)), ("5G", None), ("Bureau 3", None),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_real_plan_names_from_the_issue():
    from suchenggraph.engines.factory import open_engine

    engine = open_engine()
    commerce = "https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"
    for name in ("Bureau of Commerce", "commerce", "商务局", "区商务局", "商務局"):
        assert engine.resolve(name, "organisation").iri == commerce
    assert engine.resolve("城管局", "organisation").iri.endswith("/urban-management-bureau")
    assert engine.resolve("task 23", None).iri.endswith("/task/23")
    assert engine.resolve("indicator 9", None).iri.endswith("/indicator/9")
    with pytest.raises(AmbiguousName):
        engine.resolve("局", "organisation")


# --------------------------------------------------------------------------- search-only labels

HIDDEN = """\
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sg: <https://w3id.org/suchenggraph/ontology#> .

<https://w3id.org/suchenggraph/org/mini/ndrc> a org:Organization ;
    skos:prefLabel "Development and Reform Bureau"@en , "区发展和改革局"@zh-Hans ,
        "區發展和改革局"@zh-Hant ;
    skos:altLabel "区发改委"@zh-Hans ;
    skos:hiddenLabel "发改局"@zh-Hans , "發改局"@zh-Hant , "DRB"@en .

<https://w3id.org/suchenggraph/org/mini/miit> a org:Organization ;
    skos:prefLabel "Bureau of Industry and Information Technology"@en ,
        "区工业和信息化局"@zh-Hans , "區工業和信息化局"@zh-Hant ;
    skos:hiddenLabel "工信局"@zh-Hans , "工信局"@zh-Hant .

<https://w3id.org/suchenggraph/plan/mini/task/1> a sg:Task ; sg:number 1 ;
    skos:prefLabel "Build carriers"@en , "打造载体"@zh-Hans ;
    sg:lead <https://w3id.org/suchenggraph/org/mini/miit> .
"""


@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    path = tmp_path_factory.mktemp("hidden") / "hidden.ttl"
    path.write_text(HIDDEN, encoding="utf-8")
    return path


def _sources(path):
    import pyoxigraph as ox
    from rdflib import Graph

    from suchenggraph.projection import to_networkx

    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    graph = Graph().parse(path)
    return {"oxigraph": candidates_from_store(store), "rdflib": candidates_from_graph(graph),
            "networkx": candidates_from_networkx(to_networkx(graph))}


def test_search_only_labels_are_candidate_labels(hidden):
    sources = _sources(hidden)
    for name, cands in sources.items():
        ndrc = next(c for c in cands if c.iri.endswith("/ndrc"))
        assert set(ndrc.labels) == {"Development and Reform Bureau", "区发展和改革局",
                                    "區發展和改革局", "区发改委", "发改局", "發改局", "DRB"}, name
        # shown names stay the preferred labels
        assert (ndrc.label("en"), ndrc.label("zh-Hans"), ndrc.label("zh-Hant")) == (
            "Development and Reform Bureau", "区发展和改革局", "區發展和改革局"), name


@pytest.mark.parametrize("name, slug", [
    ("发改局", "ndrc"), ("發改局", "ndrc"), ("drb", "ndrc"), ("工信局", "miit"),
    ("區工信局", "miit"),  # with the district prefix, as for any label
])
def test_names_match_search_only_labels(hidden, name, slug):
    for source, cands in _sources(hidden).items():
        found = resolve(name, cands, kinds=["organisation"])
        assert found.iri == ORG + slug, source


def test_the_engines_resolve_search_only_labels(hidden):
    from suchenggraph.engines.factory import open_engine

    for engine in ("oxigraph", "rdflib"):
        assert open_engine(hidden, engine).resolve("发改局", "organisation").iri == ORG + "ndrc"


# --------------------------------------------------------------------------- long candidate lists


def test_an_ambiguous_name_lists_eight_candidates_then_how_many_more():
    orgs = [Candidate(f"urn:o:{i:02}", "organisation", None,
                      (f"Bureau number {i:02}", f"区第{i:02}局")) for i in range(22)]
    with pytest.raises(AmbiguousName) as info:
        resolve("局", orgs)
    shown = "; ".join(f"区第{i:02}局 (Bureau number {i:02})" for i in range(8))
    assert info.value.one_line() == (
        f"'局' is ambiguous: 22 organisations match: {shown}; … and 14 more (be more "
        "specific, e.g. '区第00局')")
    assert len(info.value.candidates) == 22  # a program still gets every one
    with pytest.raises(AmbiguousName) as info:
        resolve("bureau number", orgs)
    assert info.value.one_line().endswith("… and 14 more (be more specific, e.g. "
                                          "'Bureau number 00')")
    with pytest.raises(AmbiguousName) as info:  # eight or fewer: all of them, as before
        resolve("局", orgs[:8])
    assert info.value.one_line() == f"'局' is ambiguous: 8 organisations match: {shown}"
