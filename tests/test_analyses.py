"""The projection and the analyses on the real plan, with expectations read from its text.

Every expected value below was derived by reading data/source/*.txt (Traditional
Chinese) by hand; the comment next to each says where it comes from. Line numbers
are lines of that file.
"""

from __future__ import annotations

import pytest
from conftest import DATA

from suchenggraph import analyses as A
from suchenggraph import coverage as cov
from suchenggraph.build import build_plan
from suchenggraph.projection import coordination_network, example_graph, label, to_networkx

ORGS = "https://w3id.org/suchenggraph/org/sucheng/"
P = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024"
IND_IT = ORGS + "industry-it-bureau"  # 区工业和信息化局
SCI = ORGS + "science-technology-bureau"  # 区科技局
NDRC = ORGS + "development-reform-bureau"  # 区发展和改革局
COMMERCE = ORGS + "commerce-bureau"  # 区商务局
TELECOM = ORGS + "telecom-administration-office"  # 区通管办


@pytest.fixture(scope="module")
def G(real_graph):
    return to_networkx(real_graph)


def by_id(rows):
    return {r["id"]: r for r in rows}


# --------------------------------------------------------------------------- projection


def test_projection_node_kinds(G):
    # 31 numbered tasks, 15 Annex 1 rows, 12 Annex 2 rows, sub-headings (一)..(十)
    # under 二、主要任务, goals for 2022, 2023 and 2024 in 一(二).
    kinds = {}
    for _, k in G.nodes(data="kind"):
        kinds[k] = kinds.get(k, 0) + 1
    assert (kinds["task"], kinds["indicator"], kinds["platform"], kinds["area"],
            kinds["goal"]) == (31, 15, 12, 10, 3)
    # literals never become nodes: every node has a kind from the closed list
    assert set(kinds) == {"organisation", "task", "indicator", "platform", "area", "target",
                          "goal"}


def test_projection_keeps_three_labels_and_the_clause_on_role_edges(G):
    attrs = G.nodes[COMMERCE]
    assert (attrs["label_en"], attrs["label_zh_hans"], attrs["label_zh_hant"]) == (
        "Bureau of Commerce", "区商务局", "區商務局")
    # task 3 (line 17) ends with (區工業和信息化局牽頭,區科技局,各園區等按職責分工負責)
    edge = G.get_edge_data(IND_IT, f"{P}/task/3", key="leads")
    assert edge["line"] == 17 and edge["order"] == 1
    assert edge["quote_zh_hant"] == "(區工業和信息化局牽頭,區科技局,各園區等按職責分工負責)"
    coop = G.get_edge_data(ORGS + "all-parks", f"{P}/task/3", key="cooperates")
    assert coop["order"] == 2  # 各園區 is the second cooperating unit named
    # an indicator's lead edge carries its Annex 1 row
    assert G.get_edge_data(SCI, f"{P}/indicator/6", key="leads")["quote_zh_hans"].split()[:3] \
        == ["6", "|", "激光装备产业链产值"]
    assert G.nodes[f"{P}/indicator/6"]["unit"] == "亿元"
    assert G.graph["source_script"] == "zh-Hant"


def test_coordination_network_weights(G):
    C = coordination_network(G)
    # 区工业和信息化局 and 区科技局 both appear in the clauses of tasks 1-8 and 20-22
    assert C.edges[IND_IT, SCI]["tasks"] == [1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22]
    assert C.edges[IND_IT, SCI]["weight"] == 11


def test_example_graph_is_shaped_like_the_projection(G):
    E = example_graph()
    real_keys = {k for _, d in G.nodes(data=True) if d["kind"] == "task" for k in d}
    example_keys = {k for _, d in E.nodes(data=True) if d["kind"] == "task" for k in d}
    assert example_keys <= real_keys
    assert label(E.nodes["task/1"], "en") == "Grow e-commerce firms"


# --------------------------------------------------------------------------- workload


def test_workload_of_the_bureau_of_industry_and_it(G):
    row = by_id(A.workload(G))[IND_IT]
    # 牽頭 clauses: tasks 1, 3, 5, 6, 7 are led by 區工業和信息化局 ...
    assert row["led"] == [1, 3, 5, 6, 7]
    # ... and it is listed among the cooperating units of tasks 2, 4, 8, 10, 20, 21, 22,
    # 23, 27, 28
    assert row["cooperating"] == [2, 4, 8, 10, 20, 21, 22, 23, 27, 28]
    # Annex 1 牽頭部門 column: rows 2, 3, 4 and 8; Annex 2: no platform
    assert row["indicators"] == [2, 3, 4, 8] and row["platforms"] == []
    # tasks 1-3 are in area 1, 5-7 in area 2, 8 and 10 in area 3, 20-22 in 7, 23 in 8,
    # 27-28 in 9
    assert row["area_numbers"] == [1, 2, 3, 7, 8, 9]
    assert (row["tasks_led"], row["tasks_cooperating"], row["areas"]) == (5, 10, 6)


def test_workload_top_and_others(G):
    rows = A.workload(G)
    # nobody leads more than 5 tasks; 区工业和信息化局 is the only one with 5
    assert rows[0]["id"] == IND_IT
    table = by_id(rows)
    # 区科技局 leads 20, 22; cooperates on 1-8, 16, 21, 26; leads indicators 6, 7 and
    # platforms 4 (激光光电) and 9 (数字科技创新)
    sci = table[SCI]
    assert (sci["led"], sci["cooperating"], sci["indicators"], sci["platforms"]) == (
        [20, 22], [1, 2, 3, 4, 5, 6, 7, 8, 16, 21, 26], [6, 7], [4, 9])
    # 区商务局 leads 2, 9; cooperates on 1, 4, 13; indicator 9; platforms 1 and 2
    com = table[COMMERCE]
    assert (com["led"], com["cooperating"], com["indicators"], com["platforms"]) == (
        [2, 9], [1, 4, 13], [9], [1, 2])


def test_workload_targets_count_each_commitment_once(G):
    # 区通管办 leads task 23 and indicators 13, 14, 15 (3 years each: 9 annex targets).
    # Task 23 writes 1500座 (= indicator 13), 1萬個 (= indicator 14), 11萬戶 (= indicator 15)
    # for 2024, which restate annex targets, and "5G網絡實現全區覆蓋", which does not:
    # 9 + 1 = 10.
    assert by_id(A.workload(G))[TELECOM]["targets"] == 10


def test_workload_leaves_idle_organisations_out_unless_asked(G):
    # the leading group (三(一)) leads no task, indicator or platform
    group = ORGS + "digital-economy-leading-group"
    assert group not in by_id(A.workload(G))
    row = by_id(A.workload(G, include_idle=True))[group]
    assert (row["tasks_led"], row["targets"], row["areas"]) == (0, 0, 0)


def test_workload_labels_follow_the_language(G):
    assert A.workload(G, lang="zh-Hant")[0]["organisation"] == "區工業和信息化局"
    row = A.workload(G, lang="zh-Hans")[0]
    assert (row["organisation"], row["name_en"]) == (
        "区工业和信息化局", "Bureau of Industry and Information Technology")
    with pytest.raises(ValueError):
        A.workload(G, lang="fr")


# --------------------------------------------------------------------------- coordination


def test_coordination_centrality(G):
    rows = A.coordination(G)
    # 34 organisations take part in at least one task (39 in the graph, minus the leading
    # group, its office, the development centre and two parks only mentioned in text)
    assert len(rows) == 34
    # 区发展和改革局 shares a task with 24 others: the union of the clauses of tasks
    # 1, 2, 4, 8, 9, 10, 15, 16, 20, 21, 22, 24, 25 (counted by hand)
    top = rows[0]
    assert top["id"] == NDRC and top["partners"] == 24
    assert top["degree_centrality"] == round(24 / 33, 4)
    assert all(0 <= r["betweenness"] <= 1 for r in rows)


def test_strongest_pairs(G):
    pairs = A.strongest_pairs(G, top=3)
    first = pairs[0]
    assert {first["a_id"], first["b_id"]} == {IND_IT, SCI}
    assert (first["shared_tasks"], first["tasks"]) == (11, [1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22])
    # then 8 shared tasks: 各园区 with 工信局 (1, 2, 3, 5, 6, 7, 10, 23) and
    # 发改局 with 工信局 (1, 2, 4, 8, 10, 20, 21, 22)
    assert [(p["shared_tasks"], p["tasks"]) for p in pairs[1:]] == [
        (8, [1, 2, 3, 5, 6, 7, 10, 23]), (8, [1, 2, 4, 8, 10, 20, 21, 22])]
    assert len(A.strongest_pairs(G, top=None)) == coordination_network(G).number_of_edges()


@pytest.mark.parametrize("method", ["greedy", "louvain"])
def test_communities_partition_and_determinism(G, method):
    first = A.communities(G, method=method, seed=7)
    again = A.communities(G, method=method, seed=7)
    assert first == again
    members = [m for c in first["communities"] for m in c["ids"]]
    assert len(members) == len(set(members)) == 34
    assert 0 < first["modularity"] < 1
    # 现代农业产业园 appears only in tasks 11 and 12, both led by 区农业农村局:
    # a pendant organisation sits with its only partner
    park = ORGS + "modern-agriculture-industrial-park"
    home = next(c for c in first["communities"] if park in c["ids"])
    assert ORGS + "agriculture-rural-affairs-bureau" in home["ids"]
    with pytest.raises(ValueError):
        A.communities(G, method="spectral")


def test_bridges_sole_links(G):
    rows = by_id(A.bridges(G))
    # area 8 (tasks 23-25) and area 9 (tasks 26-28) share only 区工业和信息化局
    # (cooperating on 23, 27 and 28)
    assert "8-9" in rows[IND_IT]["sole_links"]
    # area 1 (tasks 1-4) and area 4 (tasks 11-13) share only 区商务局 (task 13)
    assert rows[COMMERCE]["sole_links"] == ["1-4"]
    # area 2 (tasks 5-7) and area 5 (tasks 14-16) share only 区科技局 (task 16)
    assert rows[SCI]["sole_links"] == ["2-5"]
    assert all(r["areas"] >= 2 for r in rows.values())
    assert A.bridges(G, min_areas=6)[0]["areas"] == 6


# --------------------------------------------------------------------------- coverage


def test_coverage_on_the_real_plan(G):
    gaps = cov.coverage(G)
    # task 19 ends with (區應急管理局牽頭): the only clause with no cooperating unit
    assert [(r["task"], r["line"]) for r in gaps["task-without-cooperation"]] == [(19, 38)]
    # every Annex 1 indicator but nos. 1 and 3 has a task that writes its target.
    # No. 1 (数字经济核心产业增加值占GDP比重): 11.25% appears only in the 2024 goal (line 12).
    # No. 3 (省级智能制造示范车间, 1 / 1 / 7): the only task near it, task 6 (line 21), writes
    # 新增市级以上智能制造示范车间20个以上 (another level and newly added, not the provincial
    # count) and 省级智能制造示范工厂不少于2个 (工厂, not 车间); no goal names it either.
    assert [(r["indicator"], r["in_goals"]) for r in gaps["indicator-without-task"]] == [
        (1, True), (3, False)]
    # 各園區 cooperates on tasks 1, 2, 3, 5, 6, 7, 10, 23; 各街道 on task 1 only
    actors = {}
    for r in gaps["collective-actor"]:
        actors.setdefault(r["actor"], []).append((r["task"], r["role"]))
    assert actors == {"All parks": [(n, "cooperating") for n in (1, 2, 3, 5, 6, 7, 10, 23)],
                      "All subdistricts": [(1, "cooperating")]}
    # task 2 (line 16) sets 15 重点企业 and 10 专精特新 enterprises: no indicator for either
    task2 = [(r["value"], r["unit"]) for r in gaps["target-without-indicator"]
             if r["source"] == "task 2"]
    assert task2 == [("15", "家"), ("10", "家")]
    # task 3's 65亿元 measures indicator 6, so it is not a gap
    assert not any(r["source"] == "task 3" and r["value"] == "65"
                   for r in gaps["target-without-indicator"])


def test_coverage_rows_flatten_and_filter(G):
    rows = cov.coverage_rows(G, kinds=["task-without-cooperation", "indicator-without-task"],
                           lang="zh-Hans")
    assert [(r["kind"], r["subject"], r["detail"]) for r in rows] == [
        ("task-without-cooperation", "task 19", "牵头:区应急管理局"),
        ("indicator-without-task", "indicator 1", "牵头:区发展和改革局;总体目标中也有"),
        ("indicator-without-task", "indicator 3", "牵头:区工业和信息化局"),
    ]
    with pytest.raises(ValueError):
        cov.coverage_rows(G, kinds=["nonsense"])


# --------------------------------------------------------------------------- the hand-made plan


def test_consistent_plan_analyses():
    # tests/data/consistent_plan.txt: 区商务局 leads tasks 1, 2 and cooperates on 4;
    # 区农业农村局 leads 3, 4; each of the two leads one platform; 各园区 cooperates on 1.
    G = to_networkx(build_plan(DATA / "consistent_plan.txt").graph)
    rows = {r["organisation"]: r for r in A.workload(G, lang="zh-Hans")}
    assert (rows["区商务局"]["led"], rows["区商务局"]["cooperating"]) == ([1, 2], [4])
    assert (rows["区农业农村局"]["led"], rows["区农业农村局"]["indicators"]) == ([3, 4], [2, 3])
    # 区农业农村局 answers for indicators 2 and 3 (3 years each) and its tasks restate the
    # 2025 values (15个, 12亿元): 6 targets
    assert rows["区农业农村局"]["targets"] == 6
    gaps = cov.coverage(G)
    assert gaps["task-without-cooperation"] == []
    assert gaps["indicator-without-task"] == []
    assert gaps["target-without-indicator"] == []
    assert [r["task"] for r in gaps["collective-actor"]] == [1]
