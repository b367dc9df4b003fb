"""The clause endings 共同牵头 (lead jointly), 参与 and 等参与 (take part: cooperating), each
read as a role and never left on the end of a name."""

from __future__ import annotations

import pytest

from suchenggraph.extract import parse_clause


@pytest.mark.parametrize("clause, leads, cooperating", [
    ("区商务局、区科技局共同牵头", ["区商务局", "区科技局"], []),
    ("区商务局共同牵头,区财政局配合", ["区商务局"], ["区财政局"]),
    ("区商务局牵头,区科技局参与", ["区商务局"], ["区科技局"]),
    ("区商务局牵头,区科技局、区财政局参与", ["区商务局"], ["区科技局", "区财政局"]),
    ("区商务局牵头,区科技局、区财政局等参与", ["区商务局"], ["区科技局", "区财政局"]),
    ("区商务局、区科技局共同牵头,各园区等参与", ["区商务局", "区科技局"], ["各园区"]),
])
def test_clause_endings(clause, leads, cooperating):
    parsed = parse_clause(clause)
    assert (parsed.leads, parsed.cooperating) == (leads, cooperating)
