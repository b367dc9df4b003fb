"""The page in a real browser: headless Chromium with the network cut.

Uses Debian's ``chromium`` and ``chromedriver`` (``bash scripts/ensure-chromium``) through
selenium, driven by the same helper as ``scripts/screenshot.py``. Without a browser the
tests fail, however they are run (``-m "not browser"`` leaves them out on purpose).
"""

from __future__ import annotations

import importlib.util
import json
import struct
import time
from pathlib import Path

import pytest

from suchenggraph import viz
from suchenggraph.graphio import write_atomic
from suchenggraph.projection import to_networkx

ROOT = Path(__file__).resolve().parent.parent
PLAN = "https://w3id.org/suchenggraph/plan/sucheng-digital-economy-2022-2024"
COMMERCE = "https://w3id.org/suchenggraph/org/sucheng/commerce-bureau"


def _helper():
    spec = importlib.util.spec_from_file_location("sg_screenshot", ROOT / "scripts" /
                                                  "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shot = _helper()


pytestmark = pytest.mark.browser


def _no_browser(reason: str):
    from conftest import missing_tool

    missing_tool(reason, "browser", "bash scripts/ensure-chromium, as root")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    try:
        import selenium  # noqa: F401
    except ImportError:
        _no_browser("selenium is not installed (pip install -e '.[browser]')")
    if shot.find_browser() is None:
        _no_browser("chromium / chromedriver not found")
    drv = shot.make_driver(tmp_path_factory.mktemp("chromium-profile"), (1600, 1000))
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def G(plan_ttl_graph):
    return to_networkx(plan_ttl_graph)


def js(drv, script, *args):
    return drv.execute_script(script, *args)


def wait_for(drv, script, timeout=10.0, *args):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = drv.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {script}")


def load(drv, path: Path) -> float:
    drv.get_log("browser")  # drop what earlier pages logged
    return shot.open_page(drv, path)


def console_errors(drv) -> list[dict]:
    return [e for e in drv.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def search(drv, text: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = drv.find_element(By.ID, "sg-search")
    box.clear()
    js(drv, "document.getElementById('sg-search').dispatchEvent(new Event('input'))")
    box.send_keys(text)
    first = wait_for(drv, "var li = document.querySelector('#sg-results li[data-id]');"
                          "return li && !document.getElementById('sg-results').hidden"
                          " ? li.getAttribute('data-id') : null;")
    box.send_keys(Keys.ENTER)
    return first


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- tests


def test_the_network_is_cut(driver):
    from selenium.common.exceptions import WebDriverException

    with pytest.raises(WebDriverException, match="ERR_"):
        driver.get("http://example.com/")


@pytest.mark.parametrize("lang,physics", [("en", False), ("zh-Hans", True), ("zh-Hant", False)])
def test_whole_plan_draws_offline(driver, tmp_path, plan_ttl_graph, G, lang, physics):
    page = write_atomic(tmp_path / "plan.html",
                        viz.render_html(plan_ttl_graph, lang=lang, physics=physics))
    seconds = load(driver, page)
    assert seconds < 10, f"took {seconds:.1f} s to settle"
    counts = js(driver, """
        var g = window.sgGraph, b = g.network.body;
        return [g.nodes.length, g.edges.length, g.nodeView.length, g.edgeView.length,
                b.nodeIndices.length, b.edgeIndices.length];""")
    n, e = G.number_of_nodes(), G.number_of_edges()
    assert counts == [n, e, n, e, n, e]
    assert js(driver, "return performance.getEntriesByType('resource').length") == 0
    assert console_errors(driver) == []
    # fitted: every node is inside the drawing area, and the names are big enough to read
    outside = js(driver, """
        var g = window.sgGraph, net = g.network, box = document.getElementById('sg-network');
        var w = box.clientWidth, h = box.clientHeight, out = [];
        g.nodes.getIds().forEach(function (id) {
          var p = net.canvasToDOM(net.getPosition(id));
          if (p.x < 0 || p.y < 0 || p.x > w || p.y > h) { out.push(id); }
        });
        return out;""")
    assert outside == []
    px = js(driver, "return window.sgGraph.network.getScale()") * min(
        viz.NODE_STYLES[k]["font"] for k in ("organisation", "area"))
    assert px >= 8, f"organisation and area names drawn at {px:.1f} px"
    assert js(driver, "return document.body.getAttribute('data-state')") == "ready"
    driver.save_screenshot(str(tmp_path / f"plan-{lang}.png"))
    assert png_size(tmp_path / f"plan-{lang}.png")[0] == 1600


def test_search_focuses_a_node_by_chinese_or_english_name(driver, tmp_path, plan_ttl_graph, G):
    page = write_atomic(tmp_path / "plan.html", viz.render_html(plan_ttl_graph))
    load(driver, page)
    task1 = f"{PLAN}/task/1"
    task12 = f"{PLAN}/task/12"
    cases = [
        ("区商务局", COMMERCE),  # Simplified
        ("區商務局", COMMERCE),  # Traditional
        ("商務", COMMERCE),  # part of a name
        ("bureau of commerce", COMMERCE),
        (G.nodes[task1]["label_zh_hant"], task1),
        (G.nodes[task1]["label_zh_hans"], task1),
        ("任務 12", task12),
        ("task 12", task12),
    ]
    for text, node in cases:
        first = search(driver, text)
        assert first == node, text
        wait_for(driver, "return window.sgGraph.network.getSelectedNodes()[0] === arguments[0]",
                 5, node)
        # the view is centred on it, and the details panel shows its names as text
        wait_for(driver, """
            var net = window.sgGraph.network, v = net.getViewPosition(),
                p = net.getPosition(arguments[0]);
            return Math.abs(v.x - p.x) < 10 && Math.abs(v.y - p.y) < 10;""", 5, node)
        details = js(driver, "return document.getElementById('sg-details').hidden ? null :"
                             " document.getElementById('sg-details-text').innerText;")
        assert details.split("\n")[0] == G.nodes[node]["label_en"]
        assert G.nodes[node]["label_zh_hans"] in details
        assert G.nodes[node]["label_zh_hant"] in details
    # a node whose kind is switched off comes back when searched for
    js(driver, "var b = document.querySelector('#sg-legend-nodes input[data-kind=organisation]');"
               "b.click();")
    assert not js(driver, "return window.sgGraph.nodeView.get(arguments[0]) !== null", COMMERCE)
    search(driver, "区商务局")
    wait_for(driver, "return window.sgGraph.network.getSelectedNodes()[0] === arguments[0]",
             5, COMMERCE)
    assert js(driver, "return window.sgGraph.nodeView.length") == G.number_of_nodes()
    # nothing found: the list says so
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "sg-search")
    box.clear()
    box.send_keys("zzzz不存在")
    assert wait_for(driver, "var li = document.querySelector('#sg-results li.sg-none');"
                            "return li && li.textContent;") == "No match"
    assert console_errors(driver) == []


def test_kind_and_area_filters(driver, tmp_path, plan_ttl_graph, G):
    page = write_atomic(tmp_path / "plan.html", viz.render_html(plan_ttl_graph))
    load(driver, page)
    targets = {n for n, a in G.nodes(data=True) if a["kind"] == "target"}
    js(driver, "document.querySelector('#sg-legend-nodes input[data-kind=target]').click()")
    shown = set(js(driver, "return window.sgGraph.nodeView.getIds()"))
    assert shown == set(G) - targets
    edges = js(driver, "return window.sgGraph.edgeView.length")
    assert edges == sum(1 for u, v in G.edges() if u not in targets and v not in targets)
    js(driver, "document.querySelector('#sg-legend-nodes input[data-kind=target]').click()")
    assert js(driver, "return window.sgGraph.nodeView.length") == G.number_of_nodes()

    area = f"{PLAN}/area/3"
    js(driver, "var s = document.getElementById('sg-area'); s.value = arguments[0];"
               "s.dispatchEvent(new Event('change'));", area)
    shown = set(js(driver, "return window.sgGraph.nodeView.getIds()"))
    assert shown == set(viz.select(G, area="area 3"))
    js(driver, "var s = document.getElementById('sg-area'); s.value = '';"
               "s.dispatchEvent(new Event('change'));")
    assert js(driver, "return window.sgGraph.nodeView.length") == G.number_of_nodes()
    assert console_errors(driver) == []


def test_hostile_labels_run_nothing(driver, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from test_viz import NASTY, nasty_graph

    H = nasty_graph()
    page = write_atomic(tmp_path / "nasty.html", viz.render_html(H, title=NASTY["script"]))
    load(driver, page)
    assert js(driver, "return typeof window.__pwned") == "undefined"
    assert js(driver, "return document.images.length") == 0
    assert js(driver, "return document.scripts.length") == 3
    assert js(driver, "return document.title") == NASTY["script"]
    names = js(driver, "return window.sgGraph.nodes.get('urn:org:1').names")
    assert NASTY["script"] in names
    # hovering shows the tooltip as text, markup and all
    canvas = driver.find_element(By.CSS_SELECTOR, "#sg-network canvas")
    x, y = js(driver, """
        var net = window.sgGraph.network, p = net.canvasToDOM(net.getPosition('urn:org:1'));
        var c = document.querySelector('#sg-network canvas');
        return [p.x - c.clientWidth / 2, p.y - c.clientHeight / 2];""")
    ActionChains(driver).move_to_element_with_offset(canvas, int(x), int(y)).perform()
    tip = wait_for(driver, "var t = document.querySelector('div.vis-tooltip');"
                           "return t && t.style.visibility !== 'hidden' && t.innerText ?"
                           " [t.innerText, Array.prototype.map.call(t.querySelectorAll('*'),"
                           " function (e) { return e.tagName; })] : null;")
    assert tip[0].split("\n")[0] == NASTY["script"]
    assert set(tip[1]) <= {"BR"}  # plain text: innerText turns line breaks into <br>
    # searching for the markup finds the node and lists it as text
    search(driver, "<script>")
    wait_for(driver, "return window.sgGraph.network.getSelectedNodes().length === 1")
    listed = js(driver, "return Array.prototype.map.call("
                        "document.querySelectorAll('#sg-results li span:first-child'),"
                        "function (s) { return s.textContent; });")
    assert NASTY["script"] in listed
    detail = js(driver, "return document.getElementById('sg-details-text').textContent")
    assert "<" in detail and js(driver, "return document.querySelectorAll("
                                        "'#sg-details-text *').length") == 0
    assert js(driver, "return typeof window.__pwned") == "undefined"
    assert js(driver, "return document.scripts.length") == 3
    assert console_errors(driver) == []


def test_page_shows_inline_in_a_notebook_cell(driver, tmp_path, plan_ttl_graph, G):
    from selenium.webdriver.common.by import By

    page = viz.render(plan_ttl_graph, focus="Bureau of Commerce")
    cell = write_atomic(tmp_path / "cell.html", "<!DOCTYPE html><html><body><p>Out[1]:</p>"
                        + page._repr_html_() + "</body></html>")
    driver.get_log("browser")
    driver.get(cell.as_uri())
    driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))
    try:
        wait_for(driver, "return !!(window.sgGraph && window.sgGraph.stabilized)")
        assert js(driver, "return [window.sgGraph.nodeView.length, window.sgGraph.edgeView.length]"
                  ) == [page.node_count, page.edge_count]
        assert js(driver, "return window.sgGraph.network.getSelectedNodes()") == [COMMERCE]
    finally:
        driver.switch_to.default_content()
    assert console_errors(driver) == []


def test_screenshot_script(driver, tmp_path):
    out = tmp_path / "shot.png"
    assert shot.main(["-o", str(out), "--size", "1200x800"]) == 0
    width, height = png_size(out)
    assert width == 1200 and 500 < height <= 800
    assert json.dumps(sorted(p.name for p in tmp_path.iterdir())) == '["shot.png"]'


def test_a_plan_that_is_not_the_seed_draws(driver, tmp_path):
    """A district plan with no annexes, numbering restarting per section (issue 11)."""
    from suchenggraph.build import build_checked

    built = build_checked(ROOT / "tests" / "data" / "corpus" /
                          "heldout-hubei-district-river-paren-items.txt")
    G2 = to_networkx(built.graph)
    page = write_atomic(tmp_path / "other.html", viz.render_html(built.graph, lang="zh-Hans"))
    load(driver, page)
    counts = js(driver, "var g = window.sgGraph; return [g.nodes.length, g.edges.length];")
    assert counts == [G2.number_of_nodes(), G2.number_of_edges()]
    assert G2.number_of_nodes() > 20
    assert console_errors(driver) == []
    assert js(driver, "return document.body.getAttribute('data-state')") == "ready"
