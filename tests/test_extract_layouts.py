"""Layouts of the genre the extractor reads beyond the bracketed clause (the heldout4 round):
unit kinds and levels."""

from __future__ import annotations

import pytest

from suchenggraph.clauses import looks_like_org, parse_clause


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
