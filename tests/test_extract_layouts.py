"""Layouts of the genre the extractor reads beyond the bracketed clause (the heldout4 round):
bullet lines inside a task, unit kinds and levels."""

from __future__ import annotations

import pytest

from suchenggraph.clauses import looks_like_org, parse_clause
from suchenggraph.extract import parse_plan

HEAD = "宿区样例发〔2024〕9号\n样例工作方案\n一、重点任务\n"


def roles(task):
    """(role, unit) of every clause of a task, and the deadlines."""
    out = []
    for c in task.clauses:
        out += [("lead", n) for n in c.leads] + [("cooperating", n) for n in c.cooperating]
        out += [("responsible", n) for n in c.responsible]
    return out, [c.deadline for c in task.clauses]


def test_bullets_belong_to_the_task_around_them():
    plan = parse_plan(HEAD.replace("一、重点任务\n", "") + "一、基础设施\n"
                      "(一)道路畅通工程。加快建设快速通道。\n●建成旅游公路二期;\n●开工建设快速通道。\n"
                      "进一步规范交通设施。(区交通运输局牵头,区公安分局配合)\n"
                      "(二)产业协作工程。共建合作平台。\n"
                      "●共建新材料产业园。(区工信局牵头,区商务局配合)\n"
                      "●推出旅游一票通。(区文旅局负责)\n"
                      "(三)公交工程。优化公交网络。\n")
    assert [(t.title, roles(t)[0]) for t in plan.tasks] == [
        ("道路畅通工程", [("lead", "区交通运输局"), ("cooperating", "区公安分局")]),
        ("产业协作工程", [("lead", "区工信局"), ("cooperating", "区商务局"),
                    ("lead", "区文旅局")]),
    ]


def test_a_paragraph_after_a_clause_over_two_lines_is_not_that_tasks():
    plan = parse_plan(HEAD + "1.培育企业。(区商务局牵头,\n区科技局配合)\n"
                      "各部门要加强协作,形成合力。\n2.做事。(区科技局牵头)\n")
    assert "形成合力" not in plan.tasks[0].text


@pytest.mark.parametrize("name", ["宁夏大学", "兰州交通大学", "市第一人民医院", "省农业科学院",
                                  "市农业科学研究院", "国网宁夏电力有限公司", "中国银行宁夏分行",
                                  "市交通投资集团", "市职业技术学院", "市第一中学"])
def test_units_of_many_kinds_are_units(name):
    assert looks_like_org(name)
    assert parse_clause(f"自治区科技厅牵头,{name}配合").cooperating == [name]


@pytest.mark.parametrize("clause, expected", [
    ("自治区生态环境厅牵头,自治区水利厅、林草局配合", ["自治区水利厅", "自治区林草局"]),
    ("盟发展改革委牵头,工信局、林草局配合", ["盟工信局", "盟林草局"]),
    ("旗发展改革委牵头,教育局配合", ["旗教育局"]),
    ("州发展改革委牵头,财政局配合", ["州财政局"]),
])
def test_a_level_prefix_is_inherited_at_every_level(clause, expected):
    assert parse_clause(clause).cooperating == expected
