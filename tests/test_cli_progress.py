"""Exact-output tests of `suchenggraph progress` and `suchenggraph report`.

The figures and statuses in tests/data/invented_*.csv are invented (see tests/data/INVENTED.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from suchenggraph.cli import main

DATA = Path(__file__).parent / "data"
PLAN = str(DATA / "progress_plan.ttl")
ACTUALS = str(DATA / "invented_actuals.csv")
TASKS = str(DATA / "invented_tasks.csv")
ROOT = Path(__file__).resolve().parent.parent
BOM = "\ufeff"


def sg(*args, data=PLAN):
    extra = ["--data", data] if data else []
    result = CliRunner().invoke(main, [*args, *extra])
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def progress(*args, **kw):
    return sg("progress", "--actuals", ACTUALS, "--as-of", "2023-07-15", *args, **kw)


INDICATORS = """\
number  name                       year  rule  target  actual  period   unit                gap  share  status    lead
------  -------------------------  ----  ----  ------  ------  -------  ----------------  -----  -----  --------  -------------------------------------------------
     1  Carriers built             2023  ≥         70      60  2023-Q2  units               -10   85.7  on track  Bureau of Commerce
     2  5G coverage                2024  ≥        100      85  2023-Q2  percent             -15     85  on track  Data <Bureau> & Co
     3  Energy per unit of output  2023  ≤        0.8    0.75  2023-06  tonnes            -0.05   93.8  met       Science and Technology Bureau
     4  Enterprises on the cloud   2023  ≥        120      90  2023-Q2  enterprises         -30     75  behind    Science and Technology Bureau
     5  Platform revenue           2023  ≈         50      48  2023-Q2  100 million yuan     -2     96  met       Bureau of Commerce
     6  Demonstration factories    2023  >          2       2  2023-06  units                 0    100  on track  Data <Bureau> & Co
     7  Software revenue           2023  ≥         30                   100 million yuan                no data   Bureau of Commerce, Science and Technology Bureau
"""  # noqa: E501

TASK_TABLE = """\
number  name               status       as_of       deadline    overdue  lead
------  -----------------  -----------  ----------  ----------  -------  -----------------------------
     1  Build carriers     in progress  2023-06-30  2023-05-31  yes      Bureau of Commerce
     2  Expand 5G          not started  2023-06-30              no       Data <Bureau> & Co
     3  Cloud enterprises  behind       2023-07-01  2023-12-31  no       Science and Technology Bureau
     4  Share data         done         2023-07-02  2024-12-31  no       Data <Bureau> & Co
"""


def test_progress_table_and_exit_1_when_behind():
    code, out, err = progress()
    assert code == 1
    assert out == INDICATORS
    assert err == "as of 2023-07-15: 2 met, 3 on track, 1 behind, 1 no data\n"


def test_progress_with_tasks():
    code, out, err = progress("--tasks", TASKS)
    assert code == 1
    assert out == INDICATORS + "\n" + TASK_TABLE
    assert err == (f"{TASKS}:5: warning: 区科技局 reports on task 4, which it does not own\n"
                   "as of 2023-07-15: 2 met, 3 on track, 1 behind, 1 no data; 4 task(s): "
                   "1 overdue, 1 behind\n")


def test_exit_0_when_nothing_is_behind_or_overdue():
    code, out, err = progress("--org", "数据局")
    assert code == 0, err
    assert out.splitlines()[2:] == [
        "     2  5G coverage              2024  ≥        100      85  2023-Q2  percent  -15     "
        "85  on track  Data <Bureau> & Co",
        "     6  Demonstration factories  2023  >          2       2  2023-06  units      0    "
        "100  on track  Data <Bureau> & Co"]
    assert err == "as of 2023-07-15: 0 met, 2 on track, 0 behind, 0 no data\n"


def test_json_keeps_the_status_words_in_english():
    code, out, _ = progress("--tasks", TASKS, "--json", "--lang", "zh-Hans")
    assert code == 1
    rows = json.loads(out)
    assert [(r["kind"], r["number"], r["status"]) for r in rows] == [
        ("indicator", 1, "on track"), ("indicator", 2, "on track"), ("indicator", 3, "met"),
        ("indicator", 4, "behind"), ("indicator", 5, "met"), ("indicator", 6, "on track"),
        ("indicator", 7, "no data"), ("task", 1, "in progress"), ("task", 2, "not started"),
        ("task", 3, "behind"), ("task", 4, "done")]
    first = rows[0]
    assert (first["name"], first["target"], first["actual"], first["gap"], first["share"],
            first["comparator"], first["lead"]) == ("建成载体", 70, 60, -10, 85.7, "Exactly",
                                                    ["区商务局"])
    assert rows[7]["overdue"] is True and rows[7]["deadline"] == "2023-05-31"
    assert rows[8]["basis"] == "ongoing" and rows[8]["deadline_zh_hans"] == "持续推进"


def test_csv_one_table_with_a_kind_column():
    code, out, _ = progress("--org", "Data <Bureau> & Co", "--tasks", TASKS, "--csv")
    assert code == 0
    assert out == BOM + """\
kind,number,name,year,rule,target,actual,period,unit,gap,share,status,lead,as_of,deadline,overdue\r
indicator,2,5G coverage,2024,≥,100,85,2023-Q2,percent,-15,85,on track,Data <Bureau> & Co,,,\r
indicator,6,Demonstration factories,2023,>,2,2,2023-06,units,0,100,on track,Data <Bureau> & Co,,,\r
task,2,Expand 5G,,,,,,,,,not started,Data <Bureau> & Co,2023-06-30,,no\r
task,4,Share data,,,,,,,,,done,Data <Bureau> & Co,2023-07-02,2024-12-31,no
"""


def test_traditional_chinese_table():
    code, out, _ = progress("--org", "商務局", "--lang", "zh-Hant")
    assert out == """\
number  name          year  rule  target  actual  period   unit  gap  share  status    lead
------  ------------  ----  ----  ------  ------  -------  ----  ---  -----  --------  ------------------
     1  建成載體      2023  ≥         70      60  2023-Q2  個    -10   85.7  進度正常  區商務局
     5  平臺營收      2023  ≈         50      48  2023-Q2  億元   -2     96  已達標    區商務局
     7  軟件業務收入  2023  ≥         30                   億元              無數據    區商務局、區科技局
"""


def test_year_option():
    code, out, _ = progress("--year", "2022", "--json")
    assert [(r["number"], r["status"]) for r in json.loads(out)] == [(1, "met")] + [
        (n, "no data") for n in (2, 3, 4, 5, 6, 7)]
    assert code == 0
    code, _, err = progress("--year", "2021")
    assert (code, err) == (2, "Error: the plan sets no indicator target for 2021; it sets them "
                              "for 2022, 2023 and 2024\n")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_spreadsheets_as_excel_writes_them(tmp_path, encoding):
    path = tmp_path / "figures.csv"
    path.write_bytes(Path(ACTUALS).read_text(encoding="utf-8").encode(encoding))
    code, out, _ = sg("progress", "--actuals", str(path), "--as-of", "2023-07-15")
    assert (code, out) == (1, INDICATORS)


@pytest.mark.parametrize("rows, line", [
    ("Carriers bilt,2023,60,个,a,2023-07-10\n",
     "3: no indicator is named 'Carriers bilt'; did you mean 'indicator 1: Carriers built'?"),
    ("1,2023,60,家,a,2023-07-10\n", "3: unit '家' is not the unit of indicator 1 (个)"),
    ("1,2023,lots,个,a,2023-07-10\n", "3: value 'lots' is not a number"),
    ("1,2022,46,个,区统计局,2023-07-10\n", "3: a second row for indicator 1, period 2022 from "
     "the same source (first at line 2)"),
    ("1,2030,60,个,a,2023-07-10\n", "3: period 2030 is outside the plan (2022-2024)"),
    ("1,2023,60,个,a,yesterday\n", "3: reported_on 'yesterday' is not a date (YYYY-MM-DD)"),
])
def test_each_problem_is_one_line_with_file_and_line_and_nothing_is_saved(tmp_path, rows, line):
    path = tmp_path / "figures.csv"
    path.write_text("indicator,period,value,unit,source,reported_on\n"
                    "1,2022,45,个,区统计局,2023-01-20\n" + rows, encoding="utf-8")
    saved = tmp_path / "imports.trig"
    code, out, err = sg("progress", "--actuals", str(path), "--save", str(saved))
    assert (code, out, err) == (1, "", f"Error: {path}:{line}\n")
    assert not saved.exists()


def test_a_bad_task_file_stops_before_anything_is_loaded(tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("task,status,as_of,note,reported_by\n1,finished,2023-07-01,,\n",
                    encoding="utf-8")
    code, out, err = progress("--tasks", str(path))
    assert (code, out) == (1, "")
    assert err == (f"Error: {path}:2: status 'finished' is not one of not started, in progress, "
                   "done, behind (未开始, 推进中, 已完成, 滞后)\n")


@pytest.mark.parametrize("args, message", [
    (("--as-of", "tomorrow"), "Error: --as-of 'tomorrow' is not a date (YYYY-MM-DD)"),
    (("--org", "Ministry of Magic"), "Error: no organisation is named 'Ministry of Magic'"),
])
def test_usage_errors_exit_2(args, message):
    code, out, err = sg("progress", "--actuals", ACTUALS, *args)
    assert (code, out) == (2, "")
    assert err.startswith(message), err


def test_save_wants_a_trig_file(tmp_path):
    code, out, err = progress("--save", str(tmp_path / "imports.nq"))
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: --save {tmp_path / 'imports.nq'}: give a file ending .trig")
    assert list(tmp_path.iterdir()) == []


def test_missing_actuals_is_a_usage_error():
    code, _, err = sg("progress")
    assert code == 2 and err.startswith("Error: Missing option '--actuals'")


def test_save_keeps_each_import_as_its_own_graph_and_reads_back(tmp_path):
    saved = tmp_path / "imports.trig"
    code, first, _ = progress("--tasks", TASKS, "--save", str(saved))
    text = saved.read_text(encoding="utf-8")
    assert text.count("> {\n") == 2 and "cube#DataSet" in text
    code, again, _ = sg("progress", "--actuals", str(saved), "--tasks", str(saved),
                        "--as-of", "2023-07-15")
    assert (code, again) == (1, first)
    q3 = tmp_path / "q3.csv"
    q3.write_text("indicator,period,value,unit,source,reported_on\n"
                  "1,2023-Q3,66,个,区统计局,2023-10-20\n", encoding="utf-8")
    sg("progress", "--actuals", str(q3), "--save", str(saved))
    assert saved.read_text(encoding="utf-8").count("> {\n") == 3  # snapshots side by side


def test_the_same_answer_from_a_store(tmp_path):
    store = str(tmp_path / "plans.store")
    code, from_store, _ = progress("--tasks", TASKS, "--store", store, "--json")
    assert (code, from_store) == (1, progress("--tasks", TASKS, "--json")[1])


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    from suchenggraph import remint as rm
    from suchenggraph.engines import dataset as ds

    store = ds.new_dataset()
    ds.add_plan(store, PLAN)
    ds.add_plan(store, rm.remint(PLAN, 2))
    path = tmp_path_factory.mktemp("dataset") / "plans.nq"
    ds.write_dataset(store, path)
    return str(path)


def test_every_plan_of_a_dataset(dataset):
    code, out, err = sg("progress", "--actuals", ACTUALS, "--as-of", "2023-07-15", "--plan",
                        "mini-progress-copy-2", data=dataset)
    assert code == 1, err
    assert out == INDICATORS  # one plan: no plan column
    code, out, err = sg("progress", "--actuals", ACTUALS, data=dataset)
    assert code == 1
    assert err.startswith(f"Error: {ACTUALS}:2: 'indicator 1' is ambiguous") or \
        err.startswith(f"Error: {ACTUALS}:2: '1' is ambiguous"), err


def test_the_same_answer_from_an_endpoint(tmp_path):
    from test_server import serving

    from suchenggraph.engines import persist

    store = tmp_path / "plans.store"
    persist.build_store(store, [PLAN], progress=persist.Progress(enabled=False))
    with serving(store) as (_proc, url):
        code, out, err = sg("progress", "--actuals", ACTUALS, "--tasks", TASKS, "--as-of",
                            "2023-07-15", "--endpoint", url, "--json", data=None)
    assert code == 1, err
    assert out == progress("--tasks", TASKS, "--json")[1]


# --------------------------------------------------------------------------- report


def test_report_html_is_a_printable_offline_page_with_labels_escaped(tmp_path):
    page = tmp_path / "data.html"
    code, out, err = sg("report", "Data <Bureau> & Co", "--actuals", ACTUALS, "--tasks", TASKS,
                        "--as-of", "2023-07-15", "-o", str(page))
    assert (code, out) == (0, "")
    assert err.endswith(f"wrote {page}: 0 met, 2 on track, 0 behind, 0 no data; "
                        "0 overdue task(s)\n")
    html = page.read_text(encoding="utf-8")
    assert "<h1>Assessment sheet: Data &lt;Bureau&gt; &amp; Co</h1>" in html
    assert "Data <Bureau>" not in html
    assert not re.search(r"<script|<link|https?://|src=", html)  # nothing fetched
    assert "@media print" in html
    assert '<tr class="s-on-track"><td class="num">2</td><td>5G coverage</td>' in html


def test_report_markdown_in_simplified_chinese(tmp_path):
    page = tmp_path / "commerce.md"
    code, _, err = sg("report", "商务局", "--actuals", ACTUALS, "--tasks", TASKS, "--as-of",
                      "2023-07-15", "-o", str(page), "--lang", "zh-Hans")
    assert code == 0, err
    assert page.read_text(encoding="utf-8") == """\
# 考核表: 区商务局

截至 2023-07-15 · 已达标 1 项，进度正常 1 项，滞后 0 项，无数据 1 项；逾期任务 1 项

## 负责的指标目标

| 序号 | 名称 | 年份 | 目标值 | 实际值 | 期间 | 单位 | 差距 | 完成比例 | 状态 |
|---:|---|---|---|---|---|---|---|---|---|
| 1 | 建成载体 | 2023 | ≥ 70 | 60 | 2023-Q2 | 个 | -10 | 85.7% | 进度正常 |
| 5 | 平台营收 | 2023 | ≈ 50 | 48 | 2023-Q2 | 亿元 | -2 | 96% | 已达标 |
| 7 | 软件业务收入 | 2023 | ≥ 30 |  |  | 亿元 |  |  | 无数据 |

## 牵头任务

| 序号 | 名称 | 完成时限 | 状态 |
|---:|---|---|---|
| 1 | 打造载体 | 2023-05-31 \\(5月底完成\\) | 推进中, 逾期 |

## 配合任务

| 序号 | 名称 | 完成时限 | 状态 |
|---:|---|---|---|
| 3 | 推动企业上云 | 2023-12-31 | 滞后 |

## 逾期任务

| 序号 | 名称 | 完成时限 | 状态 |
|---:|---|---|---|
| 1 | 打造载体 | 2023-05-31 \\(5月底完成\\) | 推进中, 逾期 |

由 suchenggraph 根据规划图谱和报送数据生成。
"""


def test_report_without_progress_data_lists_what_it_answers_for(tmp_path):
    page = tmp_path / "science.md"
    code, _, err = sg("report", "科技局", "-o", str(page))
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    assert "| 3 | Energy per unit of output |" in text
    assert "overdue" not in text.split("## Overdue tasks")[0].lower().replace("0 overdue", "")
    assert text.split("## Overdue tasks")[1].strip().startswith("None.")


@pytest.mark.parametrize("args, code, message", [
    (("商务局", "-o", "sheet.pdf"), 2, "Error: sheet.pdf: give a file ending .html or .md"),
    (("Ministry of Magic", "-o", "sheet.md"), 2, "Error: no organisation is named"),
])
def test_report_errors(tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    got, out, err = sg("report", *args)
    assert (got, out) == (code, "")
    assert err.startswith(message), err
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- the guide


def _guide_examples():
    from test_docs import _examples

    return list(_examples((ROOT / "docs" / "progress.md").read_text(encoding="utf-8")))


@pytest.fixture()
def in_scratch(tmp_path, monkeypatch):
    """Run in an empty folder that sees the repository's tests/ (files the guide writes
    land there, not in the checkout)."""
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# the guide's console examples are run by test_docs.py, as every page's are


def test_the_guide_python_snippet_runs(in_scratch, capsys):
    text = (ROOT / "docs" / "progress.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, re.S)
    exec(compile(code, "docs/progress.md", "exec"), {})
    assert capsys.readouterr().out.startswith(
        "as of 2023-07-15: 2 met, 3 on track, 1 behind, 1 no data\n<https://w3id.org/")


def test_the_guide_report_example_writes_the_sheet(in_scratch):
    from test_docs import _run

    (command,) = [c for c, _ in _guide_examples() if c.startswith("suchenggraph report")]
    _run(command)
    assert (in_scratch / "out" / "commerce.md").read_text(encoding="utf-8").startswith("# 考核表: 区商务局")


# --------------------------------------------------------------------------- the graph


def test_graph_colours_indicators_and_tasks_by_status_with_a_legend(tmp_path):
    from test_viz import page_data

    from suchenggraph.viz import STATUS_STYLES

    page = tmp_path / "progress.html"
    code, out, err = sg("graph", "-o", str(page), "--actuals", ACTUALS, "--tasks", TASKS,
                        "--as-of", "2023-07-15")
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    nodes = {n["id"].rsplit("/", 2)[-2] + " " + n["id"].rsplit("/", 1)[-1]: n
             for n in page_data(html)["nodes"]}
    fill = {k: nodes[k]["color"]["background"] for k in (
        "indicator 3", "indicator 1", "indicator 4", "indicator 7", "task 1", "task 2",
        "task 4")}
    assert fill == {"indicator 3": STATUS_STYLES["met"][0],
                    "indicator 1": STATUS_STYLES["on track"][0],
                    "indicator 4": STATUS_STYLES["behind"][0],
                    "indicator 7": STATUS_STYLES["no data"][0],
                    "task 1": STATUS_STYLES["overdue"][0],
                    "task 2": STATUS_STYLES["not started"][0],
                    "task 4": STATUS_STYLES["done"][0]}
    assert nodes["indicator 4"]["title"].endswith("\nProgress: behind")
    legend = re.findall(r'data-status="([a-z ]+)"><svg.*?<span>(.*?)</span>', html)
    assert legend == [("met", "met"), ("done", "done"), ("on track", "on track"),
                      ("not started", "not started"), ("behind", "behind"),
                      ("overdue", "overdue"), ("no data", "no data")]


def test_graph_without_progress_data_has_no_status_colours(tmp_path):
    page = tmp_path / "plain.html"
    code, _, err = sg("graph", "-o", str(page))
    assert code == 0, err
    assert "sg-status" not in page.read_text(encoding="utf-8")


def test_graph_refuses_bad_figures_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,period,value,unit,source,reported_on\n1,2023,x,个,a,2023-07-01\n",
                   encoding="utf-8")
    page = tmp_path / "page.html"
    code, out, err = sg("graph", "-o", str(page), "--actuals", str(bad))
    assert (code, out, err) == (1, "", f"Error: {bad}:2: value 'x' is not a number\n")
    assert not page.exists()
