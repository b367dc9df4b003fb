"""lower-bounds.txt pins exactly the lowest versions pyproject.toml allows.

`make test` installs the package with those pins into a second virtualenv and runs the tests
that touch each dependency there (LOWEST_TESTS in the Makefile), so a declared lower bound
that stops being true (networkx 3.2 has no ``edges=`` in ``node_link_data``; pandas 2.0
fails to import next to numpy 2) fails the test command. This test keeps the file and
pyproject.toml from drifting apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
# what the second virtualenv installs: the package, its notebook and server extras, pytest
EXTRAS = ("notebook", "server")
ALSO = ("pytest",)


def _declared() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in EXTRAS:
        specs += project["optional-dependencies"][extra]
    specs += [s for s in project["optional-dependencies"]["dev"]
              if re.match(r"[A-Za-z0-9_.-]+", s).group(0) in ALSO]
    out = {}
    for spec in specs:
        if ";" in spec and "python_version" in spec:
            continue  # a backport for older Pythons (tomli): not on the CI's Python
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9][0-9A-Za-z.]*)", spec.split(";")[0].strip())
        assert m, f"{spec!r}: every dependency needs a lower bound written NAME>=VERSION"
        out[m.group(1).lower()] = m.group(2)
    return out


def _pinned() -> dict[str, str]:
    out = {}
    for line in (ROOT / "lower-bounds.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            out[name.lower()] = version
    return out


def _same(a: str, b: str) -> bool:
    """``3.2`` is ``3.2.0``."""
    def parts(v):
        nums = [int(x) for x in v.split(".")]
        while nums and nums[-1] == 0:
            nums.pop()
        return nums

    return parts(a) == parts(b)


def test_every_declared_lower_bound_is_pinned_in_lower_bounds_txt():
    declared, pinned = _declared(), _pinned()
    assert sorted(declared) == sorted(pinned)
    wrong = {n: (declared[n], pinned[n]) for n in declared if not _same(declared[n], pinned[n])}
    assert not wrong, f"pyproject says >= first, lower-bounds.txt pins second: {wrong}"


def test_make_test_runs_the_tests_on_the_lower_bounds():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_recipe = re.search(r"^test: .*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "$(MAKE) test-lowest" in test_recipe
    assert "-c lower-bounds.txt" in makefile
    listed = re.search(r"LOWEST_TESTS = ((?:.*\\\n)*.*)", makefile).group(1)
    for name in re.findall(r"tests/\S+\.py", listed):
        assert (ROOT / name).is_file(), name
