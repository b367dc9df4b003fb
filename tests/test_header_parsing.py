"""The query header is read with string methods (no regex to compile on the way to an
answer); they read it as the regular expressions of the header format do."""

from __future__ import annotations

import random
import re

import pytest

from suchenggraph.queries import _header_line, _param, _split_params

HEADER = re.compile(r"^#\s*(title|description|params)\s*:\s*(.*?)\s*$")
PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([a-z]+)\s*(,\s*optional\s*)?\))?$")
SPLIT = re.compile(r",\s*(?![^()]*\))")

LINES = ["# title: T", "#title:T", "#  params :  a, b (year) ", "# description:", "#", "# x: y",
         "# title foo: x", "# Title: x", "#\ttitle\t:\tx\t", "# params: a (b, optional), c",
         "# title: a: b", "#title", "# title : ", "#  description:  言  "]
ITEMS = ["x", "x (year)", "x(year)", "x ( year , optional )", "x (year,optional)",
         "_a1 (iri)", "1x", "x y", "x (Year)", "x (year) z", "x (year, Optional)", "x ()",
         "x (year, optional, more)", "x (ye ar)", "x )", "x (", "é (year)", "x (year))",
         "x ((year))", "x (year, )", "x (, optional)"]
VALUES = ["a, b", "a (b, optional), c", "a (b,c), d (e)", "a), b", "(a, b", "a,, b", ",",
          "a (b, optional), c (d, optional)", "x (a, b) , y"]


@pytest.mark.parametrize("line", LINES)
def test_header_lines(line):
    m = HEADER.match(line)
    assert _header_line(line) == (m.groups() if m else None)


@pytest.mark.parametrize("item", ITEMS)
def test_params(item):
    m = PARAM.match(item)
    expected = (m.group(1), m.group(2), bool(m.group(3))) if m else None
    assert _param(item) == expected


@pytest.mark.parametrize("value", VALUES)
def test_splitting(value):
    assert [x.strip() for x in _split_params(value)] == [x.strip() for x in SPLIT.split(value)]


def test_random_text_reads_the_same():
    rng = random.Random(12)
    alphabet = "ab_1 (),:#\toptional"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        m = PARAM.match(text.strip())
        assert _param(text.strip()) == ((m.group(1), m.group(2), bool(m.group(3))) if m
                                        else None), text
        assert [x.strip() for x in _split_params(text)] == [x.strip()
                                                            for x in SPLIT.split(text)], text
        line = "#" + text
        m = HEADER.match(line.strip())
        assert _header_line(line.strip()) == (m.groups() if m else None), line
