"""Layouts of the heldout5 round: 参与部门 label lines, the level a unit inherits from the
unit before it, a development zone's own departments, a period written in the body."""

from __future__ import annotations

import pytest
from test_extract_layouts import HEAD
from test_extract_layouts import roles as roles_and_deadlines

from suchenggraph.clauses import ClauseError, parse_clause
from suchenggraph.extract import parse_plan


def roles(task):
    """(role, unit) of every clause of a task."""
    return roles_and_deadlines(task)[0]


@pytest.mark.parametrize("label", ["参与部门", "参与单位", "协办单位", "协办部门", "配合部门"])
def test_a_cooperating_label_line_after_a_lead_line_cooperates(label):
    plan = parse_plan(HEAD + "1.建设观光茶园。每年新建茶园2万亩。\n"
                      "牵头部门：县农业农村局\n"
                      f"{label}：永兴镇、兴隆镇、湄江街道办事处\n"
                      "完成时限：2024年底前\n"
                      "2.完善旅游交通。新改建旅游公路80公里。\n"
                      f"{label}：县交通运输局、县公路管理段\n")
    assert [roles(t) for t in plan.tasks] == [
        [("lead", "县农业农村局"), ("cooperating", "永兴镇"), ("cooperating", "兴隆镇"),
         ("cooperating", "湄江街道办事处")],
        # with no lead, the units named are responsible
        [("responsible", "县交通运输局"), ("responsible", "县公路管理段")],
    ]
    assert plan.tasks[0].clauses[-1].deadline == "2024年底前"
    assert plan.warnings == []


def test_a_lead_responsible_and_cooperating_line_of_one_task():
    c = parse_clause("牵头部门:县茶产业发展中心;责任部门:县文体广电旅游局;参与部门:贵州湄潭茶旅集团有限公司")
    assert (c.leads, c.cooperating, c.responsible) == (
        ["县茶产业发展中心"], ["县文体广电旅游局", "贵州湄潭茶旅集团有限公司"], [])


def test_a_zones_own_departments_without_a_level_stay_as_written():
    # the title names a 区 (宝鸡高新区), but nothing before 财政局 in the list has a level
    plan = parse_plan("宝高新管办发〔2024〕12号\n宝鸡高新区促进新材料产业发展实施方案\n一、主要任务\n"
                      "1、壮大龙头企业。支持企业扩能技改。（责任单位：经济发展局、财政局）\n"
                      "2、推进项目建设。建立项目库。（牵头单位：发展改革局，配合单位：自然资源分局）\n")
    assert [roles(t) for t in plan.tasks] == [
        [("responsible", "经济发展局"), ("responsible", "财政局")],
        [("lead", "发展改革局"), ("cooperating", "自然资源分局")],
    ]


def test_a_provincial_department_written_as_a_ting_is_the_provinces():
    # 厅 is the kind of a province's departments only: 商务厅 in a province's plan is 省商务厅
    plan = parse_plan("川办发〔2024〕9号\n四川省物流发展工作方案\n一、重点任务\n"
                      "1.完善配送体系。建设物流站点。〔责任单位：商务厅、交通运输厅、省邮政管理局〕\n")
    assert roles(plan.tasks[0]) == [("responsible", "省商务厅"), ("responsible", "省交通运输厅"),
                                    ("responsible", "省邮政管理局")]


@pytest.mark.parametrize("clause, expected", [
    # a unit of any field takes the level of the unit right before it in its list
    ("牵头部门:县文体广电旅游局;参与部门:县市场监管局、消防救援大队、县公安局",
     ["县文体广电旅游局", "县市场监管局", "县消防救援大队", "县公安局"]),
    ("牵头单位:区住房建设委;配合单位:区市场监管局、规划资源局,杨柳青镇人民政府",
     ["区住房建设委", "区市场监管局", "区规划资源局", "杨柳青镇人民政府"]),
    ("自治区发展改革委、能源局牵头,昌都市人民政府配合",
     ["自治区发展改革委", "自治区能源局", "昌都市人民政府"]),
    ("自治区教育厅牵头,妇联、残联配合", ["自治区教育厅", "自治区妇联", "自治区残联"]),
    # not after a collective actor, a company or a unit named by its place
    ("区商务局牵头,各街道办事处、规划资源局配合", ["区商务局", "各街道办事处", "规划资源局"]),
    ("市商务局牵头,团市委、韶关银保监分局、南京海关配合",
     ["市商务局", "团市委", "韶关银保监分局", "南京海关"]),
    ("县财政局牵头,贵州湄潭茶旅集团有限公司、人民银行湄潭县支行配合",
     ["县财政局", "贵州湄潭茶旅集团有限公司", "人民银行湄潭县支行"]),
    # a new label begins a new list: nothing before 自然资源分局 in its list has a level
    ("牵头单位:区教育局;配合单位:自然资源分局、区发展改革局",
     ["区教育局", "自然资源分局", "区发展改革局"]),
])
def test_a_unit_takes_the_level_of_the_unit_right_before_it_in_its_list(clause, expected):
    c = parse_clause(clause)
    assert c.leads + c.cooperating + c.responsible == expected


@pytest.mark.parametrize("sentence, period", [
    ("本方案实施期限为2023—2025年。", (2023, 2025)),
    ("方案实施期为2023—2025年。", (2023, 2025)),
    ("实施期限：2023年至2025年。", (2023, 2025)),
    ("本计划实施期为2023年1月至2025年12月。", (2023, 2025)),
    ("项目实施期为3年。", None),
])
def test_a_period_written_only_in_the_body_is_the_plans(sentence, period):
    plan = parse_plan("青政办〔2023〕58号\n青海省冷链物流发展行动方案\n"
                      f"为补齐冷链短板，制定本方案。{sentence}\n一、重点任务\n"
                      "1.建设冷库。新建冷库10万吨。（省商务厅牵头）\n")
    assert plan.period == period


def test_a_period_in_the_title_wins_over_one_in_the_body():
    plan = parse_plan("青政办〔2023〕58号\n青海省冷链物流发展行动方案（2024—2026年）\n"
                      "本方案实施期限为2023—2025年。\n一、重点任务\n"
                      "1.建设冷库。新建冷库10万吨。（省商务厅牵头）\n")
    assert plan.period == (2024, 2026)


@pytest.mark.parametrize("clause, expected", [
    # the word before 单位 or 部门 names the role, whichever of the two follows it
    ("牵头部门:县农业农村局;协同部门:永兴镇、兴隆镇", (["县农业农村局"], ["永兴镇", "兴隆镇"], [])),
    ("主责单位:县农业农村局;支持单位:永兴镇;参加部门:兴隆镇",
     (["县农业农村局"], ["永兴镇", "兴隆镇"], [])),
    ("承办部门:县农业农村局、永兴镇", ([], [], ["县农业农村局", "永兴镇"])),
    ("落实单位:县农业农村局;协助部门:永兴镇", ([], [], ["县农业农村局", "永兴镇"])),
])
def test_a_role_label_is_read_by_its_role_word(clause, expected):
    c = parse_clause(clause)
    assert (c.leads, c.cooperating, c.responsible) == expected


def test_units_under_a_label_of_no_known_role_are_not_given_another_labels_role():
    # before, 督办单位:县审计局 was read as a note and 县统计局 as a second lead
    with pytest.raises(ClauseError, match="unknown label 督办单位"):
        parse_clause("牵头单位:县财政局;督办单位:县审计局、县统计局")
    plan = parse_plan(HEAD + "1.做好统计。按月统计。（县财政局牵头，督办单位：县审计局）\n"
                      "2.做好审计。按季审计。（县审计局牵头）\n")
    assert [roles(t) for t in plan.tasks] == [[("lead", "县审计局")]]
    assert any("unknown label 督办单位: not read" in w for _, w in plan.warnings)
