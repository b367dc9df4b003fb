"""The corpus of plan texts in tests/data/corpus and how the extractor is scored on it.

Each ``<name>.txt`` has a ``<name>.expected.toml`` written by hand from reading the text
(its format: tests/data/corpus/README.md). A responsibility is the tuple
``(plan index, task ordinal, organisation, role, deadline)``: the task ordinal counts, from 1
and in document order within a plan, the tasks that carry at least one clause; the deadline is
the clause's deadline as written, or ``""``. The extractor reads text with full-width
punctuation and digits made ASCII (``（`` -> ``(``, one character for one), so the expected
titles, names and deadlines, written as the text has them, are compared in that form. Used by tests/test_corpus.py and bench/corpus_score.py.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
ROLES = ("lead", "cooperating", "responsible")

Item = tuple[int, int, str, str, str]


@dataclass(frozen=True)
class ExpectedPlan:
    title: str
    doc_number: str | None
    period: tuple[int, int] | None
    tasks: int


@dataclass(frozen=True)
class Expected:
    plans: list[ExpectedPlan]
    items: set[Item]


def corpus_texts() -> list[Path]:
    """Every corpus text, sorted by name."""
    return sorted(CORPUS.glob("*.txt"))


def expected_path(text: Path) -> Path:
    return text.with_name(text.stem + ".expected.toml")


def load_expected(text: Path) -> Expected:
    """The hand-written expectations for one corpus text."""
    from suchenggraph.text import normalise_width

    raw = tomllib.loads(normalise_width(expected_path(text).read_text(encoding="utf-8")))
    plans, items = [], set()
    for index, plan in enumerate(raw["plan"]):
        period = plan.get("period")
        plans.append(ExpectedPlan(plan["title"], plan.get("doc_number"),
                                  tuple(period) if period else None, plan["tasks"]))
        for ordinal, org, role, deadline in plan.get("responsibilities", []):
            if role not in ROLES:
                raise ValueError(f"{expected_path(text).name}: unknown role {role!r}")
            items.add((index, ordinal, org, role, deadline))
    return Expected(plans, items)


def clause_tasks(plan) -> list:
    """The plan's tasks that carry at least one clause, in document order."""
    return [task for task in plan.tasks if task.clauses]


def actual_items(document) -> set[Item]:
    """The responsibilities the extractor read from one document."""
    items = set()
    for index, plan in enumerate(document.plans):
        for ordinal, task in enumerate(clause_tasks(plan), start=1):
            for clause in task.clauses:
                deadline = clause.deadline or ""
                for role, units in zip(ROLES, (clause.leads, clause.cooperating,
                                               clause.responsible), strict=True):
                    for org in units:
                        items.add((index, ordinal, org, role, deadline))
    return items


@dataclass(frozen=True)
class Score:
    expected: int
    actual: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.actual if self.actual else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.expected + other.expected, self.actual + other.actual,
                     self.hits + other.hits)


def score(expected: set[Item], actual: set[Item]) -> Score:
    return Score(len(expected), len(actual), len(expected & actual))


def describe(items: set[Item]) -> str:
    return "\n".join(f"  plan {i} task {n}: {org} {role}" + (f" [{dl}]" if dl else "")
                     for i, n, org, role, dl in sorted(items))


def plan_fields(document) -> list[ExpectedPlan]:
    """The plan-level fields the extractor read, in the shape of the expectations."""
    return [ExpectedPlan(plan.title, plan.doc_number,
                         tuple(plan.period) if plan.period else None, len(clause_tasks(plan)))
            for plan in document.plans]
