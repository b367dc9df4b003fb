"""The docs match the tool: every command has help and is in the README; README examples are real.

The ``console`` blocks in the README's ``example``, ``cli`` and ``queries`` sections are real runs on
``data/plan.ttl``: each ``$ suchenggraph ...`` line is run and its output compared. After the
plan or a command changes, rewrite them with::

    python tests/test_docs.py --update
"""

import re
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from suchenggraph.cli import COMMANDS, main
from suchenggraph.queries import catalogue

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CHECKED_SECTIONS = ("example", "cli", "queries")
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _section(text: str, name: str) -> str:
    m = re.search(rf"<!-- section:{name} -->\n(.*?)<!-- /section:{name} -->", text, re.S)
    assert m, f"README.md has no section {name!r}"
    return m.group(1)


def _command(name: str):
    return main.get_command(None, name)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name):
    command = _command(name)
    assert command is not None, f"COMMANDS[{name!r}] does not load"
    assert (command.help or "").strip(), f"`{name}` has no help text"
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: main {name}") or f" {name} " in result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"suchenggraph {re.escape(name)}\b", _readme()), (
        f"`suchenggraph {name}` is not documented in README.md")


def test_every_option_of_the_query_commands_is_in_the_readme():
    text = _section(_readme(), "cli") + _section(_readme(), "queries")
    for name in ("leads", "query", "indicators", "matrix"):
        for param in _command(name).params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, f"{name} {opt} is not in the README"


def test_the_query_catalogue_table_is_complete():
    text = _section(_readme(), "queries")
    for q in catalogue():
        params = ", ".join(str(p) for p in q.params) or "–"
        row = f"| `{q.name}` | {q.title} | {params} |"
        assert row in text, f"missing or stale catalogue row: {row}"


def _examples(text: str):
    """(command line, expected output) pairs from the console blocks."""
    for block in BLOCK.findall(text):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            if lines[i].startswith("$ suchenggraph "):
                j = i + 1
                while j < len(lines) and not lines[j].startswith("$ "):
                    j += 1
                yield lines[i][2:], "\n".join(lines[i + 1 : j])
                i = j
            else:
                i += 1


def _run(command: str) -> str:
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(main, args)
    return result.output.rstrip("\n")


def _all_examples():
    text = _readme()
    return [ex for name in CHECKED_SECTIONS for ex in _examples(_section(text, name))]


@pytest.mark.parametrize("command, expected", _all_examples() or [("", "")])
def test_readme_examples_are_real_output(command, expected):
    if not command:
        pytest.fail("no console examples in the README's cli / queries sections")
    assert _run(command) == expected, (
        f"README example `{command}` is stale: run `python tests/test_docs.py --update`")


def test_readme_python_snippets_run():
    text = "".join(_section(_readme(), name) for name in CHECKED_SECTIONS)
    snippets = re.findall(r"```python\n(.*?)```", text, re.S)
    assert snippets
    for code in snippets:
        exec(compile(code, "README.md", "exec"), {})


DOCS = sorted((ROOT / "docs").glob("*.md"))


def _doc_examples():
    return [(doc.name, *ex) for doc in DOCS for ex in _examples(doc.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("doc, command, expected", _doc_examples())
def test_docs_examples_are_real_output(doc, command, expected):
    assert _run(command) == expected, f"docs/{doc}: example `{command}` is stale"


def test_the_readme_points_to_the_model_page():
    assert "(docs/model.md)" in _section(_readme(), "model")
    assert any(doc.name == "model.md" and list(_examples(doc.read_text(encoding="utf-8")))
               for doc in DOCS)


def test_the_readme_says_to_activate_the_environment_before_its_first_example():
    """`suchenggraph` is in .venv/bin: the README's first example works only once the
    environment is active, so the README says so before it, and `make demo` ends saying so."""
    text = _readme()
    first = text.index("$ suchenggraph ")
    assert ". .venv/bin/activate" in text[:first]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = re.search(r"^demo: .*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "activate" in demo.strip().splitlines()[-1], "make demo must end saying to activate"


def update() -> None:
    """Rewrite the output of every console example in the checked sections."""
    text = _readme()

    def fill(block: re.Match) -> str:
        out, lines = [], block.group(1).splitlines()
        for line in lines:
            if line.startswith("$ suchenggraph "):
                out += [line, *_run(line[2:]).splitlines()]
        return "```console\n" + "\n".join(out) + "\n```"

    for name in CHECKED_SECTIONS:
        old = _section(text, name)
        text = text.replace(old, BLOCK.sub(fill, old))
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    update()
