"""Every error of every command is one line on stderr with a documented exit code.

2: usage (bad option value, unknown option or command, missing argument);
1: a missing file, a folder given where a file is expected, output that cannot be
written (a closed pipe ends quietly); 0: --help and --version.
"""

import os
import subprocess
import sys
import types
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from suchenggraph.cli import COMMANDS, main

MINI = str(Path(__file__).parent / "data" / "query_plan.ttl")


def sg(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def _groups():
    """(command path, command) for every command and subcommand."""
    for name in sorted(COMMANDS):
        command = main.get_command(None, name)
        yield name, command
        if isinstance(command, click.Group):
            for sub in sorted(command.commands):
                yield f"{name} {sub}", command.commands[sub]


ALL = [path for path, _ in _groups()]


# --------------------------------------------------------------------------- usage errors: exit 2


@pytest.mark.parametrize("path", ALL)
def test_an_unknown_option_is_one_line_for_every_command(path):
    assert sg(*path.split(), "--no-such-option") == (
        2, "", f"Error: No such option '--no-such-option' (see 'suchenggraph {path} --help')\n")


@pytest.mark.parametrize("path", [p for p, c in _groups()
                                  if any("--lang" in o.opts for o in c.params)])
def test_a_bad_lang_is_one_line_for_every_command(path):
    code, out, err = sg(*path.split(), "--lang", "fr")
    assert (code, out) == (2, "")
    assert err.startswith("Error: Invalid value for '--lang': 'fr' is not one of ")
    assert err.endswith(f" (see 'suchenggraph {path} --help')\n") and err.count("\n") == 1


@pytest.mark.parametrize("args, message", [
    (["leads", "commerce", "--lang", "fr"],
     "Invalid value for '--lang': 'fr' is not one of en, zh-Hans, zh-Hant "
     "(see 'suchenggraph leads --help')"),
    (["indicators", "--year", "soon"],
     "Invalid value for '--year': 'soon' is not a valid integer "
     "(see 'suchenggraph indicators --help')"),
    (["indicators", "--year"],  # click gives this one no context: the path comes from argv
     "Option '--year' requires an argument (see 'suchenggraph indicators --help')"),
    (["leads"], "Missing argument 'ORG' (see 'suchenggraph leads --help')"),
    (["leads", "x", "--lan", "en"],
     "No such option '--lan'; did you mean '--lang', '--nl', '--plan'? "
     "(see 'suchenggraph leads --help')"),
    (["lead", "commerce"],
     "No such command 'lead'; did you mean 'leads'? (see 'suchenggraph --help')"),
    (["frobnicate"], "No such command 'frobnicate' (see 'suchenggraph --help')"),
    (["analyze", "workloads"], "No such command 'workloads'; did you mean 'workload'? "
     "(see 'suchenggraph analyze --help')"),
    (["export", "pdf"], "Invalid value for 'FORMAT': 'pdf' is not one of 'graphml', 'gexf', "
     "'json', 'matrix' (see 'suchenggraph export --help')"),
    (["query", "areas", "--timeout", "0"], "Invalid value for '--timeout': 0.0 is not in the "
     "range x>0 (see 'suchenggraph query --help')"),
    (["query", "areas", "-p", "x"],
     "Option '-p' requires 2 arguments (see 'suchenggraph query --help')"),
    (["graph", "-o", "x.html", "--depth", "2"],
     "--depth needs --focus (see 'suchenggraph graph --help')"),
    (["--no-such-option"], "No such option '--no-such-option' (see 'suchenggraph --help')"),
])
def test_usage_errors_are_one_line(args, message):
    assert sg(*args) == (2, "", f"Error: {message}\n")


def test_help_and_version_still_exit_0():
    code, out, err = sg("--version")
    assert (code, err) == (0, "") and out.startswith("suchenggraph ")
    for args in (["--help"], ["-h"], ["leads", "--help"], ["analyze", "workload", "--help"]):
        code, out, err = sg(*args)
        assert (code, err) == (0, "") and out.startswith("Usage: suchenggraph "), args


def test_a_bare_group_shows_its_help():
    code, out, err = sg("analyze")
    assert (code, out) == (2, "")
    assert err.startswith("Usage: suchenggraph analyze [OPTIONS] COMMAND [ARGS]...")


# --------------------------------------------------------------------------- files: exit 1


def _folder_cases(tmp):
    out = str(tmp / "out.txt")
    return [
        ["leads", "commerce", "--data", tmp], ["orgs", "--data", tmp], ["summary", "--data", tmp],
        ["query", "areas", "--data", tmp], ["validate", tmp], ["build", tmp, "-o", out],
        ["build", "--glossary", tmp, "-o", out], ["analyze", "workload", "--data", tmp],
        ["analyze", "workload", "--source", tmp], ["check", "--data", tmp],
        ["export", "json", "--data", tmp], ["export", "json", "-o", tmp],
        ["graph", "-o", tmp], ["graph", "-o", out, "--data", tmp],
    ]


def test_a_folder_given_as_a_file_is_one_line_exit_1(tmp_path):
    for args in _folder_cases(tmp_path):
        args = [str(a) for a in args]
        assert sg(*args) == (1, "", f"Error: {tmp_path}: is a folder, not a file\n"), args
    assert sg("query", str(tmp_path)) == (
        1, "", f"Error: {tmp_path}: is a folder, not a query file\n")
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("args", [
    ["leads", "commerce", "--data"], ["orgs", "--data"], ["query", "areas", "--data"],
    ["validate"], ["analyze", "workload", "--data"], ["analyze", "workload", "--source"],
    ["export", "json", "--data"], ["graph", "-o", "{tmp}/out.html", "--data"],
])
def test_a_missing_file_is_one_line_exit_1(tmp_path, args):
    args = [a.format(tmp=tmp_path) for a in args]
    missing = str(tmp_path / "none.ttl")
    assert sg(*args, missing) == (1, "", f"Error: {missing}: no such file\n")


def test_a_missing_query_file_is_exit_1(tmp_path):
    missing = str(tmp_path / "none.rq")
    assert sg("query", missing) == (1, "", f"Error: {missing}: no such query file\n")


# --------------------------------------------------------------------------- other endings


@pytest.fixture()
def extra_command(monkeypatch):
    """Register a throw-away command ``boom`` that raises what the test asks for."""
    module = types.ModuleType("suchenggraph_test_commands")

    @click.command()
    @click.argument("what")
    def boom(what):
        """Raise something."""
        if what == "abort":
            raise click.Abort()
        if what == "exit":
            raise click.exceptions.Exit(3)
        if what == "file":
            raise click.FileError("x.txt", hint="it is locked")
        if what == "interrupt":
            raise KeyboardInterrupt
        click.echo("ok")

    module.boom = boom
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(COMMANDS, "boom", f"{module.__name__}:boom")


@pytest.mark.parametrize("what, code, err", [
    ("abort", 1, "Aborted!\n"),
    ("interrupt", 1, "\nAborted!\n"),
    ("exit", 3, ""),
    ("file", 1, "Error: Could not open file 'x.txt': it is locked\n"),
    ("fine", 0, ""),
])
def test_abort_exit_and_click_errors(extra_command, what, code, err):
    got = sg("boom", what)
    assert (got[0], got[2]) == (code, err)


def test_without_standalone_mode_errors_propagate():
    with pytest.raises(click.UsageError):
        main(["leads", "--no-such-option"], standalone_mode=False)


def _cli(*args):
    return [sys.executable, "-m", "suchenggraph", *args, "--data", MINI]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_exit_1():
    with open("/dev/full", "w") as full:
        done = subprocess.run(_cli("leads", "Bureau of Commerce"), stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (
        1, "Error: cannot write output: No space left on device\n")


def test_a_closed_pipe_ends_quietly_with_exit_1():
    read, write = os.pipe()
    os.close(read)  # nobody will read: the first write fails with EPIPE
    try:
        done = subprocess.run(_cli("matrix"), stdout=write, stderr=subprocess.PIPE, text=True,
                              timeout=60)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (1, "")


def test_output_that_all_fits_in_the_pipe_ends_with_exit_0_even_unread():
    """What docs/cli.md says of `suchenggraph matrix | head -1`: the table fits in the pipe's
    buffer, so nothing is lost when the reader leaves, and the exit code is 0."""
    read, write = os.pipe()
    try:
        done = subprocess.run(_cli("matrix"), stdout=write, stderr=subprocess.PIPE, text=True,
                              timeout=60)
    finally:
        os.close(write)
    with os.fdopen(read, "rb") as pipe:
        first = pipe.readline()
    assert (done.returncode, done.stderr) == (0, "")
    assert first.startswith(b"organisation")
    guide = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "so that example exits 0" in guide


def test_csv_reads_back_as_the_guide_says():
    import csv
    import io

    done = subprocess.run(_cli("matrix", "--csv"), capture_output=True, timeout=60)
    assert done.stdout.startswith(b"\xef\xbb\xbf")
    as_told = csv.DictReader(io.StringIO(done.stdout.decode("utf-8-sig"), newline=""))
    assert as_told.fieldnames[0] == "organisation"
    naive = csv.DictReader(io.StringIO(done.stdout.decode("utf-8"), newline=""))
    assert naive.fieldnames[0] == "\ufefforganisation"  # the warning in docs/cli.md
