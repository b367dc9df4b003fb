"""Layouts of the genre the extractor reads beyond the bracketed clause: bold labels, units
separated by spaces, deadline lines after the units, a clause line under a guarantee
measure, bullet lines inside a task, unit kinds and levels (the heldout4 round)."""

from __future__ import annotations

import pytest

from suchenggraph.clauses import looks_like_org, parse_clause
from suchenggraph.errors import SourceError
from suchenggraph.extract import parse_document, parse_plan

HEAD = "宿区样例发〔2024〕9号\n样例工作方案\n一、重点任务\n"


def roles(task):
    """(role, unit) of every clause of a task, and the deadlines."""
    out = []
    for c in task.clauses:
        out += [("lead", n) for n in c.leads] + [("cooperating", n) for n in c.cooperating]
        out += [("responsible", n) for n in c.responsible]
    return out, [c.deadline for c in task.clauses]


def test_bold_labels_on_a_line_of_their_own_or_after_the_text():
    plan = parse_plan(HEAD + "1.推进一网通办。可办率95%以上。\n"
                      "【完成时限】2024年6月底前　【牵头单位】区政务服务管理局　"
                      "【责任部门】区数据局，各街道办事处　【责任领导】区政府分管副区长\n"
                      "2.规范涉企收费。开展专项整治。【牵头单位】区发展改革委、区财政局"
                      "【责任部门】区市场监管局\n"
                      "3.加强信用建设。完善信用修复。\n【责任部门】区发展改革委、区市场监管局　"
                      "【完成时限】每季度\n")
    assert [roles(t) for t in plan.tasks] == [
        ([("lead", "区政务服务管理局"), ("cooperating", "区数据局"),
          ("cooperating", "各街道办事处")], ["2024年6月底前"]),
        ([("lead", "区发展改革委"), ("lead", "区财政局"), ("cooperating", "区市场监管局")],
         [None]),
        ([("responsible", "区发展改革委"), ("responsible", "区市场监管局")], ["每季度"]),
    ]
    assert plan.warnings == []


def test_a_bold_label_keeps_offsets_and_quotes_as_written():
    text = HEAD + "1.做事。【牵头单位】区商务局\n"
    plan = parse_plan(text)
    span = plan.tasks[0].clauses[0].span
    # read as "牵头单位:区商务局", at the offsets of the file as written
    assert (span.quote, text[span.start:span.end]) == ("牵头单位:区商务局", "牵头单位】区商务局")


@pytest.mark.parametrize("clause, expected", [
    ("责任单位:县农业农村局 县卫生健康委 各乡镇人民政府",
     ([], [], ["县农业农村局", "县卫生健康委", "各乡镇人民政府"])),
    ("牵头单位:县住建局 县生态环境分局;配合单位:县水利局",
     (["县住建局", "县生态环境分局"], ["县水利局"], [])),
    ("市住建局牵头,市自然资源局 市发展改革委配合",
     (["市住建局"], ["市自然资源局", "市发展改革委"], [])),
    # a name with a space in it whose parts are not each a unit stays one name
    ("责任单位:中国 (江苏) 自由贸易试验区苏州片区管委会",
     ([], [], ["中国 (江苏) 自由贸易试验区苏州片区管委会"])),
])
def test_units_separated_by_spaces_are_several_units(clause, expected):
    c = parse_clause(clause)
    assert (c.leads, c.cooperating, c.responsible) == expected


def test_deadline_lines_after_the_unit_lines_belong_to_that_task():
    plan = parse_plan(HEAD + "1、新建改建农村卫生厕所1500座。\n牵头单位:区农业农村局\n"
                      "配合单位:区卫生健康委;各街道办事处\n完成时限:2024年10月底前\n"
                      "2、开展摸排整改。\n责任单位:区生态环境分局(牵头)、区水利局\n")
    assert [roles(t) for t in plan.tasks] == [
        ([("lead", "区农业农村局"), ("cooperating", "区卫生健康委"),
          ("cooperating", "各街道办事处")], ["2024年10月底前"]),
        ([("lead", "区生态环境分局"), ("cooperating", "区水利局")], [None]),
    ]
    assert plan.tasks[0].clauses[0].due.isoformat() == "2024-10-31"
    assert plan.warnings == []  # the (牵头) marker is no clause of its own


def test_a_clause_line_after_a_guarantee_measure_makes_it_a_task():
    plan = parse_plan(HEAD + "1.做事。(区商务局牵头)\n二、保障措施\n"
                      "(一)加强组织领导。领导小组统筹推进。\n"
                      "(二)严格督导考核。每季度通报一次。\n责任单位:区委农办 区农业农村局\n"
                      "(三)严格考核问效。纳入考核。【牵头单位】区营商局【责任部门】区直各部门\n")
    assert [(t.title, roles(t)[0]) for t in plan.tasks] == [
        ("做事", [("lead", "区商务局")]),
        ("严格督导考核", [("responsible", "区委农办"), ("responsible", "区农业农村局")]),
        ("严格考核问效", [("lead", "区营商局"), ("cooperating", "区直各部门")]),
    ]
    assert [m.title for m in plan.measures] == ["加强组织领导"]


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


def test_a_region_plan_with_bullets_and_a_university_reads_whole():
    doc = parse_document(HEAD + "1.科技协同。共建平台。(自治区科技厅牵头,自治区教育厅、宁夏大学配合)\n")
    assert roles(doc.plans[0].tasks[0])[0] == [
        ("lead", "自治区科技厅"), ("cooperating", "自治区教育厅"), ("cooperating", "宁夏大学")]
    assert doc.plans[0].warnings == []


TABLE_HEAD = "宿区样例发〔2024〕3号\n2024年重点工作任务分解表\n"


def test_a_task_table_one_cell_a_line_without_bars_is_the_plans_body():
    cells = ["序号", "主要工作举措", "牵头单位", "配合单位", "完成时限", "责任领导",
             "一、做大做强主导产业",
             "1", "新增规上工业企业20户。", "区工信局", "区发展改革局、区科技局", "2024年12月底前",
             "2", "年内竣工投产项目15个。", "区开发区管委会", "自然资源分局", "2024年10月底前",
             "周建明",
             "二、优化营商环境",
             "3", "推行免申即享。", "区营商局", "区直各部门,各街道办事处", "持续推进", "王丽华"]
    plan = parse_plan(TABLE_HEAD + "\n\n".join(cells) + "\n")
    assert [(t.number, roles(t)) for t in plan.tasks] == [
        (1, ([("lead", "区工信局"), ("cooperating", "区发展改革局"),
              ("cooperating", "区科技局")], ["2024年12月底前"])),
        (2, ([("lead", "区开发区管委会"), ("cooperating", "自然资源分局")], ["2024年10月底前"])),
        (3, ([("lead", "区营商局"), ("cooperating", "区直各部门"),
              ("cooperating", "各街道办事处")], ["持续推进"])),
    ]
    assert [a.title for a in plan.areas] == ["做大做强主导产业", "优化营商环境"]
    assert [t.area for t in plan.tasks] == [1, 1, 2]
    assert plan.warnings == []


def test_a_task_table_one_row_a_line_with_full_width_spaces():
    rows = ["序号　重点任务　牵头单位　配合单位　完成时限",
            "1　新建5G 基站1.5万个　区通信局　区工信局，各街道办事处　2024年12月底前",
            "2　培育重点企业100家　区工信局、区科技局　—　长期坚持"]
    plan = parse_plan(TABLE_HEAD + "\n".join(rows) + "\n")
    # one space stands inside a cell (and is dropped between Chinese characters)
    assert [(t.title, roles(t)) for t in plan.tasks] == [
        ("新建5G基站1.5万个", ([("lead", "区通信局"), ("cooperating", "区工信局"),
                            ("cooperating", "各街道办事处")], ["2024年12月底前"])),
        ("培育重点企业100家", ([("lead", "区工信局"), ("lead", "区科技局")], ["长期坚持"])),
    ]


def test_a_row_without_its_leader_cell_before_a_section_row():
    cells = ["序号", "重点任务", "牵头单位", "完成时限", "责任领导",
             "1", "做甲。", "区工信局", "年底前",
             "二、乙类", "2", "做乙。", "区商务局", "年底前", "张三"]
    plan = parse_plan(TABLE_HEAD + "\n".join(cells) + "\n")
    assert [(t.number, t.clauses[0].leads, t.area) for t in plan.tasks] == [
        (1, ["区工信局"], 1), (2, ["区商务局"], 2)]


def test_one_clause_that_cannot_be_split_is_a_warning_not_the_end_of_the_file():
    text = HEAD + "1.做甲。(区商务局牵头,现代农业产业园)\n2.做乙。(区科技局牵头)\n"
    plan = parse_plan(text)
    assert [(t.number, t.leads) for t in plan.tasks] == [(2, ["区科技局"])]
    assert (4, "task 1: responsibility clause (区商务局牵头,现代农业产业园) no role for "
            "现代农业产业园: not read") in plan.warnings
    with pytest.raises(SourceError, match=r"no role for 现代农业产业园: not read \(--strict\)"):
        parse_plan(text, strict=True)


def test_a_task_that_opens_with_its_clause_takes_its_title_from_the_text_beside_it():
    plan = parse_plan(HEAD + "1.(区商务局负责)推进乙项工作,确保完成。\n2.(区科技局牵头)\n")
    assert [t.title for t in plan.tasks] == ["推进乙项工作", ""]
    assert plan.warnings == [(5, "task 2 has no title: its text is only its clause")]


def test_a_short_row_of_a_one_row_a_line_table_does_not_take_the_next_rows_cells():
    """Row 1 lacks its 配合单位 and 完成时限: it took row 2's serial and title as its cells
    (task 1 due "培育重点企业100家") and row 2 was lost. Now it is an error at its line."""
    rows = ["序号　重点任务　牵头单位　配合单位　完成时限",
            "1　新建5G基站　区通信局",
            "2　培育重点企业100家　区工信局　区科技局　长期坚持"]
    with pytest.raises(SourceError, match=r"^line 4: .*row 1 has 2 of 4 cells"):
        parse_plan(TABLE_HEAD + "\n".join(rows) + "\n")


def test_a_deadline_line_after_a_bracketed_clause_is_its_deadline():
    plan = parse_plan(HEAD + "1.做甲。（区商务局牵头）\n完成时限：2024年6月底前\n"
                      "2.做乙。（区数据局牵头，2024年底前完成）\n完成时限：2025年6月底前\n")
    assert [roles(t) for t in plan.tasks] == [
        ([("lead", "区商务局")], ["2024年6月底前"]),
        ([("lead", "区数据局")], ["2024年底前完成"]),
    ]
    assert str(plan.tasks[0].clauses[0].due) == "2024-06-30"
    # a second deadline is said, never dropped without a word
    assert [(line, m) for line, m in plan.warnings] == [
        (7, "task 2: 完成时限:2025年6月底前 after a clause with its own deadline "
            "(2024年底前完成): not read")]


@pytest.mark.parametrize("deadline", ["2024年13月底前完成", "2024年2月30日前"])
def test_a_deadline_no_calendar_has_is_kept_as_written_and_said(deadline):
    plan = parse_plan(HEAD + f"1.做丙。（区数据局牵头，{deadline}）\n")
    clause = plan.tasks[0].clauses[0]
    assert (clause.deadline, clause.due) == (deadline, None)
    assert plan.warnings == [
        (4, f"task 1: the deadline {deadline} names no real date: kept as written, with no date")]
