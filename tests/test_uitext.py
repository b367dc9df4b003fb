"""The one table of UI strings (suchenggraph/assets/ui.toml) and the modules that read it."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from suchenggraph import conflicts, coverage, progress_rule, uitext, viz
from suchenggraph.projection import example_graph
from suchenggraph.text import to_simplified

PACKAGE = Path(uitext.__file__).resolve().parent
ENTRIES = [(section, key, entry) for section, table in uitext.sections().items()
           for key, entry in table.items()]
# keys whose Traditional text names the scripts on purpose (简体 and 繁體 side by side)
NAMES_BOTH_SCRIPTS = {("viz", "search")}


def test_the_sections_are_the_modules_that_speak_to_people():
    assert sorted(uitext.sections()) == ["analyses", "conflicts", "progress", "viz"]


@pytest.mark.parametrize(("section", "key", "entry"), ENTRIES,
                         ids=[f"{s}.{k}" for s, k, _ in ENTRIES])
def test_every_entry_has_the_three_languages_and_the_same_placeholders(section, key, entry):
    assert sorted(entry) == sorted(uitext.LANGS)
    assert all(isinstance(v, str) and v.strip() for v in entry.values())
    fields = {lang: set(re.findall(r"\{(\w*)\}", text)) for lang, text in entry.items()}
    assert fields["zh-Hans"] == fields["en"] and fields["zh-Hant"] == fields["en"]


@pytest.mark.parametrize(("section", "key", "entry"), ENTRIES,
                         ids=[f"{s}.{k}" for s, k, _ in ENTRIES])
def test_the_traditional_text_says_what_the_simplified_says(section, key, entry):
    # written out by hand, so a stale copy would show here; OpenCC's own Traditional
    # differs in places (为 -> 爲, 考核 -> 考覈), which is why it is not generated
    if (section, key) in NAMES_BOTH_SCRIPTS:
        pytest.skip("names both scripts on purpose")
    assert to_simplified(entry["zh-Hant"]) == entry["zh-Hans"]


def test_words_and_word():
    assert uitext.words("viz", "zh-Hant")["close"] == "關閉"
    assert uitext.word("progress", "sheet", "zh-Hant") == "考核表"
    assert uitext.word("progress", "sheet", "fr") == "Assessment sheet"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        uitext.words("viz", "fr")
    with pytest.raises(TypeError):
        uitext.words("viz", "en")["close"] = "x"  # read-only: no module can change the table


def _language_tables(path: Path) -> list[int]:
    """Lines of dict literals keyed by the three languages whose values are tables."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"zh-Hans", "zh-Hant"} <= keys and any(isinstance(v, ast.Dict)
                                                      for v in node.values):
                found.append(node.lineno)
    return found


@pytest.mark.parametrize("module", ["viz", "vizlabels", "vizrecords", "conflicts", "progress",
                                    "progress_rule", "progress_read", "report"])
def test_no_module_keeps_a_translated_table_of_its_own(module):
    assert _language_tables(PACKAGE / f"{module}.py") == []


def test_analyses_keeps_no_language_table_of_its_own():
    # its target formatter became targetsfmt, the one formatter (issue 14), which keeps the
    # comparator words until they move into ui.toml
    for module in ("analyses.py", "coverage.py", "graphwalk.py"):
        assert _language_tables(PACKAGE / module) == []
    assert "不少于" in (PACKAGE / "targetsfmt.py").read_text(encoding="utf-8")


@pytest.fixture
def edited_table(tmp_path, monkeypatch):
    """A copy of ui.toml that the test edits; every reader sees the copy."""
    copy = tmp_path / "ui.toml"
    shutil.copyfile(uitext.UI_FILE, copy)

    def edit(old: str, new: str) -> None:
        text = copy.read_text(encoding="utf-8")
        assert old in text
        copy.write_text(text.replace(old, new, 1), encoding="utf-8")
        uitext.sections.cache_clear()
        uitext._by_lang.cache_clear()

    monkeypatch.setattr(uitext, "UI_FILE", copy)
    yield edit
    uitext.sections.cache_clear()
    uitext._by_lang.cache_clear()


def test_the_graph_page_conflicts_and_progress_read_the_table(edited_table):
    edited_table('close = { en = "Close"', 'close = { en = "Shut"')
    edited_table('sheet = { en = "Assessment sheet"', 'sheet = { en = "Score card"')
    edited_table('none = { en = "no lead"', 'none = { en = "nobody"')
    edited_table('"Annex 1 #{n}"', '"First annex, row {n}"')
    edited_table('lead = { en = "lead: {orgs}"', 'lead = { en = "led by {orgs}"')
    G = nx.MultiDiGraph()
    G.add_node("o", kind="organisation", label_en="Bureau")
    assert 'aria-label="Shut"' in viz.render_html(G)
    assert progress_rule.text("sheet") == "Score card"
    places = {f["a_place"] for f in conflicts.find_conflicts(example_graph(),
                                                              kinds=["indicator-lead"])}
    assert places == {"First annex, row 1"}
    rows = coverage.coverage_rows(example_graph(), kinds=["task-without-cooperation"])
    assert rows[0]["detail"].startswith("led by ")
