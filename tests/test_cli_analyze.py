"""`analyze`, `check` and `export`: exact output, formats, exit codes, bad input.

The expected tables were checked against the plan text (data/source/*.txt); the
derivations are in tests/test_analyses.py and tests/test_conflicts.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from suchenggraph.cli import main
from suchenggraph.resources import default_plan

CONSISTENT = str(DATA / "consistent_plan.txt")


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_analyze_pairs_exact():
    r = invoke("analyze", "pairs", "--top", "3")
    assert r.exit_code == 0
    assert r.stdout == (
        "a                                              b                                     "
        "         shared_tasks  tasks\n"
        "---------------------------------------------  ------------------------------------"
        "---------  ------------  ----------------------------------\n"
        "Bureau of Industry and Information Technology  Science and Technology Bureau       "
        "                     11  1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22\n"
        "All parks                                      Bureau of Industry and Information T"
        "echnology             8  1, 2, 3, 5, 6, 7, 10, 23\n"
        "Development and Reform Bureau                  Bureau of Industry and Information T"
        "echnology             8  1, 2, 4, 8, 10, 20, 21, 22\n"
    )


def test_analyze_bridges_exact():
    r = invoke("analyze", "bridges", "--min-areas", "5", "--lang", "zh-Hans")
    assert r.exit_code == 0
    assert r.stdout == (
        "organisation      areas  area_numbers      lead_areas  tasks  sole_links\n"
        "----------------  -----  ----------------  ----------  -----  ----------\n"
        "区工业和信息化局      6  1, 2, 3, 7, 8, 9  1, 2           15  8-9\n"
        "区科技局              6  1, 2, 3, 5, 7, 9  7              13  2-5\n"
        "区发展和改革局        5  1, 3, 5, 7, 8     1, 3           13\n"
    )


def test_analyze_coverage_exact_in_traditional():
    r = invoke("analyze", "coverage", "--kind", "task-without-cooperation",
               "--kind", "indicator-without-task", "--lang", "zh-Hant")
    assert r.exit_code == 0
    assert r.stdout == (
        "kind                      subject      name                             detail"
        "                              line\n"
        "------------------------  -----------  -------------------------------  "
        "----------------------------------  ----\n"
        "task-without-cooperation  task 19      加快安全生產數字化轉型           牽頭:區應急管理局"
        "                     38\n"
        "indicator-without-task    indicator 1  數字經濟核心產業增加值占GDP比重  牽頭:區發展和改革局;"
        "總體目標中也有    77\n"
        "indicator-without-task    indicator 3  省級智能制造示范車間             牽頭:區工業和信息化局"
        "                 94\n"
    )


def test_analyze_workload_head_and_formats():
    r = invoke("analyze", "workload", "--lang", "zh-Hans")
    assert r.exit_code == 0
    # 区工业和信息化局's 27 targets: Annex 1 rows 2, 3, 4, 8 (3 years each: 12), plus the
    # targets written in the tasks it leads that restate none of those: task 3 (line 17) 4
    # of 5 (微电子 15亿元 is row 8), task 5 (line 20) 4, task 6 (line 21) 6 of 7 (180家 is row
    # 2; 新增市级以上示范车间20个 is not row 3, 省级), task 7 (line 22) 1 of 2 (超60家 is row
    # 4; 标识注册量过亿 is no row): 12 + 4 + 4 + 6 + 1
    assert r.stdout.splitlines()[:4] == [
        "organisation            tasks_led  tasks_cooperating  indicators_led  platforms_led"
        "  targets  areas  led",
        "----------------------  ---------  -----------------  --------------  -------------"
        "  -------  -----  --------------",
        "区工业和信息化局                5                 10               4              0"
        "       27      6  1, 3, 5, 6, 7",
        "区农业农村局                    4                  1               1              1"
        "        8      3  11, 12, 13, 25",
    ]
    rows = json.loads(invoke("analyze", "workload", "--json").stdout)
    assert len(rows) == 34
    assert rows[0]["name_zh_hant"] == "區工業和信息化局" and rows[0]["led"] == [1, 3, 5, 6, 7]
    nl = invoke("analyze", "workload", "--nl").stdout.splitlines()
    assert [json.loads(line) for line in nl] == rows
    text = invoke("analyze", "workload", "--csv").stdout
    assert text.startswith("\ufeff")
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:3] == ["organisation", "id", "name_en"]
    assert len(json.loads(invoke("analyze", "workload", "--all", "--json").stdout)) == 39


def test_analyze_coordination_and_communities():
    rows = json.loads(invoke("analyze", "coordination", "--json").stdout)
    assert rows[0]["organisation"] == "Development and Reform Bureau"
    assert rows[0]["partners"] == 24
    r = invoke("analyze", "communities", "--json")
    assert r.exit_code == 0
    groups = json.loads(r.stdout)
    assert sum(g["size"] for g in groups) == 34
    assert r.stderr.startswith(f"{len(groups)} communities (greedy), modularity 0.")
    again = invoke("analyze", "communities", "--json", "--method", "louvain", "--seed", "3")
    assert again.stdout == invoke("analyze", "communities", "--json", "--method", "louvain",
                                  "--seed", "3").stdout


CHECK_ZH = (
    "severity  kind            subject      a_line  a_org               b_place"
    "             b_line  b_org             detail\n"
    "--------  --------------  -----------  ------  ------------------  ------------------"
    "  ------  ----------------  -----------------------------\n"
    "conflict  indicator-lead  indicator 6     122  区科技局            任务3"
    "                   17  区工业和信息化局  区科技局仅在任务3中配合\n"
    "conflict  indicator-lead  indicator 7     130  区科技局            任务3"
    "                   17  区工业和信息化局  区科技局仅在任务3中配合\n"
    "conflict  indicator-lead  indicator 9     148  区商务局            任务4"
    "                   18  区发展和改革局    区商务局仅在任务4中配合\n"
    "conflict  platform-area   platform 2      220  区商务局            任务5, 6, 7(行动2)"
    "      20  区工业和信息化局\n"
    "conflict  platform-area   platform 3      224  区住房和城乡建设局  任务5, 6, 7(行动2)"
    "      20  区工业和信息化局\n"
    "conflict  platform-area   platform 4      228  区科技局            任务5, 6, 7(行动2)"
    "      20  区工业和信息化局  区科技局仅在任务5, 6, 7中配合\n"
)


def test_check_real_plan_exact():
    r = invoke("check", "--no-warnings", "--lang", "zh-Hans")
    where = default_plan().resolve()
    if where.is_relative_to(Path.cwd().resolve()):
        where = where.relative_to(Path.cwd().resolve())
    assert r.exit_code == 1
    assert r.stdout == CHECK_ZH
    assert r.stderr == f"{where}: inconsistent (6 conflict(s), 6 warning(s))\n"


def test_check_names_the_default_graph_relative_to_the_current_folder(monkeypatch):
    monkeypatch.chdir(default_plan().parent.parent)
    r = invoke("check", "--no-warnings")
    assert r.stderr == "data/plan.ttl: inconsistent (6 conflict(s), 6 warning(s))\n"


def test_check_formats():
    findings = json.loads(invoke("check", "--json").stdout)
    assert [f["severity"] for f in findings] == ["conflict"] * 6 + ["warning"] * 6
    assert {"a_place", "a_line", "a_quote", "a_org", "b_place", "b_line", "b_quote", "b_org",
            "message"} <= set(findings[0])
    nl = invoke("check", "--nl").stdout.splitlines()
    assert [json.loads(line) for line in nl] == findings
    text = invoke("check", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert text.startswith("\ufeff") and len(rows) == 12
    assert rows[0]["b_quote"] == "65億元" and rows[0]["a_org"] == "Science and Technology Bureau"


def test_check_exit_codes_follow_severity():
    # only warnings: consistent, exit 0 ... unless --strict
    r = invoke("check", "--kind", "target-comparator")
    assert r.exit_code == 0 and r.stdout.count("warning ") == 6
    assert invoke("check", "--kind", "target-comparator", "--strict").exit_code == 1


def test_check_consistent_plan_from_source():
    r = invoke("check", "--source", CONSISTENT)
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == f"{CONSISTENT}: consistent (0 conflict(s), 0 warning(s))\n"
    r = invoke("check", "--source", CONSISTENT, "--json")
    assert (r.exit_code, r.stdout) == (0, "[]\n")


def test_check_on_a_built_graph_file(tmp_path):
    out = tmp_path / "consistent.ttl"
    assert invoke("build", CONSISTENT, "-o", str(out)).exit_code == 0
    r = invoke("check", "--data", str(out))
    assert (r.exit_code, r.stdout) == (0, "")


def test_export_to_file_and_stdout(tmp_path):
    out = tmp_path / "coordination.csv"
    r = invoke("export", "matrix", "-o", str(out), "--lang", "zh-Hans")
    assert r.exit_code == 0
    assert r.stdout == f"Wrote {out}: 34 nodes, 203 edges (coordination network, matrix)\n"
    assert out.read_text(encoding="utf-8").startswith("\ufefforganisation,区工业和信息化局,")
    r = invoke("export", "graphml")
    assert r.exit_code == 0 and r.stdout.startswith("<?xml version='1.0' encoding='utf-8'?>")
    out = tmp_path / "plan.gexf"
    r = invoke("export", "gexf", "-o", str(out))
    # the sizes are derived in tests/test_exports.py::test_plan_export_sizes
    assert r.stdout == f"Wrote {out}: 212 nodes, 371 edges (plan network, gexf)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coordination.csv", "plan.gexf"]


@pytest.mark.parametrize("args,code,message", [
    (["check", "--data", "DATA", "--source", "SRC"], 2,
     "Error: give either --data (a graph file) or --source (a plan text), not both\n"),
    (["export", "matrix", "--network", "plan"], 2,
     "Error: the matrix export is the organisation x organisation coordination matrix: use "
     "graphml, gexf or json for the plan network\n"),
    (["analyze", "workload", "--data", "MISSING"], 1, "Error: MISSING: no such file\n"),
])
def test_bad_input_is_one_line_and_an_exit_code(args, code, message):
    r = invoke(*args)
    assert (r.exit_code, r.stdout, r.stderr) == (code, "", message)


def test_malformed_graph_and_unwritable_output(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sg: <x> .\nsg:a sg:b \n", encoding="utf-8")
    r = invoke("check", "--data", str(bad))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith(f"Error: {bad}:") and r.stderr.count("\n") == 1
    target = tmp_path / "missing" / "plan.graphml"
    r = invoke("export", "graphml", "-o", str(target))
    assert r.exit_code == 1 and r.stderr == f"Error: {target.parent}: folder does not exist\n"
    assert not target.parent.exists()


@pytest.mark.parametrize("args", [["analyze", "nope"], ["check", "--lang", "fr"],
                                  ["export", "dot"], ["analyze", "pairs", "--top", "-1"]])
def test_usage_errors_exit_2(args):
    assert invoke(*args).exit_code == 2


@pytest.mark.parametrize("args", [
    ["analyze"], ["analyze", "workload"], ["analyze", "coordination"], ["analyze", "pairs"],
    ["analyze", "communities"], ["analyze", "bridges"], ["analyze", "coverage"], ["check"],
    ["export"],
])
def test_every_command_has_help(args):
    r = invoke(*args, "--help")
    assert r.exit_code == 0 and "Usage:" in r.stdout


def test_a_bad_plan_text_is_one_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = invoke("analyze", "workload", "--source", str(empty))
    # the extractor's own message, after the file name; one line, nothing on stdout
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr.startswith(f"Error: {empty}: ") and r.stderr.count("\n") == 1


def test_a_graph_without_a_plan_gives_empty_answers(tmp_path):
    other = tmp_path / "other.ttl"
    other.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    r = invoke("analyze", "workload", "--data", str(other), "--json")
    assert (r.exit_code, r.stdout) == (0, "[]\n")
    r = invoke("check", "--data", str(other))
    assert (r.exit_code, r.stdout) == (0, "")
    r = invoke("analyze", "communities", "--data", str(other), "--json")
    assert (r.exit_code, r.stdout) == (0, "[]\n")
