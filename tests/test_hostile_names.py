"""Names no plan has: bytes that are not UTF-8, a name of 100,000 characters, an empty one.

Each is one line on stderr and exit 2, from every command that takes a name, whichever
engine answers; the name is never echoed back, and a long name costs no suggestion search.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from suchenggraph.cli import main
from suchenggraph.naming import MAX_NAME, Candidate
from suchenggraph.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent
NOT_UTF8 = b"\xff\xfe"

# each command that takes a name, with where the name goes
COMMANDS = {
    "leads": [b"leads", NOT_UTF8],
    "owner": [b"owner", NOT_UTF8],
    "cooperates": [b"cooperates", NOT_UTF8],
    "area": [b"area", NOT_UTF8],
    "task": [b"task", NOT_UTF8],
    "query -p (a name)": [b"query", b"leads", b"-p", b"org", NOT_UTF8],
    "query -p (a string)": [b"query", b"search", b"-p", b"text", NOT_UTF8],
}


def _run(args: list[bytes], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SUCHENGGRAPH_LANG"}
    return subprocess.run([sys.executable.encode(), b"-m", b"suchenggraph", *args], cwd=cwd,
                          capture_output=True, env=env, timeout=120)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_name_that_is_not_utf8_is_one_line_exit_2(command):
    done = _run(COMMANDS[command])
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("Error: the "), err
    assert "not valid UTF-8 text" in err and "Traceback" not in err
    assert done.stdout == b""


def test_a_name_that_is_not_utf8_with_a_store(tmp_path):
    done = _run([b"leads", NOT_UTF8, b"--store", str(tmp_path / "plans.store").encode()])
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert err == "Error: the name is not valid UTF-8 text (give names in UTF-8)\n"


@pytest.mark.parametrize("command", ["leads", "owner", "cooperates", "area", "task"])
def test_a_huge_name_is_refused_without_echo(command):
    result = CliRunner().invoke(main, [command, "a" * 100_000])
    assert result.exit_code == 2
    assert result.stderr == ("Error: the name is 100000 characters long; a name has at most "
                             f"{MAX_NAME}\n")


def test_a_name_at_the_limit_is_still_looked_up():
    result = CliRunner().invoke(main, ["leads", "a" * MAX_NAME])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no organisation is named 'aaa")


def test_suggestions_never_see_a_name_over_the_limit(monkeypatch):
    import suchenggraph.resolve as r

    seen = []
    monkeypatch.setattr(r, "_suggest", lambda name, *a, **k: seen.append(name) or [])
    pool = [Candidate("urn:o", "organisation", None, ("Bureau of Commerce", "区商务局"))]
    with pytest.raises(r.UsageError, match="characters long"):
        resolve("x" * (MAX_NAME + 1), pool)
    assert seen == []


def test_an_empty_organisation_name_asks_for_a_name_not_a_number():
    result = CliRunner().invoke(main, ["leads", ""])
    assert result.exit_code == 2
    assert result.stderr == "Error: an empty name: give the organisation's name\n"
    result = CliRunner().invoke(main, ["owner", " "])
    assert result.stderr == ("Error: an empty name: give the task, indicator or platform's "
                             "name or number\n")


@pytest.mark.parametrize("name, note", [
    ("Bureau of Commerce", ""),  # the label as written
    ("Commerce Bureau", ""),  # an alias as written
    ("commerce bureau", "commerce bureau -> 区商务局 (Bureau of Commerce)\n"),
    ("bureau of commerce", "bureau of commerce -> 区商务局 (Bureau of Commerce)\n"),
    ("commerce", "commerce -> 区商务局 (Bureau of Commerce)\n"),
])
def test_the_note_says_what_a_name_was_taken_to_mean_unless_it_is_a_label(name, note):
    result = CliRunner().invoke(main, ["leads", name])
    assert result.exit_code == 0
    assert result.stderr == note
