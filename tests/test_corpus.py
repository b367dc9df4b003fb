"""The extractor on the corpus: realistic plan texts of the genre, each against the
responsibilities a person read from it (tests/data/corpus/*.expected.toml)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from corpus_scoring import (
    Score,
    actual_items,
    corpus_texts,
    describe,
    expected_path,
    load_expected,
    plan_fields,
    score,
)

from suchenggraph.text import normalise_width, read_plan_text, to_simplified

TEXTS = corpus_texts()
IDS = [path.stem for path in TEXTS]
LEVELS = "省市区县"


def test_the_corpus_is_there():
    assert len(TEXTS) >= 10
    for text in TEXTS:
        assert expected_path(text).is_file(), f"{text.name} has no expected file"
        # 2-40 kB as UTF-8 (a GB18030 file is smaller for the same text)
        size = len(read_plan_text(text).encode("utf-8"))
        assert 2_000 <= size <= 40_000, text.name


@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_expectations_agree_with_their_text(text):
    """The hand-written expectations only name what the text says (no extractor involved)."""
    body = to_simplified(normalise_width(read_plan_text(text)))
    compact = body.replace("\u3000", "").replace(" ", "")
    expected = load_expected(text)
    for index, plan in enumerate(expected.plans):
        assert plan.title in compact, plan.title
        assert plan.doc_number is None or plan.doc_number in compact, plan.doc_number
        ordinals = {n for i, n, *_ in expected.items if i == index}
        assert ordinals == set(range(1, plan.tasks + 1)), f"plan {index}: a task without units"
    for _, ordinal, org, _, deadline in expected.items:
        # a level the extractor adds from the unit before ("市发改委、工信局"), or 自治区
        written = re.sub(r"^(?:自治区|[" + "".join(LEVELS) + "])", "", org) \
            if org not in compact else org
        assert written in compact, f"task {ordinal}: {org} is not in the text"
        assert deadline in compact, deadline


@pytest.fixture(scope="module")
def documents():
    from suchenggraph.extract import parse_document

    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = parse_document(path)
        return cache[path]

    return get


@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_every_responsibility_is_read(text, documents):
    expected = load_expected(text).items
    actual = actual_items(documents(text))
    s = score(expected, actual)
    if s.precision < 1.0 or s.recall < 1.0:
        pytest.fail(f"{text.name}: precision {s.precision:.3f}, recall {s.recall:.3f}\n"
                    f"missing:\n{describe(expected - actual)}\n"
                    f"extra:\n{describe(actual - expected)}")


@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_plan_fields_and_task_counts(text, documents):
    assert plan_fields(documents(text)) == load_expected(text).plans


def _clause(leads=(), cooperating=(), responsible=(), deadline=None):
    return SimpleNamespace(leads=list(leads), cooperating=list(cooperating),
                           responsible=list(responsible), deadline=deadline)


def test_scoring_counts_tasks_with_clauses_and_every_role():
    tasks = [SimpleNamespace(clauses=[]),
             SimpleNamespace(clauses=[_clause(["A"], ["B"]), _clause(responsible=["C"])]),
             SimpleNamespace(clauses=[_clause(["D"], deadline="5月底完成")])]
    document = SimpleNamespace(plans=[SimpleNamespace(tasks=tasks)])
    assert actual_items(document) == {(0, 1, "A", "lead", ""), (0, 1, "B", "cooperating", ""),
                                      (0, 1, "C", "responsible", ""),
                                      (0, 2, "D", "lead", "5月底完成")}


def test_scores():
    s = score({(0, 1, "A", "lead", ""), (0, 1, "B", "lead", "")},
              {(0, 1, "A", "lead", ""), (0, 2, "C", "lead", ""), (0, 2, "D", "lead", "")})
    assert (s.precision, s.recall) == (1 / 3, 1 / 2)
    assert s.f1 == pytest.approx(0.4)
    assert s + Score(2, 1, 1) == Score(4, 4, 2)
    assert score(set(), set()).f1 == 1.0


def _document_from(expected):
    """A document that reads exactly the given expectations."""
    plans = []
    for index, plan in enumerate(expected.plans):
        tasks = []
        for ordinal in range(1, plan.tasks + 1):
            clauses = []
            for _, _, org, role, deadline in sorted(x for x in expected.items
                                                    if x[:2] == (index, ordinal)):
                units = {"lead": [], "cooperating": [], "responsible": []}
                units[role].append(org)
                clauses.append(_clause(units["lead"], units["cooperating"],
                                       units["responsible"], deadline or None))
            tasks.append(SimpleNamespace(clauses=clauses))
        plans.append(SimpleNamespace(title=plan.title, doc_number=plan.doc_number,
                                     period=plan.period, tasks=tasks))
    return SimpleNamespace(plans=plans)


def _bench():
    import importlib.util

    path = TEXTS[0].parents[3] / "bench" / "corpus_score.py"
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_scores_each_file_and_the_total(monkeypatch, capsys):
    import suchenggraph.extract as extract

    perfect, empty = TEXTS[0], TEXTS[1]

    def parse_document(path):
        if path == perfect:
            return _document_from(load_expected(path))
        return SimpleNamespace(plans=[])

    monkeypatch.setattr(extract, "parse_document", parse_document, raising=False)
    bench = _bench()
    assert bench.main([str(perfect)]) == 0
    assert bench.main([str(perfect), "--check"]) == 0
    capsys.readouterr()
    assert bench.main([str(perfect), str(empty), "--check"]) == 1
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()
            if line.strip()}
    n_perfect = len(load_expected(perfect).items)
    n_empty = len(load_expected(empty).items)
    assert rows[perfect.stem] == [str(n_perfect)] * 3 + ["1.000"] * 3 + ["ok"]
    assert rows[empty.stem] == [str(n_empty), "0", "0", "0.000", "0.000", "0.000", "differ"]
    assert rows["total"][:3] == [str(n_perfect + n_empty), str(n_perfect), str(n_perfect)]
