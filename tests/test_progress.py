"""Monitoring and assessment (suchenggraph.progress): reading, checking, storing, the rule.

The figures and statuses in tests/data/invented_*.csv are invented (see tests/data/INVENTED.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pyoxigraph as ox
import pytest

from suchenggraph import progress as pg
from suchenggraph import progress_rule as rule
from suchenggraph.engines.factory import open_engine
from suchenggraph.errors import DataError, NameNotFound, UsageError
from suchenggraph.progress_plan import task_deadlines
from suchenggraph.progress_store import read_import

DATA = Path(__file__).parent / "data"
PLAN = DATA / "progress_plan.ttl"
ACTUALS = DATA / "invented_actuals.csv"
TASKS = DATA / "invented_tasks.csv"
HEADER = "indicator,period,value,unit,source,reported_on\n"
TASK_HEADER = "task,status,as_of,note,reported_by\n"
AS_OF = "2023-07-15"


@pytest.fixture()
def engine():
    return open_engine(PLAN)


def status_of(report, number):
    return next(r for r in report.indicators if r["number"] == number)


# --------------------------------------------------------------------------- small parsers


@pytest.mark.parametrize("text, shown, end, fraction", [
    ("2022", "2022", dt.date(2022, 12, 31), 1),
    ("2023-Q1", "2023-Q1", dt.date(2023, 3, 31), D("0.25")),
    ("2023q4", "2023-Q4", dt.date(2023, 12, 31), 1),
    ("2023-02", "2023-02", dt.date(2023, 2, 28), D(2) / D(12)),
    ("２０２３-6", "2023-06", dt.date(2023, 6, 30), D("0.5")),
])
def test_periods(text, shown, end, fraction):
    p = rule.parse_period(text)
    assert (p.text, p.end, p.fraction) == (shown, end, fraction)


@pytest.mark.parametrize("text", ["", "23", "2023-Q5", "2023-00", "2023-13", "H1 2023", "2023-1-1"])
def test_not_periods(text):
    assert rule.parse_period(text) is None


@pytest.mark.parametrize("word, state", [
    ("未开始", "not started"), ("未開始", "not started"), ("Not Started", "not started"),
    ("推进中", "in progress"), ("推進中", "in progress"), ("in_progress", "in progress"),
    ("已完成", "done"), ("DONE", "done"), ("滞后", "behind"), ("滯後", "behind"),
    ("late", None), ("", None),
])
def test_task_states_in_every_script(word, state):
    assert rule.task_state(word) == state


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("comparator, value, level, reached", [
    ("AtLeast", 120, 120, True), ("AtLeast", 119, 120, False),
    ("Exactly", 71, 70, True), ("Exactly", 69, 70, False),  # a level to reach
    ("FullCoverage", 100, 100, True), ("FullCoverage", D("99.9"), 100, False),
    ("MoreThan", 3, 2, True), ("MoreThan", 2, 2, False),
    ("AtMost", D("0.8"), D("0.8"), True), ("AtMost", D("0.81"), D("0.8"), False),
    ("About", D("47.5"), 50, True), ("About", D("47.4"), 50, False), ("About", 60, 50, True),
    (None, 5, 5, True),
])
def test_each_comparator(comparator, value, level, reached):
    assert rule.satisfies(D(value), D(level), comparator) is reached


TARGETS = {2022: (D(40), "Exactly"), 2023: (D(70), "Exactly"), 2024: (D(100), "Exactly")}


@pytest.mark.parametrize("value, period, as_of, status", [
    (70, "2023-Q1", "2023-04-10", "met"),        # the year's level reached early
    (60, "2023-Q2", "2023-07-15", "on track"),   # path 40 -> 70: 55 expected at mid-year
    (54, "2023-Q2", "2023-07-15", "behind"),
    (63, "2023-09", "2023-10-15", "on track"),   # 62.5 expected at the end of September
    (62, "2023-09", "2023-10-15", "behind"),
    (69, "2023", "2024-01-20", "behind"),        # a full year short of its target
    (69, "2023-12", "2023-12-28", "behind"),     # December closes the year
    (69, "2023-Q4", "2023-12-28", "behind"),
    (60, "2023-Q2", "2024-01-20", "behind"),     # the year is over
])
def test_the_path_between_yearly_targets(value, period, as_of, status):
    figure = {"value": D(value), "period": rule.parse_period(period)}
    assert rule.indicator_status(TARGETS, figure, 2023, rule.parse_date(as_of)) == status


def test_the_path_runs_downwards_for_at_most():
    targets = {2023: (D("0.8"), "AtMost"), 2024: (D("0.6"), "AtMost")}
    on = {"value": D("0.69"), "period": rule.parse_period("2024-Q2")}
    off = {"value": D("0.71"), "period": rule.parse_period("2024-Q2")}
    day = dt.date(2024, 7, 10)
    assert rule.indicator_status(targets, on, 2024, day) == "on track"   # 0.7 expected
    assert rule.indicator_status(targets, off, 2024, day) == "behind"


def test_first_year_without_a_path_and_a_year_without_a_target():
    targets = {2024: (D(100), "FullCoverage")}
    q2 = {"value": D(60), "period": rule.parse_period("2023-Q2")}
    assert rule.indicator_status(targets, q2, 2023, dt.date(2023, 7, 1)) == "on track"
    assert rule.indicator_status(targets, q2, 2023, dt.date(2024, 3, 1)) == "on track"
    assert rule.indicator_status(targets, q2, 2023, dt.date(2025, 1, 2)) == "behind"
    assert rule.indicator_status(targets, None, 2023, dt.date(2023, 7, 1)) == "no data"


# --------------------------------------------------------------------------- the whole answer


def test_every_status_on_the_invented_figures(engine):
    report = pg.progress(engine, pg.read_actuals(ACTUALS, engine), as_of=AS_OF)
    got = {r["number"]: (r["status"], r["year"], r["target"], r["actual"], r["period"],
                         r["gap"], r["share"]) for r in report.indicators}
    assert got == {
        1: ("on track", 2023, D(70), D(60), "2023-Q2", D(-10), D("85.7")),
        2: ("on track", 2024, D(100), D(85), "2023-Q2", D(-15), D(85)),
        3: ("met", 2023, D("0.8"), D("0.75"), "2023-06", D("-0.05"), D("93.8")),
        4: ("behind", 2023, D(120), D(90), "2023-Q2", D(-30), D(75)),
        5: ("met", 2023, D(50), D(48), "2023-Q2", D(-2), D(96)),
        6: ("on track", 2023, D(2), D(2), "2023-06", D(0), D(100)),
        7: ("no data", 2023, D(30), None, None, None, None),
    }
    assert report.failed
    assert report.summary() == "as of 2023-07-15: 2 met, 3 on track, 1 behind, 1 no data"


def test_as_of_leaves_out_later_figures(engine):
    figures = pg.read_actuals(ACTUALS, engine)
    later = pg.progress(engine, figures, as_of="2023-10-31")
    assert (status_of(later, 1)["period"], status_of(later, 1)["status"]) == ("2023-Q3", "on track")
    early = pg.progress(engine, figures, as_of="2023-02-01")
    assert (status_of(early, 1)["period"], status_of(early, 1)["year"]) == ("2022", 2022)
    assert status_of(early, 1)["status"] == "met"  # 45 against the 2022 level of 40


def test_year_picks_that_years_targets_and_figures(engine):
    report = pg.progress(engine, pg.read_actuals(ACTUALS, engine), year=2022, as_of=AS_OF)
    assert [(r["number"], r["status"]) for r in report.indicators if r["actual"] is not None] \
        == [(1, "met")]
    with pytest.raises(UsageError, match="no indicator target for 2021; it sets them for 2022"):
        pg.progress(engine, None, year=2021)


def test_org_filters_what_it_leads(engine):
    report = pg.progress(engine, pg.read_actuals(ACTUALS, engine), pg.read_task_reports(
        TASKS, engine), org="Bureau of Commerce", as_of=AS_OF)
    assert [r["number"] for r in report.indicators] == [1, 5, 7]
    assert [r["number"] for r in report.tasks] == [1, 3]  # leads 1, cooperates on 3
    with pytest.raises(NameNotFound):
        pg.progress(engine, None, org="Bureau of Comerce and Trade Office")


def test_task_deadlines_from_clause_ongoing_target_year_and_plan(engine):
    found = {r["number"]: (r["deadline"], r["basis"], r["deadline_zh_hant"])
             for r in task_deadlines(engine).values()}
    assert found == {1: (dt.date(2023, 5, 31), "clause", "5月底完成"),
                     2: (None, "ongoing", "持續推進"),
                     3: (dt.date(2023, 12, 31), "target year", None),
                     4: (dt.date(2024, 12, 31), "plan period", None)}


def test_task_status_and_overdue(engine):
    tasks = pg.read_task_reports(TASKS, engine)
    report = pg.progress(engine, None, tasks, as_of=AS_OF)
    got = {r["number"]: (r["status"], r["overdue"]) for r in report.tasks}
    assert got == {1: ("in progress", True), 2: ("not started", False),
                   3: ("behind", False), 4: ("done", False)}
    assert report.failed
    before = pg.progress(engine, None, tasks, as_of="2023-05-01")
    assert {r["number"]: r["status"] for r in before.tasks} == {
        1: "no data", 2: "no data", 3: "no data", 4: "no data"}
    assert not before.failed  # nothing reported yet, no deadline passed
    assert pg.progress(engine, None, tasks, as_of="2025-01-02").tasks[3]["overdue"] is False


def test_a_unit_reporting_on_a_task_it_does_not_own_is_a_warning(engine):
    tasks = pg.read_task_reports(TASKS, engine)
    assert tasks.warnings == [f"{TASKS}:5: warning: 区科技局 reports on task 4, which it does "
                              "not own"]


def test_without_figures_everything_is_no_data(engine):
    report = pg.progress(engine, as_of=AS_OF)
    assert {r["status"] for r in report.indicators} == {"no data"}
    assert report.tasks == [] and not report.failed


# --------------------------------------------------------------------------- reading files

ROWS = HEADER + "1,2023-Q2,60,个,区统计局,2023-07-10\n上雲企業,2023,90,家,区科技局,2023/7/9\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings(engine, tmp_path, encoding):
    path = tmp_path / "figures.csv"
    path.write_bytes(ROWS.replace("\n", "\r\n").encode(encoding))
    rows = pg.read_actuals(path, engine).rows
    assert [(r["period"], r["value"], r["unit"], r["source"]) for r in rows] == [
        ("2023-Q2", D(60), "个", "区统计局"), ("2023", D(90), "家", "区科技局")]


def test_not_text(engine, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(b"\xef\xbb\xbfindicator\xff\xfe")
    with pytest.raises(DataError, match="figures.csv: cannot read: not UTF-8 text after its "
                       "byte-order mark"):
        pg.read_actuals(path, engine)


BAD_ACTUALS = [
    ("1,2023,60,个,a,2023-07-10\nCarriers bilt,2023,60,个,a,2023-07-10\n",
     "x.csv:3: no indicator is named 'Carriers bilt'; did you mean 'indicator 1: Carriers built'?"),
    ("9,2023,60,个,a,2023-07-10\n", "x.csv:2: there is no indicator 9 (numbers run 1-7)"),
    ("1,2023,60,家,a,2023-07-10\n", "x.csv:2: unit '家' is not the unit of indicator 1 (个)"),
    ("1,2023,sixty,个,a,2023-07-10\n", "x.csv:2: value 'sixty' is not a number"),
    ("1,2023,60%,个,a,2023-07-10\n", "x.csv:2: value '60%' is not a number"),
    ("1,2023-Q2,60,个,a,2023-07-10\n1,2023-Q2,61,個,a,2023-07-11\n",
     "x.csv:3: a second row for indicator 1, period 2023-Q2 from the same source "
     "(first at line 2)"),
    ("1,2025,60,个,a,2023-07-10\n", "x.csv:2: period 2025 is outside the plan (2022-2024)"),
    ("1,2021-Q4,60,个,a,2023-07-10\n", "x.csv:2: period 2021-Q4 is outside the plan"),
    ("1,H1,60,个,a,2023-07-10\n", "x.csv:2: period 'H1' is not a year"),
    ("1,2023,60,个,a,2023-02-30\n", "x.csv:2: reported_on '2023-02-30' is not a date"),
    ("1,2023,60,个,a,soon\n", "x.csv:2: reported_on 'soon' is not a date"),
    ("1,2023,60,个\n", "x.csv:2: 4 fields, but the header has 6"),
    (",2023,60,个,a,2023-07-10\n", "x.csv:2: no indicator"),
    ('1,2023,60,个,"a,2023-07-10\n', "x.csv:2: cannot read the CSV: unexpected end of data"),
]


@pytest.mark.parametrize("rows, message", BAD_ACTUALS)
def test_each_problem_in_actual_figures(engine, rows, message):
    with pytest.raises(DataError) as err:
        pg.read_actuals((HEADER + rows).encode("utf-8"), engine, name="x.csv")
    assert err.value.one_line().startswith(message), err.value.one_line()
    assert err.value.exit_code == 1


@pytest.mark.parametrize("text, message", [
    ("indicator,period,value,unit,source\n", "x.csv:1: the header must name the columns "
     "indicator,period,value,unit,source,reported_on; missing reported_on"),
    ("indicator,period,value,unit,source,reported,reported_on\n", "x.csv:1: the header must "
     "name the columns indicator,period,value,unit,source,reported_on; unknown 'reported'"),
    ("", "x.csv: empty: no header"),
])
def test_headers(engine, text, message):
    with pytest.raises(DataError) as err:
        pg.read_actuals(text.encode("utf-8"), engine, name="x.csv")
    assert err.value.one_line().startswith(message), err.value.one_line()


def test_columns_in_any_order_and_an_empty_unit(engine):
    text = "unit,value,indicator,reported_on,source,period\n,2,6,2023-07-12,x,2023-06\n"
    rows = pg.read_actuals(text.encode("utf-8"), engine, name="x.csv").rows
    assert (rows[0]["unit"], rows[0]["value"]) == ("个", D(2))


def test_empty_cells_past_the_last_column_are_dropped(engine):
    text = HEADER + "1,2023,60,个,a,2023-07-10,,\n"
    assert len(pg.read_actuals(text.encode("utf-8"), engine, name="x.csv").rows) == 1
    with pytest.raises(DataError, match="x.csv:2: 7 fields, but the header has 6"):
        pg.read_actuals((HEADER + "1,2023,60,个,a,2023-07-10,x\n").encode(), engine,
                        name="x.csv")


def test_the_same_period_from_two_sources_is_fine(engine):
    text = HEADER + "1,2023,60,个,a,2023-07-10\n1,2023,61,个,b,2023-07-11\n"
    assert len(pg.read_actuals(text.encode("utf-8"), engine, name="x.csv").rows) == 2


BAD_TASKS = [
    ("Bild carriers,done,2023-07-01,,\n",
     "t.csv:2: no task is named 'Bild carriers'; did you mean 'task 1: Build carriers'"),
    ("1,finished,2023-07-01,,\n", "t.csv:2: status 'finished' is not one of not started, "
     "in progress, done, behind"),
    ("1,done,July,,\n", "t.csv:2: as_of 'July' is not a date"),
    ("1,done,2023-07-01,,区商务局\n1,推进中,2023-07-01,,区商务局\n",
     "t.csv:3: a second report on task 1 as of 2023-07-01 from the same unit (first at line 2)"),
]


@pytest.mark.parametrize("rows, message", BAD_TASKS)
def test_each_problem_in_task_progress(engine, rows, message):
    with pytest.raises(DataError) as err:
        pg.read_task_reports((TASK_HEADER + rows).encode("utf-8"), engine, name="t.csv")
    assert err.value.one_line().startswith(message), err.value.one_line()


def test_missing_file(engine, tmp_path):
    with pytest.raises(DataError, match="no such file"):
        pg.read_actuals(tmp_path / "none.csv", engine)


# --------------------------------------------------------------------------- storing

CUBE = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sg: <https://w3id.org/suchenggraph/ontology#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
SELECT ?g (COUNT(DISTINCT ?obs) AS ?n) (COUNT(DISTINCT ?agent) AS ?agents) WHERE {
  GRAPH ?g { ?g a qb:DataSet ; qb:structure ?dsd . ?dsd a qb:DataStructureDefinition .
             ?obs a qb:Observation ; qb:dataSet ?g ; sdmx-measure:obsValue ?v ;
                  prov:wasAttributedTo ?agent . ?agent a prov:Agent . }
} GROUP BY ?g
"""


def test_an_import_is_a_data_cube_in_its_own_named_graph(engine):
    figures = pg.read_actuals(ACTUALS, engine)
    store = pg.import_store(figures)
    rows = list(store.query(CUBE))
    assert [(r["g"].value, int(r["n"].value), int(r["agents"].value)) for r in rows] == [
        (figures.graph, 8, 4)]
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 0


def test_the_plan_graph_is_never_modified(engine):
    before = sorted(map(str, engine.store))
    figures = pg.read_actuals(ACTUALS, engine)
    pg.progress(engine, figures, pg.read_task_reports(TASKS, engine), as_of=AS_OF)
    assert sorted(map(str, engine.store)) == before


def test_saved_imports_give_the_same_answer(engine, tmp_path):
    figures, tasks = pg.read_actuals(ACTUALS, engine), pg.read_task_reports(TASKS, engine)
    saved = tmp_path / "imports.trig"
    saved.write_text(pg.import_trig(figures, tasks), encoding="utf-8")
    assert pg.import_trig(figures, tasks) == pg.import_trig(tasks, figures)  # deterministic
    store = read_import(saved)
    assert len(list(store.named_graphs())) == 2
    direct = pg.progress(engine, figures, tasks, as_of=AS_OF)
    again = pg.progress(engine, store, store, as_of=AS_OF)
    assert again.indicators == direct.indicators and again.tasks == direct.tasks


def test_two_snapshots_side_by_side(engine):
    q2 = pg.read_actuals(ACTUALS, engine)
    q3 = pg.read_actuals((HEADER + "1,2023-Q3,64,个,区统计局,2023-10-20\n").encode(), engine,
                         name="q3.csv")
    store = pg.import_store(q2, q3)
    assert sorted(g.value for g in store.named_graphs()) == sorted([q2.graph, q3.graph])
    report = pg.progress(engine, store, as_of="2023-10-31")  # the later report wins
    assert (status_of(report, 1)["actual"], status_of(report, 1)["status"]) == (D(64), "on track")


def test_the_seed_tasks_fall_back_to_the_plan_period_of_the_current_model():
    """The plan's period is a dcterms:temporal period (issue 15): the deadline of a task
    without a clause date or target year is the end of it, read from the model as it is."""
    from suchenggraph import queries
    from suchenggraph.engines.factory import open_engine

    rows = queries.run_named(open_engine(), "progress_tasks").rows
    assert len(rows) == 31
    assert {str(r["period_end"]) for r in rows} == {"2024"}
    targets = queries.run_named(open_engine(), "progress_targets").rows
    assert {(str(r["period_start"]), str(r["period_end"])) for r in targets} == {("2022", "2024")}
