"""`suchenggraph outline` and the report `build` prints: what the extractor read, with lines."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from suchenggraph.cli import main
from suchenggraph.extract import parse_file

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parent.parent / "data" / "source" / \
    "sucheng-digital-economy-plan-2022-2024.txt"


def sg(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def test_outline_of_an_assessment_scheme_whose_annex_holds_the_tasks():
    code, out, err = sg("outline", DATA / "assessment_annex.txt")
    assert code == 0
    assert out == """\
notice  L1  宿迁市人民政府办公室关于印发2022年度全市数字经济发展考评办法的通知
  宿政办发〔2022〕15号 · 宿迁市人民政府办公室 · 2022-03-01
plan 1  2022年度全市数字经济发展考评办法
  宿政办发〔2022〕15号 · 2022 · 宿迁市人民政府办公室 · 2022-03-01
    一、考评对象  L8
    二、考评内容  L10
    三、组织实施  L12
    附件1 2022年度全市数字经济发展考评指标  L15
      area 1  L17  网络建设
        task 1  L18  新建5G基站1500个
          clause L18  lead: 市工信局、市通信发展管理办公室 · deadline: 5月底完成 (2022-05-31)
        task 2  L19  推进千兆光网覆盖
          clause L19  lead: 市发改委、市工信局 · deadline: 持续推进 (ongoing)
      area 2  L20  算力设施
        task 3  L21  建成市大数据中心二期
          clause L21  lead: 市大数据管理局 · deadline: 2022年12月底前完成 (2022-12-31)
      area 3  L22  数字政府
        task 4  L23  推进“一网通办”,政务服务事项网上可办率达到95%以上
          clause L23  lead: 市行政审批局 · deadline: 二季度完成 (2022-06-30)
        task 5  L24  完善城市运行管理平台
          clause L24  lead: 市委网信办 · deadline: 持续推进 (ongoing)
  = 5 tasks, 5 clauses, 6 organisations
"""
    assert err == f"{os.path.relpath(DATA / 'assessment_annex.txt')}: 1 plan, 0 warnings\n"


def test_outline_json_has_every_clause_with_roles_and_deadline():
    code, out, _ = sg("outline", DATA / "assessment_annex.txt", "--json")
    assert code == 0
    doc = json.loads(out)
    plan = doc["plans"][0]
    assert (plan["title"], plan["period"], plan["tasks"]) == ("2022年度全市数字经济发展考评办法",
                                                             [2022, 2022], 5)
    clauses = [c for item in plan["items"] if item["kind"] == "task" for c in item["clauses"]]
    assert clauses[1] == {"line": 19, "lead": ["市发改委", "市工信局"], "cooperating": [],
                          "responsible": [], "deadline": "持续推进", "due": None,
                          "ongoing": True}


def test_outline_of_a_traditional_file_quotes_it_in_traditional():
    code, out, _ = sg("outline", SEED)
    assert code == 0
    assert "plan 1  宿城區數字經濟發展三年行動計劃\n" in out
    assert ("          clause L16  lead: 區商務局 · cooperating: 區發展和改革局、區科技局、"
            "區工業和信息化局、各園區\n") in out
    assert out.endswith("  = 31 tasks, 31 clauses, 35 organisations\n")


def test_a_warning_is_reported_with_its_line_and_strict_makes_it_an_error():
    code, out, err = sg("outline", DATA / "bad_no_clause.txt")
    assert code == 0
    assert "  warning L11: task 2 (没有条款的任务) has no responsibility clause" in out
    code, out, err = sg("outline", DATA / "bad_no_clause.txt", "--strict")
    assert (code, out) == (1, "")
    assert err == (f"Error: {DATA / 'bad_no_clause.txt'}:11: task 2 (没有条款的任务) has no "
                   "responsibility clause such as (X牵头,Y等按职责分工负责) (--strict)\n")


def test_build_reports_the_plans_of_a_notice_and_their_warnings(tmp_path):
    out = tmp_path / "out.ttl"
    code, stdout, stderr = sg("build", DATA / "bad_no_clause.txt", "--glossary",
                              DATA / "glossary.toml", "-o", out)
    assert code == 0, stderr
    assert stdout.startswith(f"Read {os.path.relpath(DATA / 'bad_no_clause.txt')}: 1 plan\n"
                             "  1. 测试区数字化样例行动计划 (测试区样例发〔2023〕2号 · test · "
                             "2023-2025): 1 task, 1 clause, 3 organisations\n")
    assert (f"Warning: {DATA / 'bad_no_clause.txt'}:11: task 2 (没有条款的任务) has no "
            "responsibility clause") in stderr
    code, stdout, stderr = sg("build", DATA / "bad_no_clause.txt", "--glossary",
                              DATA / "glossary.toml", "-o", tmp_path / "strict.ttl", "--strict")
    assert code == 1 and stderr.count("\n") == 1 and stderr.startswith("Error: ")
    assert not (tmp_path / "strict.ttl").exists()


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "is a folder, not a file"),
    (lambda p: os.mkfifo(p), "not a regular file: give the plan's text file"),
    (lambda p: p.write_bytes(b"\x00\x01\x02plan\n"), "this is a binary file, not a plan text"),
    (lambda p: p.write_bytes(b"\xff\xfe\xfd\n"), "cannot decode byte 0 as UTF-8 or GB18030"),
    (lambda p: p.write_text("\n  \n", encoding="utf-8"), "the file is empty"),
    (lambda p: p.write_text("一、总体要求\n坚持创新。\n", encoding="utf-8"),
     "no task with a responsibility clause such as (X牵头,Y配合) found"),
])
def test_hostile_sources_get_one_line_and_exit_1(tmp_path, make, message):
    src = tmp_path / "plan.txt"
    make(src)
    for args in (("outline", src), ("build", src, "-o", tmp_path / "out.ttl")):
        code, out, err = sg(*args)
        assert (code, out) == (1, "")
        assert err.count("\n") == 1 and message in err, err
        assert not (tmp_path / "out.ttl").exists()


def test_a_source_larger_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from suchenggraph import text

    monkeypatch.setattr(text, "MAX_TEXT_BYTES", 1000)
    src = tmp_path / "big.txt"
    src.write_text("一" * 2000, encoding="utf-8")
    code, out, err = sg("outline", src)
    assert (code, err) == (1, f"Error: {src}: 6,000 bytes is too large for a plan text (the "
                              "limit is 1,000 bytes)\n")


REVIEWED = [  # (text, what the outline must say): found by a review of the extractor
    ("样例行动计划\n一、主要任务\n1.培育企业。(区商务局牵头)\n到2024年,规模显著提升(较2021年翻一番。\n"
     "2.做事。(区科技局牵头)\n二、保障措施\n3.加强领导。(区政府办牵头)\n",
     "warning L4: a bracket is opened and never closed in this paragraph"),
    ("样例行动计划\n一、主要任务\n1.培育企业。(区商务局牵头)\n十三五、十四五期间,我区经济快速发展。\n"
     "第二百条 其他。\n", "= 1 tasks, 1 clauses, 1 organisations"),
    ("宿区样例发〔2022〕9号\n样例行动计划\n一、主要任务\n1.培育企业。(区商务局牵头)\n宿城区人民政府\n"
     "2022年2月30日\n", "warning L6: 2022年2月30日 is not a date: the plan's date is left out"),
    ("样例行动计划\n一、主要任务\n1.培育企业。(区商务局牵头)\n" + "各级党委政府、" * 30 + "要认真落实。\n"
     "宿城区人民政府\n2022年10月20日\n", "= 1 tasks, 1 clauses, 1 organisations"),
    ("样例行动计划\n一、主要任务\n1.培育企业" + "、" * 100000 + "(区商务局牵头)\n",
     "= 1 tasks, 1 clauses, 1 organisations"),
    # units separated by spaces (the heldout4 layout): a long run of spaces between two
    # units, and a line of 5,000 units, each took minutes in a quadratic regex
    ("样例行动计划\n一、主要任务\n1.培育企业。\n责任单位:区商务局" + " " * 200000 + "区科技局\n",
     "= 1 tasks, 1 clauses, 2 organisations"),
    ("样例行动计划\n一、主要任务\n1.培育企业。\n责任单位:"
     + " ".join(f"区第{i}局" for i in range(5000)) + "\n",
     "= 1 tasks, 1 clauses, 5000 organisations"),
]


@pytest.mark.parametrize("text, said", REVIEWED, ids=["unclosed", "numerals", "no-such-day",
                                                      "issuer-words", "long-line",
                                                      "long-space-run", "many-spaced-units"])
def test_what_a_review_found_reads_right(tmp_path, text, said):
    """No task lost after an unclosed bracket, no traceback on 十三五、 or 第二百条, no
    impossible date in the graph, no regular expression that takes minutes."""
    src = tmp_path / "plan.txt"
    src.write_text(text, encoding="utf-8")
    code, out, err = sg("outline", src)
    assert code == 0, err
    assert said in out
    if "unclosed" in said or "bracket" in said:
        assert "= 3 tasks" in out


def test_strict_stops_at_a_warning_about_the_notice(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text("宿城区人民政府关于印发《甲计划》和《乙方案》的通知\n各镇:\n现印发。\n宿城区人民政府\n"
                   "2022年10月20日\n丙行动计划\n一、主要任务\n1.培育企业。(区商务局牵头)\n",
                   encoding="utf-8")
    assert sg("outline", src, "--strict")[:2] == (1, "")


def test_a_task_line_with_only_its_number_is_a_warning_that_says_so(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text("样例行动计划\n一、主要任务\n1.培育企业。(区商务局牵头)\n2.\n3.做事。(区科技局牵头)\n",
                   encoding="utf-8")
    code, out, _ = sg("outline", src)
    assert code == 0
    assert "  warning L4: task 2 has no text: the line holds only its number\n" in out
    assert "= 2 tasks, 2 clauses, 2 organisations" in out
    assert sg("outline", src, "--strict")[2] == (
        f"Error: {src}:4: task 2 has no text: the line holds only its number (--strict)\n")


NO_UNIT = [  # (task 2's line, the clause the warning quotes, what it says of it)
    ("2.做事。(,、牵头)", "(,、牵头)", "names no unit"),
    ("2.做事。(、牵头负责)", "(、牵头负责)", "names no unit"),
    ("2.做事。(牵头单位:牵头)", "(牵头单位:牵头)", "names no unit"),
    ("2.做事。(牵头,区财政局配合)", "(牵头,区财政局配合)", "names no unit for 牵头"),
]


@pytest.mark.parametrize("line, clause, says", NO_UNIT)
def test_a_clause_that_names_no_unit_is_a_warning_and_never_an_organisation(tmp_path, line,
                                                                           clause, says):
    src = tmp_path / "plan.txt"
    src.write_text(f"样例行动计划\n一、主要任务\n1.培育企业。(区商务局牵头)\n{line}\n3.推进。(区科技局牵头)\n",
                   encoding="utf-8")
    code, out, err = sg("build", src, "-o", tmp_path / "out.ttl")
    assert code == 0, err
    assert f"Warning: {src}:4: task 2: the clause {clause} {says}: not read\n" in err
    assert "1 task" not in out and "2 tasks, 2 clauses, 2 organisations" in out
    assert '"牵头"@' not in (tmp_path / "out.ttl").read_text(encoding="utf-8")  # no such name
    plan = parse_file(src)
    assert [(t.number, t.leads) for t in plan.tasks] == [(1, ["区商务局"]), (3, ["区科技局"])]
    assert sg("outline", src, "--strict")[:2] == (1, "")


def test_a_task_table_cell_that_names_only_a_role_is_a_warning(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text("样例行动计划\n一、主要任务\n见附件。\n附件\n重点任务清单\n序号 |\n重点任务 |\n牵头单位 |\n"
                   "1 |\n培育企业 |\n区商务局 |\n2 |\n推进建设 |\n牵头 |\n", encoding="utf-8")
    code, out, _ = sg("outline", src)
    assert code == 0
    assert "  warning L14: task 2: the clause (牵头单位:牵头) names no unit: not read\n" in out
    assert "= 1 tasks, 1 clauses, 1 organisations" in out
