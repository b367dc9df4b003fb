"""The docs match the tool: every command has help and is in the README; every example is real.

The README is the front door (what the tool is, the two commands, the example, the command
table, where to read more); the guide is in ``docs/``, one page per subject. Every ``console``
block in the README and in ``docs/*.md`` is a real run on ``data/plan.ttl``: each
``$ suchenggraph ...`` line (optionally ``| head -N``) is run in the checkout (in a scratch folder
that sees its ``data/`` and ``tests/`` when it writes a file), and its output compared; a ``$ echo $?`` line gives the
exit code of the command before it. Output that is shown but not run (a benchmark, a server)
goes in a ``text`` block. After the plan or a command changes, rewrite them with::

    python tests/test_docs.py --update
"""

import contextlib
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from suchenggraph.cli import COMMANDS, main
from suchenggraph.queries import catalogue

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
#: the pages whose ``python`` blocks are plain Python run as they are (the notebook page's
#: ``%%sparql`` cells are checked by test_magic.py, the progress page's by test_cli_progress.py;
#: the many-plans page's start servers and write datasets, checked by test_cli_scale.py)
PYTHON_PAGES = ("README.md", "queries.md", "analyses.md", "graph.md")
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
MAX_README_LINES = 200
#: pages whose examples build on each other (a dataset, then a store, then a server over it):
#: run top to bottom in one scratch folder, with the ``python`` blocks marked ``<!-- run -->``
SESSION_PAGES = ("building.md", "scale.md")
#: the address the session pages give the SPARQL server; the session starts one on a free port
ENDPOINT = "http://127.0.0.1:7878/query"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _readme() -> str:
    return _text(README)


def _doc(name: str) -> str:
    return _text(ROOT / "docs" / name)


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
def test_every_command_is_in_the_readmes_command_table(name):
    table = _section(_readme(), "commands")
    assert re.search(rf"^\| `suchenggraph {re.escape(name)}\b", table, re.M) or re.search(
        rf"^\|[^\n]*, `suchenggraph {re.escape(name)}\b", table, re.M), (
        f"`suchenggraph {name}` is not in the README's command table")


def test_the_readme_is_short():
    lines = _readme().count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; the guide goes in docs/"


def test_the_readme_links_every_docs_page():
    table = _section(_readme(), "docs")
    for doc in DOCS:
        assert f"(docs/{doc.name})" in table, f"docs/{doc.name} is not in the README's list"


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(text: str) -> set:
    return {_slug(h) for h in re.findall(r"^#+ (.*)$", re.sub(r"```.*?```", "", text,
                                                             flags=re.S), re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_to_a_page_of_the_repository_resolves(page):
    for target in re.findall(r"\]\(([^)\s]+)\)", _text(page)):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        assert dest.exists(), f"{page.name}: link to {target}: no such file"
        if anchor:
            assert anchor in _anchors(_text(dest)), f"{page.name}: link to {target}: no heading"


def test_every_option_of_the_query_commands_is_in_the_guide():
    text = _doc("cli.md") + _doc("queries.md")
    for name in ("leads", "query", "indicators", "matrix"):
        for param in _command(name).params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, f"{name} {opt} is not in docs/cli.md or docs/queries.md"


def test_the_query_catalogue_table_is_complete():
    text = _doc("queries.md")
    for q in catalogue():
        params = ", ".join(str(p) for p in q.params) or "–"
        row = f"| `{q.name}` | {q.title} | {params} |"
        assert row in text, f"missing or stale catalogue row in docs/queries.md: {row}"


def _examples(text: str):
    """(command line, expected output) pairs of the ``$ suchenggraph`` lines of the console
    blocks (``| head -N`` included in the command line)."""
    for command, expected, _ in _steps(text):
        if command.startswith("suchenggraph "):
            yield command, expected


def _steps(text: str):
    """(command line, expected output, expected exit code or None) from the console blocks:
    every ``$ `` line, a ``$ echo $?`` line folded into the command before it."""
    for block in BLOCK.findall(text):
        lines = block.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("$ ")] + [len(lines)]
        assert not lines or starts[0] == 0, f"a console block starts with output: {lines[0]}"
        steps = []
        for i, j in zip(starts, starts[1:], strict=False):
            command, output = lines[i][2:], "\n".join(lines[i + 1 : j])
            if command == "echo $?":
                assert steps and steps[-1][2] is None, "`echo $?` follows no command"
                steps[-1] = (steps[-1][0], steps[-1][1], int(output))
            else:
                steps.append((command, output, None))
        yield from steps


def _invoke(command: str):
    """Run ``suchenggraph ... [| head -N]``: (output, exit code)."""
    command, _, pipe = command.partition(" | ")
    args = shlex.split(command)
    assert args[0] == "suchenggraph", f"a console example runs `{args[0]}`: use a text block"
    result = CliRunner().invoke(main, args[1:])
    # a page does not show the byte-order mark and CRLF line ends of --csv (docs/cli.md says so)
    output = result.output.removeprefix("\ufeff").replace("\r\n", "\n").rstrip("\n")
    if pipe:
        assert re.fullmatch(r"head -\d+", pipe), f"unknown pipe in an example: {pipe}"
        output = "\n".join(output.splitlines()[: int(pipe.removeprefix("head -"))])
    return output, result.exit_code


def _run(command: str) -> str:
    return _invoke(command)[0]


@contextlib.contextmanager
def _scratch(folder: Path):
    """Work in ``folder``, which sees the repository's data/ and tests/ and has an empty out/:
    what an example writes lands there, not in the checkout."""
    for name in ("data", "tests"):
        (folder / name).symlink_to(ROOT / name)
    (folder / "out").mkdir()
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)


@pytest.fixture()
def scratch(tmp_path):
    with _scratch(tmp_path) as folder:
        yield folder


def _all_steps():
    return [pytest.param(page, *step, id=f"{page.name}:{n}")
            for page in PAGES if page.name not in SESSION_PAGES
            for n, step in enumerate(_steps(_text(page)), 1)]


def _writes(command: str) -> bool:
    return bool({"-o", "--output", "--dataset", "--store"} & set(shlex.split(command)))


@contextlib.contextmanager
def _where(command: str):
    """In the checkout (so paths print as in it), or in a scratch folder when the command
    writes a file."""
    if not _writes(command):
        before = os.getcwd()
        os.chdir(ROOT)
        try:
            yield
        finally:
            os.chdir(before)
    else:
        with tempfile.TemporaryDirectory() as folder, _scratch(Path(folder)):
            yield


@pytest.mark.parametrize("page, command, expected, code", _all_steps())
def test_the_examples_are_real_output(page, command, expected, code):
    with _where(command):
        output, exit_code = _invoke(command)
    assert output == expected, (
        f"{page.name}: example `{command}` is stale: run `python tests/test_docs.py --update`")
    if code is not None:
        assert exit_code == code, f"{page.name}: `{command}` exits {exit_code}, not {code}"


PIECE = re.compile(r"(<!-- run -->\n)?```(console|python)\n(.*?)```", re.S)


def _session(page: Path):
    """Run a session page top to bottom in a scratch folder: yield (command, expected,
    expected exit code, (output, exit code)) for every console example."""
    from suchenggraph.server import OxigraphServer

    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        stack.enter_context(_scratch(Path(folder)))
        server = None
        for run, kind, body in PIECE.findall(_text(page)):
            if ENDPOINT in body and (run or kind == "console") and server is None:
                server = stack.enter_context(OxigraphServer("out/plans.store", timeout=20))
            if server:
                body = body.replace(ENDPOINT, server.url)
            if kind == "python":
                if run:
                    exec(compile(body, page.name, "exec"), {})
                continue
            for command, expected, code in _steps(f"```console\n{body}```"):
                yield command.replace(server.url, ENDPOINT) if server else command, expected, \
                    code, _invoke(command)


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_the_examples_of_a_session_page_are_real_output(name):
    seen = 0
    for command, expected, code, (output, exit_code) in _session(ROOT / "docs" / name):
        seen += 1
        assert output == expected, f"{name}: example `{command}` is stale"
        if code is not None:
            assert exit_code == code, f"{name}: `{command}` exits {exit_code}, not {code}"
    assert seen == len(list(_steps(_doc(name)))), f"{name}: an example was not run"


def test_every_page_that_shows_the_command_line_has_real_examples():
    for name in ("README.md", "cli.md", "queries.md", "analyses.md", "graph.md", "model.md"):
        page = README if name == "README.md" else ROOT / "docs" / name
        assert list(_steps(_text(page))), f"{name} has no console example"


@pytest.mark.parametrize("name", PYTHON_PAGES)
def test_the_python_snippets_run(scratch, name):
    page = README if name == "README.md" else ROOT / "docs" / name
    snippets = re.findall(r"```python\n(.*?)```", _text(page), re.S)
    assert snippets, f"{name} has no python snippet"
    for code in snippets:
        exec(compile(code, name, "exec"), {})


def test_the_readme_says_to_activate_the_environment_before_its_first_example():
    """`suchenggraph` is in .venv/bin: the README's first example works only once the
    environment is active, so the README says so before it, and `make demo` ends saying so."""
    text = _readme()
    first = text.index("$ suchenggraph ")
    assert ". .venv/bin/activate" in text[:first]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = re.search(r"^demo: .*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "activate" in demo.strip().splitlines()[-1], "make demo must end saying to activate"


def test_the_model_page_has_real_examples():
    assert list(_examples(_doc("model.md")))


def update() -> None:
    """Rewrite the output of every console example in the README and docs/."""

    def fill(block: re.Match) -> str:
        out = []
        for line in block.group(1).splitlines():
            if line.startswith("$ suchenggraph "):
                with _where(line[2:]):
                    output, code = _invoke(line[2:])
                out += [line, *output.splitlines()]
                last = code
            elif line == "$ echo $?":
                out += [line, str(last)]
        return "```console\n" + "\n".join(out) + "\n```"

    def fill_from(real: dict):
        def fill_session(block: re.Match) -> str:
            out = []
            for line in block.group(1).splitlines():
                if line.startswith("$ "):
                    out += [line, *real[line[2:]].splitlines()]
            return "```console\n" + "\n".join(out) + "\n```"

        return fill_session

    for page in PAGES:
        if page.name in SESSION_PAGES:
            real = {}
            for command, _, _, (output, code) in _session(page):
                real[command], real["echo $?"] = output, str(code)
            page.write_text(BLOCK.sub(fill_from(real), _text(page)), encoding="utf-8")
        else:
            page.write_text(BLOCK.sub(fill, _text(page)), encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    update()
