"""The interactive graph page: offline, escaped, filtered, written atomically (no browser here)."""

from __future__ import annotations

import ast
import copy
import json
import re
import subprocess
import sys
import zipfile
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from suchenggraph import viz, vizlayout
from suchenggraph.cli import main
from suchenggraph.errors import AmbiguousName, NameNotFound, UsageError
from suchenggraph.projection import to_networkx

ROOT = Path(__file__).resolve().parent.parent
PLAN = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024"
COMMERCE = "https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"

NASTY = {
    "script": '<script>window.__pwned = "script"</script>',
    "img": '<img src=x onerror="window.__pwned = \'img\'">',
    "quotes": 'He said "hi" & it\'s </script><!-- -->',
}


def nasty_graph():
    """A hand-made plan whose labels and texts try to inject markup."""
    G = nx.MultiDiGraph()
    G.add_node("urn:area:1", kind="area", number=1, label_en=NASTY["quotes"],
               label_zh_hans="行动<b>一</b>", label_zh_hant="行動<b>一</b>")
    G.add_node("urn:org:1", kind="organisation", label_en=NASTY["script"],
               label_zh_hans="区<i>商务</i>局", label_zh_hant="區<i>商務</i>局",
               org_kind="GovernmentDepartment")
    G.add_node("urn:org:2", kind="organisation", label_en=NASTY["img"],
               label_zh_hans="区\"科技\"局", label_zh_hant="區'科技'局")
    G.add_node("urn:task:1", kind="task", number=1, label_en=NASTY["img"],
               label_zh_hans="任务<script>", label_zh_hant="任務<script>", area="urn:area:1",
               text_zh_hans="<img src=x onerror=alert(1)>正文", line=3)
    G.add_node("urn:target:1", kind="target", label_zh_hans="<svg onload=alert(1)>",
               value=5, unit="<u>个</u>", comparator="AtLeast", year=2024)
    for u, v, k in [("urn:org:1", "urn:task:1", "leads"), ("urn:org:2", "urn:task:1",
                                                            "cooperates"),
                    ("urn:task:1", "urn:area:1", "in_area"),
                    ("urn:task:1", "urn:target:1", "sets_target")]:
        G.add_edge(u, v, key=k, kind=k)
    return G


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.data: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._in = attrs.get("id") if tag == "script" else None

    def handle_data(self, data):
        if self._in:
            self.data[self._in] = self.data.get(self._in, "") + data

    def handle_endtag(self, tag):
        self._in = None


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def page_data(html: str) -> dict:
    return json.loads(parse(html).data["sg-data"])


@pytest.fixture(scope="module")
def G(plan_ttl_graph):
    return to_networkx(plan_ttl_graph)


@pytest.fixture(scope="module")
def page(plan_ttl_graph):
    return viz.render_html(plan_ttl_graph)


# --------------------------------------------------------------------------- offline


def test_page_loads_nothing_from_outside(page):
    tags = parse(page).tags
    names = [t for t, _ in tags]
    assert names.count("script") == 3  # data, vis-network, the page's own
    for tag, attrs in tags:
        for attr in ("src", "href", "srcset", "data", "action", "formaction", "poster"):
            assert attr not in attrs, (tag, attrs)
    assert "link" not in names and "iframe" not in names and "img" not in names
    # nothing in the inlined JS/CSS pulls a remote file either
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=""", page, re.I)
    assert not re.search(r"""@import\b""", page)
    assert not re.search(r"""url\(\s*['"]?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"""\bimport\s*(\(\s*)?['"]https?://""", page)
    assert not re.search(r"""(src|href)\s*=\s*['"]?https?://""", page, re.I)
    assert "bootstrap" not in page.lower() and "tom-select" not in page.lower()
    # the page itself forbids any request, should anything try
    csp = next(a for t, a in tags if t == "meta" and a.get("http-equiv") ==
               "Content-Security-Policy")["content"]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp


def test_page_holds_the_whole_graph(page, G):
    data = page_data(page)
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(G)
    assert sorted((e["from"], e["to"], e["kind"]) for e in data["edges"]) == sorted(
        (u, v, k) for u, v, k in G.edges(keys=True))
    assert data["counts"] == {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}


def test_render_does_not_touch_its_input(G):
    before = (copy.deepcopy(dict(G.nodes(data=True))), sorted(G.edges(keys=True, data=True),
                                                                key=repr))
    viz.render_html(G, lang="zh-Hant", physics=True)
    after = (dict(G.nodes(data=True)), sorted(G.edges(keys=True, data=True), key=repr))
    assert before == after


def test_render_is_deterministic(plan_ttl_graph):
    assert viz.render_html(plan_ttl_graph) == viz.render_html(plan_ttl_graph)


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("lang", viz.LANGS)
def test_labels_are_escaped_and_kept_as_text(lang):
    html = viz.render_html(nasty_graph(), lang=lang, title='<script>alert("t")</script>')
    tags = parse(html)
    assert [t for t, _ in tags.tags].count("script") == 3
    assert not any(t in ("img", "svg", "b", "i", "u") and "onerror" in str(a)
                   for t, a in tags.tags)
    assert "img" not in [t for t, _ in tags.tags]
    for raw in ("<script>window", "<img src=x", "<svg onload", "</script><!--", "<b>一",
                'onerror="'):
        assert raw not in html
    assert "<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>" in html
    # the data carries the exact strings, to be drawn as text
    data = page_data(html)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert NASTY["script"] in nodes["urn:org:1"]["names"]
    assert NASTY["img"] in nodes["urn:task:1"]["names"]
    assert NASTY["quotes"] in nodes["urn:area:1"]["title"]
    assert "<img src=x onerror=alert(1)>正文" in nodes["urn:task:1"]["title"]
    # the area list is escaped HTML: the option shows the label as text
    area = {"en": NASTY["quotes"], "zh-Hans": "行动<b>一</b>", "zh-Hant": "行動<b>一</b>"}[lang]
    assert f"{escape(area)}</option>" in html


def test_json_in_script_cannot_close_the_element():
    text = viz._json_for_script({"a": "</script><script>x</script>", "b": "\u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><script>x</script>", "b": "\u2028"}


# --------------------------------------------------------------------------- what it shows


def test_every_kind_has_its_own_shape_and_colour():
    shapes = [s["shape"] for s in viz.NODE_STYLES.values()]
    colours = [s["color"] for s in viz.NODE_STYLES.values()]
    assert len(set(shapes)) == len(shapes) and len(set(colours)) == len(colours)
    from suchenggraph.projection import EDGE_KINDS, NODE_KINDS

    assert set(viz.NODE_STYLES) == set(NODE_KINDS)
    assert set(viz.EDGE_STYLES) == set(EDGE_KINDS)
    lead, coop = viz.EDGE_STYLES["leads"], viz.EDGE_STYLES["cooperates"]
    assert lead["dashes"] is False and lead["arrow"] is True
    assert coop["dashes"] and coop["color"] != lead["color"]


def test_edges_are_styled_and_titled(page, G):
    data = page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    for e in data["edges"]:
        st = viz.EDGE_STYLES[e["kind"]]
        assert e["dashes"] == st["dashes"]
        assert e["arrows"]["to"]["enabled"] is st["arrow"]
        assert e["title"]
    lead = next(e for e in data["edges"] if e["kind"] == "leads" and e["from"] == COMMERCE)
    assert lead["title"].startswith("Bureau of Commerce leads ")
    assert nodes[lead["to"]]["name"] in lead["title"]


def test_legend_lists_kinds_and_edge_styles(page, G):
    text = re.sub(r"<[^>]+>", " ", page.split('id="sg-legend"')[1].split("</aside>")[0])
    for word in ("Organisations", "Tasks", "Indicators", "Platforms", "Action areas", "Targets",
                 "Lead (solid, arrow)", "Cooperating (dashed)"):
        assert word in text
    counts = {k: sum(1 for _, a in G.nodes(data=True) if a["kind"] == k)
              for k in ("organisation", "target")}
    assert f"Targets {counts['target']}" in re.sub(r"\s+", " ", text)


def test_tooltip_is_plain_text_with_names_text_targets_and_source(page, G):
    data = page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    task = next(n for n, a in G.nodes(data=True) if a["kind"] == "task" and any(
        k == "sets_target" for _, _, k in G.out_edges(n, keys=True)))
    attrs = G.nodes[task]
    title = nodes[task]["title"]
    lines = title.split("\n")
    assert lines[0] == attrs["label_en"]
    assert attrs["label_zh_hans"] in lines[1] and attrs["label_zh_hant"] in lines[1]
    assert any(line.startswith("Lead: ") for line in lines)
    text_line = next(line for line in lines if line.startswith("Text: "))
    assert len(text_line) <= len("Text: ") + 140 and text_line.endswith("…")
    targets = [v for _, v, k in G.out_edges(task, keys=True) if k == "sets_target"]
    year = G.nodes[targets[0]]["year"]
    assert "Targets:" in lines and any(str(year) in line for line in lines if "•" in line)
    assert lines[-1] == f"Source: line {attrs['line']}"
    assert "<" not in title.replace(attrs.get("text_zh_hans") or "", "")


@pytest.mark.parametrize("lang,first", [("zh-Hans", "label_zh_hans"),
                                        ("zh-Hant", "label_zh_hant")])
def test_chinese_pages_label_in_their_script(plan_ttl_graph, G, lang, first):
    data = page_data(viz.render_html(plan_ttl_graph, lang=lang))
    org = next(n for n in data["nodes"] if n["id"] == COMMERCE)
    assert org["name"] == G.nodes[COMMERCE][first]
    assert org["title"].split("\n")[0] == G.nodes[COMMERCE][first]
    assert "Bureau of Commerce" in org["title"].split("\n")[1]
    assert data["lang"] == lang


def test_organisations_are_sized_by_workload(page, G):
    data = page_data(page)
    from suchenggraph.analyses import workload

    load = {r["id"]: r["tasks_led"] + r["tasks_cooperating"] + r["tasks_responsible"]
            + r["indicators_led"] + r["platforms_led"] for r in workload(G, include_idle=True)}
    orgs = [n for n in data["nodes"] if n["kind"] == "organisation"]
    assert {n["id"] for n in orgs} == set(load)
    ranked = sorted(orgs, key=lambda n: load[n["id"]])
    assert [n["size"] for n in ranked] == sorted(n["size"] for n in orgs)
    assert ranked[-1]["size"] > 2 * ranked[0]["size"]
    # every lead and cooperating edge counts once
    for org, total in load.items():
        assert total == sum(1 for _, _, k in G.out_edges(org, keys=True)
                            if k in ("leads", "cooperates", "responsible"))
    busiest = ranked[-1]
    row = next(r for r in workload(G) if r["id"] == busiest["id"])
    m = re.search(r"^Workload (\d+): leads (\d+) tasks?, (\d+) indicators?, (\d+) platforms?; "
                  r"cooperates on (\d+) tasks?; answers for (\d+) targets?$", busiest["title"], re.M)
    assert m and [int(x) for x in m.groups()] == [
        load[busiest["id"]], row["tasks_led"], row["indicators_led"], row["platforms_led"],
        row["tasks_cooperating"], row["targets"]]


def test_layout_groups_tasks_under_their_area(G):
    pos = viz.layout(G)
    areas = {n: pos[n][0] for n, a in G.nodes(data=True) if a["kind"] == "area"}
    for n, a in G.nodes(data=True):
        if a["kind"] in ("task", "platform"):
            assert abs(pos[n][0] - areas[a["area"]]) < vizlayout._COL_W / 2  # in its area's column
            assert pos[n][1] > pos[a["area"]][1]
    top_org = min(pos[n][1] for n, a in G.nodes(data=True) if a["kind"] == "organisation")
    assert top_org > max(pos[n][1] for n, a in G.nodes(data=True)
                         if a["kind"] in ("task", "platform", "indicator", "target"))
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot


def test_wrap_keeps_words_and_breaks_cjk():
    assert viz.wrap("a bb ccc", 4) == "a bb\nccc"
    assert max(len(x) for x in viz.wrap("区工业和信息化局牵头负责", 8).split("\n")) == 4


# --------------------------------------------------------------------------- filters


@pytest.mark.parametrize("name", ["Bureau of Commerce", "区商务局", "區商務局", "商务局", "commerce"])
def test_focus_by_name_in_any_script(G, name):
    H = viz.select(G, focus=name)
    assert COMMERCE in H
    expected = {COMMERCE} | set(G.successors(COMMERCE)) | set(G.predecessors(COMMERCE))
    assert set(H) == expected


def test_focus_depth(G):
    task = f"{PLAN}/task/1"
    assert set(viz.select(G, focus="task 1", depth=0)) == {task}
    one = set(viz.select(G, focus="任務 1", depth=1))
    two = set(viz.select(G, focus="task 1", depth=2))
    assert task in one and one < two
    assert G.nodes[task]["area"] in one


def test_focus_unknown_or_ambiguous(G):
    with pytest.raises(NameNotFound, match="did you mean 'Bureau of Commerce'"):
        viz.select(G, focus="Bureau of Comerce")
    with pytest.raises(AmbiguousName):
        viz.select(G, focus="局")


def test_area_filter(G):
    H = viz.select(G, area="area 3")
    area = f"{PLAN}/area/3"
    areas = viz.node_areas(G)
    assert set(H) == {n for n in G if area in areas[n]}
    tasks = {n for n, a in H.nodes(data=True) if a["kind"] == "task"}
    assert tasks == {n for n, a in G.nodes(data=True) if a["kind"] == "task"
                     and a["area"] == area}
    assert {a["kind"] for _, a in H.nodes(data=True)} >= {"area", "task", "organisation"}
    # every organisation drawn works on something in the area
    for n, a in H.nodes(data=True):
        if a["kind"] == "organisation":
            assert any(k in ("leads", "cooperates") for _, _, k in H.out_edges(n, keys=True))
    same = viz.select(G, area=G.nodes[area]["label_zh_hant"])
    assert set(same) == set(H)


def test_kind_filter(G):
    H = viz.select(G, kinds=["organisation", "task"])
    assert {a["kind"] for _, a in H.nodes(data=True)} == {"organisation", "task"}
    assert H.number_of_nodes() == sum(1 for _, a in G.nodes(data=True)
                                      if a["kind"] in ("organisation", "task"))
    assert {k for _, _, k in H.edges(keys=True)} == {"leads", "cooperates"}
    both = viz.select(G, focus="Bureau of Commerce", kinds=["task"])
    assert COMMERCE in both  # the focus always stays
    assert {a["kind"] for n, a in both.nodes(data=True) if n != COMMERCE} == {"task"}


def test_bad_filters(G):
    with pytest.raises(UsageError, match="unknown node kind 'bureau'"):
        viz.select(G, kinds=["bureau"])
    with pytest.raises(UsageError, match="nothing left"):
        viz.select(G, area="area 1", kinds=["goal"])
    with pytest.raises(UsageError, match="depth"):
        viz.select(G, focus="task 1", depth=-1)
    with pytest.raises(UsageError, match="unknown language"):
        viz.render_html(G, lang="fr")


def test_focus_page_counts(plan_ttl_graph, G):
    page = viz.render(plan_ttl_graph, focus="区商务局", depth=2, lang="zh-Hans")
    H = viz.select(G, focus="区商务局", depth=2)
    assert (page.node_count, page.edge_count) == (H.number_of_nodes(), H.number_of_edges())
    data = page_data(page.html)
    assert len(data["nodes"]) == H.number_of_nodes()
    # workload is the organisation's whole workload, not the part drawn
    org = next(n for n in data["nodes"] if n["id"] == COMMERCE)
    full = next(n for n in page_data(viz.render_html(G))["nodes"] if n["id"] == COMMERCE)
    assert org["size"] == full["size"]


def test_notebook_display(G):
    page = viz.render(G, kinds=["area"])
    shown = page._repr_html_()
    assert shown.startswith("<iframe srcdoc=\"&lt;!DOCTYPE html&gt;")
    assert 'sandbox="allow-scripts"' in shown


# --------------------------------------------------------------------------- CLI


def expected_counts(plan_ttl_graph, **kw):
    H = viz.select(to_networkx(plan_ttl_graph), **kw)
    return H.number_of_nodes(), H.number_of_edges()


def test_cli_writes_only_the_file(tmp_path, plan_ttl_graph, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(main, ["graph", "-o", "out/plan.html"])
    n, e = expected_counts(plan_ttl_graph)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {Path('out/plan.html')}: {n} nodes, {e} edges\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out", "plan.html"]
    html = (tmp_path / "out" / "plan.html").read_bytes().decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert (tmp_path / "out" / "plan.html").stat().st_mode & 0o044  # readable by others


@pytest.mark.parametrize("args,kw", [
    (["--focus", "區商務局", "--depth", "2", "--lang", "zh-Hant"],
     {"focus": "區商務局", "depth": 2}),
    (["--area", "area 3", "--kind", "task", "--kind", "organisation"],
     {"area": "area 3", "kinds": ["task", "organisation"]}),
    (["--kind", "area", "--physics"], {"kinds": ["area"]}),
])
def test_cli_options(tmp_path, plan_ttl_graph, args, kw):
    out = tmp_path / "g.html"
    result = CliRunner().invoke(main, ["graph", "-o", str(out), *args])
    n, e = expected_counts(plan_ttl_graph, **kw)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out}: {n} nodes, {e} edges\n"
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == n
    assert data["physics"] is ("--physics" in args)
    assert data["lang"] == (args[args.index("--lang") + 1] if "--lang" in args else "en")


@pytest.mark.parametrize("args,code,message", [
    (["--focus", "Bureau of Comerce"], 2,
     "Error: no organisation, task, indicator, platform or area is named 'Bureau of Comerce'; "
     "did you mean 'Bureau of Commerce', "),
    (["--area", "area 99"], 2, "Error: there is no area 99 (numbers run 1-10)\n"),
    (["--area", "area 1", "--kind", "goal"], 2,
     "Error: nothing left to draw: the --focus / --area / --kind filters exclude every node\n"),
    (["--depth", "2"], 2, "Error: --depth needs --focus\n"),
    (["--kind", "bureau"], 2, None),
    (["--lang", "fr"], 2, None),
])
def test_cli_errors_leave_the_old_file(tmp_path, args, code, message):
    out = tmp_path / "g.html"
    out.write_text("old", encoding="utf-8")
    result = CliRunner().invoke(main, ["graph", "-o", str(out), *args])
    assert result.exit_code == code
    assert result.stdout == ""
    if message is not None:  # the last line names what was wrong
        assert result.stderr.endswith("\n")
        assert result.stderr.splitlines()[-1].startswith(message.rstrip("\n"))
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html"]


def test_cli_bad_data_and_bad_folder(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <urn:x#> .\nx:a x:b \n", encoding="utf-8")
    result = CliRunner().invoke(main, ["graph", "-o", str(tmp_path / "g.html"), "--data",
                                       str(bad)])
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {bad}:")
    result = CliRunner().invoke(main, ["graph", "-o", str(tmp_path / "no" / "g.html")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'no'}: folder does not exist\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]


def test_cli_write_is_atomic(tmp_path, monkeypatch):
    out = tmp_path / "g.html"
    out.write_text("old", encoding="utf-8")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", boom)
    result = CliRunner().invoke(main, ["graph", "-o", str(out), "--kind", "area"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html"]  # no temporary left


def test_cli_help_lists_the_options():
    result = CliRunner().invoke(main, ["graph", "--help"])
    assert result.exit_code == 0
    for option in ("-o, --output", "--focus NAME", "--depth N", "--area NAME", "--kind",
                   "--lang [en|zh-Hans|zh-Hant]", "--physics / --no-physics", "--data"):
        assert option in result.stdout


def test_wheel_ships_the_page_assets(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheel_dir), str(ROOT)], check=True)
    names = set(zipfile.ZipFile(next(wheel_dir.glob("suchenggraph-*.whl"))).namelist())
    for asset in ("graph.html", "graph.js", "graph.css", "ui.toml"):
        assert f"suchenggraph/assets/{asset}" in names


# the page is made in stages, one module each, each importing only the stages below it
VIZ_LAYERS = ["vizstyle", "vizlabels", "vizlayout", "vizrecords", "viz"]


@pytest.mark.parametrize("module", VIZ_LAYERS)
def test_each_stage_of_the_page_is_a_module_a_reader_can_hold(module):
    path = Path(viz.__file__).with_name(f"{module}.py")
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 500
    tree = ast.parse(text)
    # the page's markup, style and script live in assets/, not in Python strings
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef)
                  and ast.get_docstring(n) is not None}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str) and id(n) not in docstrings]
    for needle in ("<style", "<script", "<body", "function (", "addEventListener"):
        assert not any(needle in s for s in strings), needle
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            imported |= {node.module} if node.module else {a.name for a in node.names}
    above = VIZ_LAYERS[VIZ_LAYERS.index(module):]
    assert not imported & set(above), f"{module} imports a stage at or above it"
