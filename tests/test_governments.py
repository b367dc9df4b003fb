"""data/governments.toml: the reviewed registry of governments by GB/T 2260 code."""

import pytest

from suchenggraph.errors import DataError, NameNotFound
from suchenggraph.governments import Governments


@pytest.fixture(scope="module")
def govs():
    return Governments.load()


def test_the_registry_holds_what_it_promises(govs):
    by_level = {}
    for g in govs:
        by_level.setdefault(g.level, []).append(g)
    assert len(by_level["province"]) == 34  # every provincial-level division
    assert sorted(g.code for g in by_level["city"] if g.parent == "320000") == [
        "320100", "320200", "320300", "320400", "320500", "320600", "320700", "320800",
        "320900", "321000", "321100", "321200", "321300"]
    assert {g.code: g.name for g in govs if g.parent == "321300"} == {
        "321302": "宿城区", "321311": "宿豫区", "321322": "沭阳县", "321323": "泗阳县",
        "321324": "泗洪县"}


def test_codes_agree_with_their_parents(govs):
    for g in govs:
        if g.level == "province":
            assert g.code.endswith("0000") and g.parent is None, g
        else:
            parent = govs.get(g.parent)
            assert parent is not None and g.code[:2] == parent.code[:2], g
            if g.level == "city":
                assert g.code.endswith("00") and parent.level == "province", g
            else:
                assert g.code[:4] == parent.code[:4] and not g.code.endswith("00"), g


def test_iris_and_keys(govs):
    assert govs.get("321302").iri == "https://w3id.org/suchenggraph/gov/321302"
    assert govs.get("321302").key == "sucheng"  # the key the seed's IRIs were minted with
    assert govs.get("320000").key == "320000"


def test_find_names_every_way_and_suggests(govs):
    assert {govs.find(t).code for t in ("321300", "宿迁市", "宿迁", "Suqian City",
                                        "suqian")} == {"321300"}
    assert govs.find("宿城").code == "321302"  # the name without its level word
    with pytest.raises(NameNotFound, match="did you mean 'Suyu District'") as exc:
        govs.find("Suyu Distric")
    assert exc.value.exit_code == 2


@pytest.mark.parametrize("text, message", [
    ('[[government]]\ncode = "3213"\nname = "x"\nen = "x"\nlevel = "city"\n', "six-digit"),
    ('[[government]]\ncode = "321300"\nname = "x"\nen = "x"\nlevel = "town"\n', "unknown level"),
    ('[[government]]\ncode = "321300"\nname = "x"\nen = "x"\nlevel = "city"\nparent = "320000"\n',
     "parent '320000' is not listed"),
    ('[[government]]\ncode = "320000"\nname = "x"\nlevel = "province"\n', "has no 'en'"),
    ('[[government]]\ncode = "320000"\nname = "x"\nen = "x"\nlevel = "province"\n' * 2,
     "used twice"),
    ("[[government]\n", "not valid TOML"),
])
def test_a_bad_registry_names_file_and_entry(tmp_path, text, message):
    path = tmp_path / "governments.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as exc:
        Governments.load(path)
    assert str(path) in str(exc.value)
