"""The extractor on hand-made plan texts: each clause form, each bad input, each encoding."""

from __future__ import annotations

import re

import pytest
from conftest import DATA, SOURCE, TEST_GLOSSARY
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from suchenggraph.build import build_plan
from suchenggraph.errors import SourceError
from suchenggraph.extract import parse_clause, parse_file, parse_plan
from suchenggraph.vocab import SG

ROLE_PROPS = (SG.lead, SG.cooperatingUnit, SG.responsibleUnit)


def _responsibilities(graph: Graph) -> Graph:
    out = Graph()
    for prop in ROLE_PROPS:
        for s, o in graph.subject_objects(prop):
            out.add((s, prop, o))
    return out


def _assert_isomorphic(expected: Graph, actual: Graph):
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail("graphs differ\nonly expected:\n"
                    + only_expected.serialize(format="nt")
                    + "\nonly actual:\n" + only_actual.serialize(format="nt"))


def test_clause_forms_give_the_expected_graph():
    built = build_plan(DATA / "clause_forms.txt", glossary=TEST_GLOSSARY)
    expected = Graph().parse(DATA / "clause_forms.expected.ttl")
    _assert_isomorphic(expected, _responsibilities(built.graph))
    assert built.warnings == []


def test_clause_order_is_kept():
    plan = parse_file(DATA / "clause_forms.txt")
    task9 = next(t for t in plan.tasks if t.number == 9)
    assert task9.cooperating == ["区商务局", "各园区", "各街道"]


def test_several_clauses_each_cover_the_sentences_before_them():
    plan = parse_file(DATA / "clause_forms.txt")
    task7 = next(t for t in plan.tasks if t.number == 7)
    assert [(c.scope.quote, c.leads) for c in task7.clauses] == [
        ("第一句。", ["区商务局"]),
        ("第二句。", ["区科技局"]),
    ]


def test_first_listed_unit_leads_only_where_the_document_says_so(tmp_path):
    text = (DATA / "clause_forms.txt").read_text(encoding="utf-8")
    said = text.replace("制定本样例计划。", "制定本样例计划。责任单位中排名第一的为牵头单位。")
    task6 = next(t for t in parse_plan(said).tasks if t.number == 6)
    # the first leads, the others work with it: a task has a lead or a responsible list
    assert (task6.leads, task6.cooperating, task6.responsible) == (["区教育局"], ["区商务局"], [])
    plain6 = next(t for t in parse_plan(text).tasks if t.number == 6)
    assert plain6.leads == []


@pytest.mark.parametrize(
    "clause, leads, cooperating",
    [
        ("区商务局牵头", ["区商务局"], []),
        ("区商务局、区科技局牵头", ["区商务局", "区科技局"], []),
        ("区商务局负责", ["区商务局"], []),
        ("区商务局牵头,区科技局配合", ["区商务局"], ["区科技局"]),
        ("区商务局牵头;区科技局等配合", ["区商务局"], ["区科技局"]),
        ("区商务局牵头,各镇(街道)按职责分工负责", ["区商务局"], ["各镇(街道)"]),
        ("牵头单位:区商务局;配合单位:区科技局", ["区商务局"], ["区科技局"]),
        ("区专班牵头单位负责", ["区专班牵头单位"], []),
    ],
)
def test_parse_clause(clause, leads, cooperating):
    parsed = parse_clause(clause)
    assert (parsed.leads, parsed.cooperating) == (leads, cooperating)


def test_a_clause_without_roles_is_refused():
    with pytest.raises(ValueError, match="no role"):
        parse_clause("区商务局、区科技局")


def test_full_width_punctuation_and_digits_read_the_same():
    text = (DATA / "clause_forms.txt").read_text(encoding="utf-8")
    wide = text.translate({ord(c): ord(c) + 0xFEE0 for c in "(),:;.0123456789"})
    assert wide != text
    a = parse_plan(text)
    b = parse_plan(wide)
    assert [(t.number, t.leads, t.cooperating, t.responsible) for t in a.tasks] == [
        (t.number, t.leads, t.cooperating, t.responsible) for t in b.tasks
    ]


@pytest.mark.parametrize(
    "name, line, message",
    [
        ("bad_no_clause.txt", 11, "task 2 (没有条款的任务) has no responsibility clause"),
        ("bad_truncated.txt", 11, "is the file truncated?"),
        ("empty.txt", None, "the file is empty"),
        ("bad_encoding.txt", 2, "cannot decode byte"),
    ],
)
def test_bad_input_names_file_line_and_problem(name, line, message):
    with pytest.raises(SourceError) as info:
        parse_file(DATA / name, strict=True)
    err = info.value
    assert err.path.endswith(name)
    assert err.line == line
    assert message in err.message
    assert "\n" not in err.one_line()


@pytest.mark.parametrize(
    "cut_before, message",
    [
        ("附件1\n", "annexes announced but"),  # both annexes cut off (an error with --strict)
        ("區委網信辦(數字經濟筑盾引航行動)", "row 12 has 1 of 2 cells"),  # last row cut
    ],
)
def test_truncated_real_plan_is_refused(tmp_path, cut_before, message):
    text = SOURCE.read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index(cut_before)], encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        parse_file(cut, strict=True)


def test_a_task_without_a_clause_is_a_warning_with_its_line():
    plan = parse_file(DATA / "bad_no_clause.txt")
    assert [t.number for t in plan.tasks] == [1]
    assert plan.warnings == [(11, "task 2 (没有条款的任务) has no responsibility clause such as "
                                  "(X牵头,Y等按职责分工负责)")]


def test_lenient_builds_what_it_can_and_lists_the_rest():
    built = build_plan(DATA / "bad_no_clause.txt", glossary=TEST_GLOSSARY, lenient=True)
    assert [t.number for t in built.plan.tasks] == [1]
    assert built.skipped == [
        "line 11: task 2 (没有条款的任务) has no responsibility clause such as (X牵头,Y等按职责分工负责)"
    ]


def test_unknown_organisation_is_kept_with_a_warning_and_strict_refuses(tmp_path):
    text = (DATA / "clause_forms.txt").read_text(encoding="utf-8")
    src = tmp_path / "plan.txt"
    src.write_text(text.replace("(区商务局牵头)\n", "(区新设局牵头)\n", 1), encoding="utf-8")
    built = build_plan(src, glossary=TEST_GLOSSARY)
    assert len(built.warnings) == 1 and "'区新设局' is not in the glossary" in built.warnings[0]
    labels = {str(o) for o in built.graph.objects(None, None) if str(o) in ("区新设局", "區新設局")}
    assert labels == {"区新设局", "區新設局"}
    with pytest.raises(SourceError, match="--strict"):
        build_plan(src, glossary=TEST_GLOSSARY, strict=True)


@pytest.mark.parametrize(
    "sentence",
    [
        "责任单位中排名第一的为牵头单位。",
        "各项任务责任单位中排在第一位的为牵头单位。",
        "责任单位列首位的单位是牵头部门。",
    ],
)
def test_first_listed_lead_phrasings(sentence):
    text = (DATA / "clause_forms.txt").read_text(encoding="utf-8")
    said = text.replace("制定本样例计划。", "制定本样例计划。" + sentence)
    task6 = next(t for t in parse_plan(said).tasks if t.number == 6)
    assert task6.leads == ["区教育局"]


def test_a_clause_that_names_no_lead_makes_every_unit_responsible(tmp_path):
    text = (DATA / "clause_forms.txt").read_text(encoding="utf-8")
    src = tmp_path / "plan.txt"
    src.write_text(text.replace("(区商务局牵头)\n", "(区商务局、区科技局等按职责分工负责)\n", 1),
                   encoding="utf-8")
    task2 = next(t for t in parse_file(src).tasks if t.number == 2)
    assert (task2.leads, task2.cooperating, task2.responsible) == (
        [], [], ["区商务局", "区科技局"])


def test_spaces_after_the_task_number_are_not_part_of_the_title():
    text = (DATA / "clause_forms.txt").read_text(encoding="utf-8")
    task2 = next(t for t in parse_plan(text.replace("2.仅牵头", "2. 仅牵头")).tasks
                 if t.number == 2)
    assert task2.title == "仅牵头"
    assert task2.text.startswith("仅牵头。")


@pytest.mark.parametrize(
    "keep, message",
    [
        # quoted as the (Traditional) file writes it, though parsed in Simplified
        (lambda t: "\n".join(t.split("\n")[:259]), "the annex lists 11 platforms but the text "
         "announces 十二個平臺 (12): is the file truncated?"),
        (lambda t: t[: t.index("區行政審批局(數字政府加速建設行") + 15],
         "has an unclosed parenthesis: is the file truncated?"),
    ],
)
def test_a_plan_cut_at_a_row_or_inside_a_cell_is_refused(tmp_path, keep, message):
    cut = tmp_path / "cut.txt"
    cut.write_text(keep(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(SourceError, match=re.escape(message)):
        parse_file(cut)


def test_errors_quote_the_text_in_the_script_of_the_file(tmp_path):
    """A Traditional file's errors quote it in Traditional, a Simplified file's in
    Simplified: the reader searches the file for what the message quotes."""
    from suchenggraph.text import to_simplified

    text = SOURCE.read_text(encoding="utf-8")
    bad = text.replace("(區農業農村局牽頭,現代農業產業園按職責分工負責)",
                       "(區農業農村局牽頭,現代農業產業園)", 1)
    line = bad[: bad.index("現代農業產業園)")].count("\n") + 1
    for name, body, quoted in [
            ("hant.txt", bad, "(區農業農村局牽頭,現代農業產業園) no role for 現代農業產業園"),
            ("hans.txt", to_simplified(bad), "(区农业农村局牵头,现代农业产业园) no role for 现代农业产业园")]:
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        with pytest.raises(SourceError) as err:
            parse_file(path, strict=True)
        assert err.value.one_line() == (f"{path}:{line}: task 11: responsibility clause "
                                        f"{quoted}: not read (--strict)")
        # every quoted character stands in the file
        assert {c for c in quoted if ord(c) > 0x2E80} <= set(body)


def test_targets_that_describe_a_thing_are_not_targets(real_build):
    task24 = next(t for t in real_build.plan.tasks if t.number == 24)
    # 完成100盏智慧路燈改造 and 近8萬戶用戶端智能表安裝 are targets; 30萬標箱吞量 and
    # 散貨1500萬噸 describe what the port's dispatch platform must serve.
    assert [(t.metric, t.value, t.unit, t.comparator) for t in task24.targets] == [
        ("智慧路灯改造", "100", "盏", "Exactly"),
        ("用户端智能表安装", "8", "万户", "About"),
    ]


def test_magnitudes_increases_and_subjects(real_build):
    tasks = {t.number: t for t in real_build.plan.tasks}
    # task 7: 標識注冊量過億
    assert ("标识注册量", "1", "亿", "MoreThan") in [
        (t.metric, t.value, t.unit, t.comparator) for t in tasks[7].targets]
    # task 8: 車貨匹配率提高50%以上、網絡貨運90%以上 are rises, not levels
    assert [(t.metric, t.increase) for t in tasks[8].targets if t.unit == "%"] == [
        ("“互联网+”车货匹配率", True), ("网络货运", True)]
    # task 3: 大數據+有所突破,實現產值5億元以上
    assert "大数据+产值" in [t.metric for t in tasks[3].targets]
    # task 9 writes no year: the end of the plan period, marked as inferred
    assert {(t.year, t.year_inferred) for t in tasks[9].targets} == {(2024, True)}
