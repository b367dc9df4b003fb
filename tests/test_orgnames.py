"""orgnames: English names composed from the reviewed dictionary data/name_parts.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from suchenggraph.errors import DataError
from suchenggraph.orgnames import (
    NameParts,
    UnitName,
    english_name,
    is_collective,
    name_parts,
    parse_unit,
)

ROOT = Path(__file__).resolve().parent.parent
PARTS = ROOT / "data" / "name_parts.toml"


# --------------------------------------------------------------------------- the issue's examples


def test_the_issue_examples_compose_exactly():
    assert english_name("江苏省商务厅") == ("Jiangsu Provincial Department of Commerce", [])
    assert english_name("宿迁市行政审批局") == ("Suqian Municipal Administrative Approval Bureau", [])
    assert english_name("省发展改革委") == ("Provincial Development and Reform Commission", [])


# --------------------------------------------------------------------------- every kind

KINDS = {
    "厅": ("江苏省商务厅", "Jiangsu Provincial Department of Commerce"),
    "局": ("宿迁市行政审批局", "Suqian Municipal Administrative Approval Bureau"),
    "分局": ("区公安分局", "District Public Security Sub-bureau"),
    "管理局": ("市机关事务管理局", "Municipal Government Offices Administration"),
    "委": ("省发展改革委", "Provincial Development and Reform Commission"),
    "委员会": ("市发展和改革委员会", "Municipal Development and Reform Commission"),
    "委办": ("市委网信委办",
             "Office of the Cyberspace Affairs Commission of the CPC Municipal Committee"),
    "委员会办公室": ("市委网络安全和信息化委员会办公室",
                 "Office of the Cyberspace Affairs Commission of the CPC Municipal Committee"),
    "办": ("市外事办", "Municipal Foreign Affairs Office"),
    "办公室": ("市外事办公室", "Municipal Foreign Affairs Office"),
    "管理办公室": ("市政务服务管理办公室", "Municipal Government Services Administration Office"),
    "中心": ("区数字经济发展中心", "District Digital Economy Development Centre"),
    "管理中心": ("市住房公积金管理中心", "Municipal Housing Provident Fund Management Centre"),
    "服务中心": ("县人力资源和社会保障服务中心",
             "County Human Resources and Social Security Service Centre"),
    "部": ("市委宣传部", "Publicity Department of the CPC Municipal Committee"),
    "公司": ("县邮政公司", "County Postal Company"),
    "总社": ("区供销合作总社", "District Supply and Marketing Cooperative Federation"),
    "海关": ("南京海关", "Nanjing Customs"),
    "办事处": ("街道办事处", "Subdistrict Office"),
    "中心支行": ("人民银行宿迁市中心支行",
             "Suqian Central Sub-branch of the People's Bank of China"),
    "分行": ("人民银行南京分行", "Nanjing Branch of the People's Bank of China"),
    "支行": ("人民银行沭阳县支行", "Shuyang Sub-branch of the People's Bank of China"),
    "开发区": ("宿城经济开发区", "Sucheng Economic Development Zone"),
    "产业园": ("数字经济产业园", "Digital Economy Industrial Park"),
    "园区": ("现代农业园区", "Modern Agriculture Park"),
    "领导小组": ("市数字经济领导小组", "Municipal Digital Economy Leading Group"),
    "工作领导小组": ("宿城区数字经济工作领导小组",
               "Sucheng District Digital Economy Work Leading Group"),
    "领导小组办公室": ("市数字经济领导小组办公室",
                "Municipal Office of the Digital Economy Leading Group"),
}


def test_every_kind_in_the_dictionary_has_a_case_here():
    assert set(KINDS) == set(name_parts().kinds)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_composes(kind):
    name, english = KINDS[kind]
    assert english_name(name) == (english, [])
    assert parse_unit(name).kind == kind


# --------------------------------------------------------------------------- every level

LEVELS = {
    "省": ("省商务厅", "province", "Provincial Department of Commerce"),
    "自治区": ("广西壮族自治区商务厅", "autonomous-region",
            "Guangxi Zhuang Autonomous Region Department of Commerce"),
    "市": ("市行政审批局", "city", "Municipal Administrative Approval Bureau"),
    "自治州": ("自治州商务局", "autonomous-prefecture", "Autonomous Prefecture Commerce Bureau"),
    "区": ("区商务局", "district", "District Commerce Bureau"),
    "县": ("县教育局", "county", "County Education Bureau"),
    "镇": ("镇人民政府", "town", "Town People's Government"),
    "乡": ("乡人民政府", "township", "Township People's Government"),
    "街道": ("街道办事处", "subdistrict", "Subdistrict Office"),
}


def test_every_level_in_the_dictionary_has_a_case_here():
    assert set(LEVELS) == set(name_parts().levels)


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_each_level_composes(level):
    name, hint, english = LEVELS[level]
    assert english_name(name) == (english, [])
    assert parse_unit(name).level == hint


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_a_level_hint_stands_in_for_a_missing_level(level):
    _, hint, _ = LEVELS[level]
    adj = name_parts().levels[level].adj
    assert english_name("商务局", level_hint=hint) == (f"{adj} Commerce Bureau", [])


def test_a_level_hint_never_overrides_the_name():
    assert english_name("省商务厅", level_hint="district")[0] == "Provincial Department of Commerce"
    assert english_name("宿迁市行政审批局", "county")[0] == "Suqian Municipal Administrative Approval Bureau"
    assert english_name("南京海关", "city")[0] == "Nanjing Customs"
    assert english_name("商务局") == ("Commerce Bureau", [])


def test_a_level_hint_reaches_a_government_office_but_not_a_party_body():
    assert english_name("政府办公室", "city") == (
        "General Office of the Municipal People's Government", [])
    assert english_name("委网信办", "city")[0] is None


def test_an_unknown_level_hint_is_a_value_error():
    with pytest.raises(ValueError, match="unknown level hint 'national': expected one of province"):
        english_name("商务局", level_hint="national")


def test_names_with_place_and_level_chain_take_the_innermost_place():
    assert english_name("江苏省宿迁市宿城区商务局") == ("Sucheng District Commerce Bureau", [])
    unit = parse_unit("江苏省宿迁市宿城区商务局")
    assert (unit.place, unit.level) == ("宿城", "district")


def test_a_place_alone():
    assert english_name("江苏省") == ("Jiangsu Province", [])
    assert english_name("宿城区") == ("Sucheng District", [])


# --------------------------------------------------------------------------- fields, places, units


@pytest.mark.parametrize("field", sorted(name_parts().fields))
def test_every_field_composes_with_a_bureau(field):
    name = f"市{field}局"
    en, unknown = english_name(name)
    assert unknown == [] and en.startswith("Municipal ")
    if name[1:] not in name_parts().units:
        assert en == f"Municipal {name_parts().fields[field]} Bureau"
        assert parse_unit(name).field == field


@pytest.mark.parametrize("place", sorted(name_parts().places))
def test_every_place_composes(place):
    assert english_name(f"{place}商务局") == (f"{name_parts().places[place]} Commerce Bureau", [])
    assert parse_unit(f"{place}商务局").place == place


@pytest.mark.parametrize("unit", sorted(name_parts().units))
def test_every_whole_unit_composes(unit):
    en, unknown = english_name(f"市{unit}")
    assert unknown == [] and en


SPECIAL = [
    ("南京海关", "Nanjing Customs"),
    ("省通信管理局", "Provincial Communications Administration"),
    ("江苏省通信管理局", "Jiangsu Communications Administration"),
    ("省电力公司", "State Grid Provincial Electric Power Company"),
    ("江苏省电力公司", "State Grid Jiangsu Electric Power Company"),
    ("国网宿迁供电公司", "State Grid Suqian Power Supply Company"),
    ("人民银行宿迁市中心支行", "Suqian Central Sub-branch of the People's Bank of China"),
    ("中国人民银行宿迁市中心支行", "Suqian Central Sub-branch of the People's Bank of China"),
    ("市人民银行", "Municipal Branch of the People's Bank of China"),
    ("人民银行", "People's Bank of China"),
    ("国家税务总局宿迁市税务局", "Suqian Municipal Tax Service, State Taxation Administration"),
    ("宿迁市人民政府", "Suqian Municipal People's Government"),
    ("省政府", "Provincial People's Government"),
    ("市政府办公室", "General Office of the Municipal People's Government"),
    ("江苏省人民政府办公厅", "General Office of the Jiangsu Provincial People's Government"),
    ("宿城经济开发区管委会", "Administrative Committee of Sucheng Economic Development Zone"),
    ("宿迁经济技术开发区", "Suqian Economic and Technological Development Zone"),
]


@pytest.mark.parametrize(("name", "english"), SPECIAL)
def test_special_units(name, english):
    assert english_name(name) == (english, [])


def test_the_longer_known_field_wins_a_split():
    # 市场监督管理 + 局, not 市场监督 + 管理局; 大数据 + 管理局 (大数据管理 is no field)
    assert parse_unit("区市场监督管理局").field == "市场监督管理"
    assert parse_unit("区大数据管理局").kind == "管理局"
    # a name opening with 市 that is not a level
    assert english_name("市场监管局") == ("Market Regulation Bureau", [])


def test_parent_systems_are_recorded():
    unit = parse_unit("人民银行宿迁市中心支行")
    assert (unit.parent, unit.place, unit.level, unit.kind) == ("人民银行", "宿迁", "city", "中心支行")


# --------------------------------------------------------------------------- Party bodies

PARTY = [
    ("市委网信办", "Office of the Cyberspace Affairs Commission of the CPC Municipal Committee"),
    ("宿迁市委网信办",
     "Office of the Cyberspace Affairs Commission of the CPC Suqian Municipal Committee"),
    ("中共宿迁市委", "CPC Suqian Municipal Committee"),
    ("中共宿迁市委员会", "CPC Suqian Municipal Committee"),
    ("中共江苏省委宣传部", "Publicity Department of the CPC Jiangsu Provincial Committee"),
    ("区委", "CPC District Committee"),
    ("市委办", "General Office of the CPC Municipal Committee"),
    ("区委政法委", "Political and Legal Affairs Commission of the CPC District Committee"),
    ("市委编办", "Office of the Institutional Organisation Commission of the CPC Municipal Committee"),
]


@pytest.mark.parametrize(("name", "english"), PARTY)
def test_party_bodies(name, english):
    assert english_name(name) == (english, [])
    assert parse_unit(name).party is True


def test_government_units_are_not_party_bodies():
    assert english_name("中共市委员会") == ("CPC Municipal Committee", [])
    assert english_name("市委员会")[0] is None  # 委员会 as a Party committee needs 中共
    assert parse_unit("市行政审批局").party is False
    assert parse_unit("宿迁市人民政府").party is False


# --------------------------------------------------------------------------- collective actors

COLLECTIVE = [
    ("各市人民政府", "All municipal people's governments"),
    ("各县（市、区）", "All counties (county-level cities and districts)"),
    ("各县(市、区)", "All counties (county-level cities and districts)"),
    ("各县（市、区）人民政府",
     "All people's governments of counties (county-level cities and districts)"),
    ("各有关企业", "All relevant enterprises"),
    ("各园区", "All parks"),
    ("各街道", "All subdistricts"),
    ("各有关部门", "All relevant departments"),
    ("省各有关部门", "All relevant provincial departments"),
    ("市有关部门", "Relevant municipal departments"),
    ("有关单位", "Relevant units"),
    ("各成员单位", "All member units"),
    ("市数字经济领导小组成员单位", "Member units of the Municipal Digital Economy Leading Group"),
]


@pytest.mark.parametrize(("name", "english"), COLLECTIVE)
def test_collective_actors(name, english):
    assert is_collective(name) is True
    assert parse_unit(name).collective is True
    assert english_name(name) == (english, [])


@pytest.mark.parametrize("phrase", sorted(name_parts().phrases))
def test_every_collective_phrase_composes_after_each(phrase):
    en, unknown = english_name(f"各{phrase}")
    assert unknown == [] and en.startswith("All ") and "{" not in en


def test_a_collective_actor_with_an_unknown_part_is_still_collective():
    assert is_collective("区推进数字经济工作领导小组成员单位") is True
    assert english_name("区推进数字经济工作领导小组成员单位") == (None, ["推进数字经济"])
    assert is_collective("各村居") is True
    assert english_name("各村居") == (None, ["村居"])


@pytest.mark.parametrize("name", ["市行政审批局", "江苏省商务厅", "南京海关", "市委网信办",
                                  "宿城经济开发区", "宿迁市人民政府", "区领导小组办公室"])
def test_units_are_not_collective(name):
    assert is_collective(name) is False


def test_the_level_hint_does_not_scope_a_collective_actor():
    assert english_name("各有关部门", "city") == ("All relevant departments", [])


# --------------------------------------------------------------------------- unknown parts

UNKNOWN = [
    ("运河宿迁港产业园", ["运河宿迁港"]),  # a proper name
    ("耿车镇", ["耿车"]),  # towns are not in the dictionary
    ("区推进数字经济工作领导小组", ["推进数字经济"]),
    ("领导小组办公室", ["领导小组办公室"]),  # which group?
    ("市宇宙探索局", ["宇宙探索"]),  # never guessed character by character
    ("市", ["市"]),
    ("區商務局", ["區商務"]),  # Traditional: callers convert first
    ("中共宿迁市", ["中共"]),
]


@pytest.mark.parametrize(("name", "unknown"), UNKNOWN)
def test_unknown_parts_give_no_english(name, unknown):
    assert english_name(name) == (None, unknown)
    assert parse_unit(name).unknown == tuple(unknown)


def test_an_empty_name_is_a_value_error():
    with pytest.raises(ValueError, match="empty"):
        english_name(" \u3000")


def test_spaces_in_a_name_are_ignored():
    assert english_name("江苏省 商务厅\u3000") == ("Jiangsu Provincial Department of Commerce", [])


def test_parse_unit_keeps_the_name_as_given_and_its_parts_as_written():
    assert parse_unit("省发展改革委") == UnitName(
        name="省发展改革委", level="province", place=None, field="发展改革", kind="委")
    unit = parse_unit(" 宿迁市行政审批局")
    assert (unit.name, unit.place, unit.field, unit.kind) == (
        " 宿迁市行政审批局", "宿迁", "行政审批", "局")


# --------------------------------------------------------------------------- the seed's organisations

# What the dictionary composes for every organisation of data/glossary.toml. The glossary's
# own English wins for these (the caller applies it); the list shows the dictionary alone
# gives sensible names for most of them.
SEED = [
    ("区发展和改革局", "District Development and Reform Bureau"),
    ("区工业和信息化局", "District Industry and Information Technology Bureau"),
    ("区商务局", "District Commerce Bureau"),
    ("区科技局", "District Science and Technology Bureau"),
    ("区财政局", "District Finance Bureau"),
    ("区交通运输局", "District Transport Bureau"),
    ("区教育局", "District Education Bureau"),
    ("区卫生和健康局", "District Health Bureau"),
    ("区民政局", "District Civil Affairs Bureau"),
    ("区人力资源和社会保障局", "District Human Resources and Social Security Bureau"),
    ("区文化广电和旅游局", "District Culture, Radio, Television and Tourism Bureau"),
    ("区农业农村局", "District Agriculture and Rural Affairs Bureau"),
    ("区行政审批局", "District Administrative Approval Bureau"),
    ("区大数据管理局", "District Big Data Administration"),
    ("区公安分局", "District Public Security Sub-bureau"),
    ("区自然资源和规划分局", "District Natural Resources and Planning Sub-bureau"),
    ("区住房和城乡建设局", "District Housing and Urban-Rural Development Bureau"),
    ("区医疗保障局", "District Healthcare Security Bureau"),
    ("区市场监督管理局", "District Market Regulation Bureau"),
    ("区应急管理局", "District Emergency Management Bureau"),
    ("区生态环境局", "District Ecology and Environment Bureau"),
    ("区城市管理局", "District Urban Management Bureau"),
    ("区通管办", "District Communications Administration Office"),
    ("区委政法委", "Political and Legal Affairs Commission of the CPC District Committee"),
    ("区委人才办", "Talent Work Office of the CPC District Committee"),
    ("区委网信办", "Office of the Cyberspace Affairs Commission of the CPC District Committee"),
    ("区综合指挥调度中心", "District Integrated Command and Dispatch Centre"),
    ("区数字经济发展中心", "District Digital Economy Development Centre"),
    ("宿城经济开发区", "Sucheng Economic Development Zone"),
    ("运河宿迁港产业园", None),
    ("现代农业产业园", "Modern Agriculture Industrial Park"),
    ("数字经济产业园", "Digital Economy Industrial Park"),
    ("耿车镇", None),
    ("各园区", "All parks"),
    ("各街道", "All subdistricts"),
    ("区供销合作总社", "District Supply and Marketing Cooperative Federation"),
    ("区工商联", "District Federation of Industry and Commerce"),
    ("区推进数字经济工作领导小组", None),
    ("领导小组办公室", None),
]


def test_the_seed_organisations_are_all_listed_here():
    from suchenggraph.glossary import Glossary

    assert [org.name for org in Glossary.load().orgs] == [name for name, _ in SEED]


@pytest.mark.parametrize(("name", "english"), SEED)
def test_what_the_dictionary_composes_for_the_seed(name, english):
    assert english_name(name)[0] == english


def test_most_seed_organisations_compose():
    composed = sum(1 for name, _ in SEED if english_name(name)[0])
    assert composed == 35 and len(SEED) == 39  # the four left: two proper names, two groups


def test_the_seed_collective_actors_are_collective():
    from suchenggraph.glossary import Glossary

    kinds = {org.name: org.kind for org in Glossary.load().orgs}
    assert {name for name, _ in SEED if is_collective(name)} == {
        name for name, kind in kinds.items() if kind == "CollectiveActor"}


# --------------------------------------------------------------------------- the data file


def test_the_dictionary_is_read_once():
    name_parts.cache_clear()
    english_name("区商务局")
    english_name("市商务局", "city")
    is_collective("各园区")
    info = name_parts.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_the_data_file_has_a_reviewed_header():
    head = PARTS.read_text(encoding="utf-8").split("\n[", 1)[0]
    assert "hand-reviewed data" in head and "Where the conventions come from" in head


def _with(tmp_path, old: str, new: str) -> Path:
    text = PARTS.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "parts.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"厅" = "Department of {field}"', '"厅" = "Department of {feild}"',
     "kind '厅': unknown placeholder {feild}"),
    ('field = "网信"\n', 'field = "网络"\n', "unit '网信办': field '网络' is not a field"),
    ('hint = "county"', 'hint = "city"', "two levels share one hint"),
    ('"商务" = "Commerce"', '"商务" = ""', "field '商务': expected a non-empty string"),
    ('[owner."人民政府"]\nen', '[owner."人民政府"]\nname', "owner '人民政府' has no 'en'"),
    ('"有关部门和单位"]', '"有关部门和单位", "单元"]', "collective.standalone"),
    ('"北京" = "Beijing"', '"北京" = "Beijing"\n"北京" = "Peking"', "not valid TOML"),
])
def test_a_broken_data_file_names_the_file_and_the_entry(tmp_path, old, new, message):
    path = _with(tmp_path, old, new)
    with pytest.raises(DataError) as err:
        NameParts.load(path)
    assert str(path) in err.value.one_line() and message in err.value.one_line()


def test_a_missing_data_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        NameParts.load(tmp_path / "nothing.toml")


def test_an_edited_data_file_is_what_composes(tmp_path):
    path = _with(tmp_path, '"商务" = "Commerce"', '"商务" = "Trade"')
    assert NameParts.load(path).read("区商务局")[1] == "District Trade Bureau"


def test_importing_and_composing_loads_no_third_party_module():
    code = """
import sys, sysconfig
before = set(sys.modules)
from suchenggraph.orgnames import english_name
english_name("江苏省商务厅")
site = sysconfig.get_paths()["purelib"]
third = sorted({name.split(".")[0] for name in set(sys.modules) - before
                if (getattr(sys.modules[name], "__file__", None) or "").startswith(site)})
print(" ".join(third))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert set(done.stdout.split()) <= {"suchenggraph"}, done.stdout
