"""Exports: GraphML, GEXF, node-link JSON and the coordination matrix read back intact."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import networkx as nx
import pytest

from suchenggraph.exports import (
    FORMATS,
    coordination_matrix,
    export,
    network,
    scalar_copy,
    to_node_link,
)
from suchenggraph.projection import coordination_network, example_graph, to_networkx

ORGS = "https://w3id.org/suchenggraph/org/sucheng/"


@pytest.fixture(scope="module")
def G(real_graph):
    return to_networkx(real_graph)


def read_back(fmt: str, text: str):
    if fmt == "graphml":  # node ids are NMTOKENs there; each node's iri is its id here
        back = nx.parse_graphml(text)
        return nx.relabel_nodes(back, {n: d["iri"] for n, d in back.nodes(data=True)})
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    try:
        return nx.node_link_graph(json.loads(text), edges="edges")
    except TypeError:  # networkx < 3.4 (pyproject allows 3.2): link= names the list
        return nx.node_link_graph(json.loads(text), link="edges")


@pytest.mark.parametrize("which", ["plan", "coordination"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_round_trip_keeps_every_node_and_edge(G, fmt, which):
    net = network(G, which)
    text = export(G, fmt, which=which, lang="zh-Hans")
    back = read_back(fmt, text)
    assert back.number_of_nodes() == net.number_of_nodes()
    assert back.number_of_edges() == net.number_of_edges()
    assert set(map(str, back.nodes)) == set(net.nodes)
    commerce = back.nodes[ORGS + "commerce-bureau"]
    assert commerce["label"] == "区商务局" and commerce["label_en"] == "Bureau of Commerce"
    # the same graph gives the same bytes
    assert export(G, fmt, which=which, lang="zh-Hans") == text


def test_plan_export_sizes(G):
    # 212 nodes and 371 typed edges in the projection of the real plan: the 213 / 373 of
    # the first extractor, less task 24's two capacities (line 45: 30万标箱, 1500万吨 describe
    # a dispatch platform, they are not targets: 2 target nodes, 2 sets_target edges), plus
    # task 7's 标识注册量过亿 (line 22: 1 node, 1 edge), less the measures edge from task 6's
    # 新增市级以上智能制造示范车间 to indicator 3 (省级: another level). Task 17's
    # "区、镇(街道)两级综合指挥调度中心100%实体化运作" by 2022 (line 36) is still a target
    # (one node, one sets_target edge). The coordination network has the 34 organisations
    # that take part in a task.
    assert (G.number_of_nodes(), G.number_of_edges()) == (212, 371)
    assert network(G, "coordination").number_of_nodes() == 34


def test_graphml_keeps_edge_kinds_and_weights(G):
    back = read_back("graphml", export(G, "graphml"))
    kinds = {d["kind"] for _, _, d in back.edges(data=True)}
    assert kinds == {"leads", "cooperates", "in_area", "sets_target", "has_target", "measures"}
    coop = read_back("graphml", export(G, "graphml", which="coordination"))
    edge = coop.edges[ORGS + "industry-it-bureau", ORGS + "science-technology-bureau"]
    # 区工业和信息化局 and 区科技局 share tasks 1-8 and 20-22
    assert (edge["weight"], edge["tasks"]) == (11, "1; 2; 3; 4; 5; 6; 7; 8; 20; 21; 22")


def test_scalar_copy_has_only_scalars(G):
    S = scalar_copy(G)
    for _, attrs in S.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values()), attrs
    for *_, attrs in S.edges(keys=True, data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values()), attrs
    # edge ids are unique, kinds kept as attributes
    assert len({k for _, _, k in S.edges(keys=True)}) == S.number_of_edges()
    # a decimal target value becomes a float, a list a "; "-joined string
    target = S.nodes["https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024"
                     "/task/23/target/1"]
    assert target["value"] == 1500.0
    # 区城管局 (task 17) is an alias of 区城市管理局 (task 18)
    urban = ORGS + "urban-management-bureau"
    assert "区城管局" in G.nodes[urban]["aliases"]
    assert "; 区城管局; " in S.nodes[urban]["aliases"]


def test_gexf_has_no_date_and_utf8_labels(G):
    text = export(G, "gexf", lang="zh-Hant")
    assert "lastmodifieddate" not in text
    assert 'label="區商務局"' in text


def test_node_link_json_is_plain_json():
    data = to_node_link(example_graph())
    assert json.loads(json.dumps(data)) == data
    values = [n["value"] for n in data["nodes"] if "value" in n]
    assert values == [400, 450, 20]  # decimals became JSON numbers
    assert not any(isinstance(v, Decimal) for n in data["nodes"] for v in n.values())


def test_matrix_csv(G):
    text = export(G, "matrix", lang="zh-Hans")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "organisation" and len(header) == len(body) + 1 == 35
    index = {name: i for i, name in enumerate(header[1:])}
    cells = {row[0]: [int(c) for c in row[1:]] for row in body}
    assert cells["区工业和信息化局"][index["区科技局"]] == 11
    # symmetric, zero diagonal, and equal to the coordination network's weights
    C = coordination_network(G)
    names = {C.nodes[n]["label_zh_hans"]: n for n in C}
    for a, row in cells.items():
        for b, value in zip(header[1:], row, strict=True):
            assert value == cells[b][index[a]]
            expected = C.edges[names[a], names[b]]["weight"] if C.has_edge(names[a],
                                                                            names[b]) else 0
            assert value == expected
    assert coordination_matrix(G)[0][1] == "Bureau of Industry and Information Technology"


def test_bad_arguments():
    E = example_graph()
    with pytest.raises(ValueError):
        export(E, "dot")
    with pytest.raises(ValueError):
        export(E, "matrix", which="plan")
    with pytest.raises(ValueError):
        export(E, "graphml", which="everything")
    assert set(FORMATS) == {"graphml", "gexf", "json", "matrix"}
