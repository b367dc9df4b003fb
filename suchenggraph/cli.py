"""The command line: a thin click layer over the library.

Each command parses options, calls one library function and formats the
result with :mod:`suchenggraph.output`. Commands live in their own modules and
are imported only when called, so a quick question never pays for rdflib,
networkx or pyvis.

Exit codes: 0 ok; 1 error in data or query (or, for ``validate`` and
``check``, findings), a missing or unreadable input file, a folder given where a
file is expected, output that cannot be written; 2 usage error, unknown or
ambiguous name. Every error is one line on stderr (see :meth:`LazyGroup.main`).
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import sys

import click

from .errors import SuchengGraphError

__all__ = ["main", "COMMANDS", "LANGS", "run", "output_options", "data_option", "lang_option",
           "plan_option", "store_option", "endpoint_option", "timeout_option", "source_options",
           "emit"]

#: Label languages: English, Simplified and Traditional Chinese.
LANGS = ("en", "zh-Hans", "zh-Hant")

#: command name -> "module:attribute"; the module is imported when the command runs.
COMMANDS: dict[str, str] = {
    "build": "suchenggraph.cli_build:build",
    "validate": "suchenggraph.cli_build:validate",
    "summary": "suchenggraph.cli_build:summary",
    "outline": "suchenggraph.cli_build:outline",
    "graph": "suchenggraph.cli_graph:graph",
    "leads": "suchenggraph.cli_query:leads",
    "cooperates": "suchenggraph.cli_owner:cooperates",
    "owner": "suchenggraph.cli_owner:owner",
    "task": "suchenggraph.cli_owner:task",
    "orgs": "suchenggraph.cli_lists:orgs",
    "areas": "suchenggraph.cli_lists:areas",
    "area": "suchenggraph.cli_lists:area",
    "indicators": "suchenggraph.cli_lists:indicators",
    "platforms": "suchenggraph.cli_lists:platforms",
    "matrix": "suchenggraph.cli_lists:matrix",
    "queries": "suchenggraph.cli_sparql:queries",
    "query": "suchenggraph.cli_sparql:query",
    "analyze": "suchenggraph.cli_analyze:analyze",
    "check": "suchenggraph.cli_analyze:check",
    "export": "suchenggraph.cli_analyze:export",
    "plans": "suchenggraph.cli_scale:plans",
    "progress": "suchenggraph.cli_progress:progress",
    "report": "suchenggraph.cli_progress:report",
    "serve": "suchenggraph.cli_scale:serve",
}


#: click >= 8.2 raises this for a group given no command (it shows the group's help)
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class LazyGroup(click.Group):
    """The ``suchenggraph`` group: commands imported when called; one-line errors."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run the command line; every error is ONE line on stderr with a documented exit code.

        * a usage error (bad option value, unknown option or command, missing argument):
          ``Error: <what> (see 'suchenggraph CMD --help')``, exit 2;
        * a folder given where a file is expected: ``Error: PATH: is a folder, not a file``,
          exit 1 (like a missing file: ``Error: PATH: no such file``, exit 1);
        * output that cannot be written: ``Error: cannot write output: <reason>``, exit 1;
          a closed pipe (``suchenggraph orgs | head -1``) ends quietly: exit 1 when output
          was lost, 0 when all of it was in the pipe before the reader left;
        * ``click.Abort`` (Ctrl-C at a prompt) exits 1; ``--help`` and ``--version`` exit 0.

        With ``standalone_mode=False`` click's own behaviour is kept: exceptions propagate.
        """
        prog_name = prog_name or "suchenggraph"
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        code = 0
        stdout = sys.stdout
        try:
            try:
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except SystemExit:  # run() after an error, validate/check findings, a closed pipe
                if sys.stdout is not stdout:  # click met a closed pipe and wrapped stdout
                    _silence_stdout()
                _flush_stdout()
                raise
            if type(rv) is int:  # click.exceptions.Exit (--help, --version, ctx.exit(n))
                code = rv
            _flush_stdout()
        except _NO_ARGS_IS_HELP as exc:  # a bare group: show its help
            exc.show()
            code = exc.exit_code
        except click.UsageError as exc:
            code = _report_usage_error(exc, self._command_path(prog_name, args))
        except click.ClickException as exc:
            click.echo(f"Error: {_one_line(exc.format_message())}", err=True)
            code = exc.exit_code
        except click.Abort:
            click.echo("Aborted!", err=True)
            code = 1
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away: stop quietly
                _silence_stdout()
            elif exc.filename is not None:  # pragma: no cover - library errors name files
                click.echo(f"Error: {exc.filename}: {exc.strerror or exc}", err=True)
            else:
                _silence_stdout()  # what is left in the buffer can never be written
                click.echo(f"Error: cannot write output: {exc.strerror or exc}", err=True)
            code = 1
        sys.exit(code)

    def _command_path(self, prog_name: str, args) -> str:
        """``suchenggraph analyze workload`` from the arguments (for errors click raises
        without a context, such as an option missing its value)."""
        words, cmd = [prog_name], self
        for token in sys.argv[1:] if args is None else args:
            if not isinstance(cmd, click.Group) or token.startswith("-"):
                break
            cmd = cmd.get_command(None, token)
            if cmd is None:
                break
            words.append(token)
        return " ".join(words)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _report_usage_error(exc: click.UsageError, fallback: str = "suchenggraph") -> int:
    """Print a click usage error as one line; return its exit code (2, or 1 for a folder)."""
    ctx = exc.ctx
    if isinstance(exc, click.BadParameter) and isinstance(getattr(exc.param, "type", None),
                                                           click.Path):
        m = re.fullmatch(r"\w+ ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") is a directory\.",
                         exc.message)
        if m:  # click.Path(dir_okay=False) given a folder: the same line as the library's
            from ast import literal_eval

            click.echo(f"Error: {literal_eval(m.group(1))}: is a folder, not a file", err=True)
            return 1
    message = _click_wording(_one_line(exc.format_message()))
    unknown = re.fullmatch(r"No such command '(.*)'\.?", message)
    if unknown and ctx is not None:  # click (before 8.4) suggests no command: do it here
        from difflib import get_close_matches

        close = get_close_matches(unknown.group(1), ctx.command.list_commands(ctx), n=3,
                                  cutoff=0.7)
        if close:
            message = message.rstrip(".") + "; did you mean " + ", ".join(map(repr, close)) + "?"
    message = message.rstrip(".")
    where = ctx.command_path if ctx is not None else fallback
    click.echo(f"Error: {message} (see '{where} --help')", err=True)
    return exc.exit_code


def _click_wording(message: str) -> str:
    """One wording of click's usage errors, whichever click (>= 8.2) wrote them.

    >>> _click_wording("No such option: --lan (Possible options: --lang, --nl)")
    "No such option '--lan'; did you mean '--lang', '--nl'?"
    >>> _click_wording("No such option '--lan'. (Did you mean one of: '--lang', '--nl'?)")
    "No such option '--lan'; did you mean '--lang', '--nl'?"
    >>> _click_wording("No such option '--x'. Did you mean '--lang'?")
    "No such option '--x'; did you mean '--lang'?"
    """
    message = re.sub(r"^No such option: (\S+)", r"No such option '\1'", message)
    message = re.sub(r" \(Possible options: (.*)\)$",
                     lambda m: "; did you mean " + ", ".join(f"'{o}'" for o in
                                                           m.group(1).split(", ")) + "?",
                     message)
    # "No such option '--lan'. (Did you mean one of: '--lang', '--nl'?)" -> one clause
    return re.sub(r"\.? \(?Did you mean (?:one of: )?(.*)\?\)?$", r"; did you mean \1?", message)


def _flush_stdout() -> None:
    """Flush stdout now, so a full disk or closed pipe is reported here, not at exit."""
    sys.stdout.flush()


def _silence_stdout() -> None:
    """Point stdout at the null device: the interpreter's flush at exit then prints nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests, notebooks)
        pass


@click.group(name="suchenggraph", cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="suchenggraph", message="%(prog)s %(version)s")
def main():
    """suchenggraph: who owns what in the Sucheng District digital-economy plan.

    Exit codes: 0 ok; 1 error in the data or query, a missing file or a folder
    given as a file, output that cannot be written (or findings from validate/check);
    2 usage error or unknown/ambiguous name. Errors are one line on stderr.
    """


def run(fn, *args, **kwargs):
    """Call ``fn``; turn a :class:`SuchengGraphError` into ``Error: ...`` on stderr and its exit code."""
    try:
        return fn(*args, **kwargs)
    except SuchengGraphError as exc:
        click.echo(f"Error: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)


def output_options(fn):
    """``--table`` (default), ``--json``, ``--nl``, ``--csv``: one contract for every row command."""
    fn = click.option("--csv", "fmt", flag_value="csv", help="CSV (UTF-8 with BOM, for Excel).")(fn)
    fn = click.option("--nl", "fmt", flag_value="nl", help="Newline-delimited JSON.")(fn)
    fn = click.option("--json", "fmt", flag_value="json", help="A JSON array.")(fn)
    fn = click.option("-t", "--table", "fmt", flag_value="table", default=True,
                      help="An aligned table (default).")(fn)
    return fn


def data_option(fn, help: str = "The graph file to query (default: data/plan.ttl)."):
    """``--data FILE``: run the command on another graph file (default: data/plan.ttl)."""
    return click.option("--data", type=click.Path(dir_okay=False), metavar="FILE",
                        help=help)(fn)


_DATA_OR_DATASET = ("The graph file to query (default: data/plan.ttl), or a dataset of plans "
                    "(.nq, .trig); with --store, the file the store is built from.")


def _plan(ctx, param, value):
    if value is not None and not value.strip():
        raise click.BadParameter("give a plan id or IRI (see `suchenggraph plans`), or all.")
    return None if value is None or value.strip().lower() == "all" else value.strip()


def plan_option(fn):
    """``--plan ID|all``: the plan a question reads in a dataset, store or endpoint."""
    return click.option("--plan", metavar="ID|all", callback=_plan,
                        help="The plan to ask about, by id or IRI (see `suchenggraph plans`); "
                        "all (the default) asks every plan loaded.")(fn)


def store_option(fn):
    """``--store PATH``: a persistent Oxigraph store (built from ``--data`` when given)."""
    return click.option("--store", metavar="PATH",
                        help="A persistent store folder: loaded once (from --data, or the "
                        "shipped plan), answers later runs without parsing, rebuilt when a "
                        "source changes.")(fn)


def endpoint_option(fn):
    """``--endpoint URL``: ask a SPARQL 1.1 Protocol endpoint instead of a file or store."""
    return click.option("--endpoint", metavar="URL",
                        help="Ask this SPARQL endpoint (SPARQL 1.1 Protocol: `suchenggraph "
                        "serve`, Fuseki, GraphDB, Virtuoso) instead of a file.")(fn)


def timeout_option(fn):
    """``--timeout SECONDS``: how long a query may run (or an endpoint take to answer)."""
    return click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
                        show_default=True, metavar="SECONDS",
                        help="Stop a query after this many seconds, or stop waiting for the "
                        "endpoint's answer (exit 1).")(fn)


def source_options(fn, timeout: bool = True):
    """Where the plans are: ``--data`` (a graph file or a dataset), ``--plan``, ``--store``,
    ``--endpoint`` and (unless the command has its own) ``--timeout``; see
    :func:`suchenggraph.engines.factory.open_any`."""
    for option in (timeout_option if timeout else None, endpoint_option, store_option,
                   plan_option):
        if option is not None:
            fn = option(fn)
    return data_option(fn, help=_DATA_OR_DATASET)


def _lang(ctx, param, value):
    found = {lang.lower(): lang for lang in LANGS}.get(str(value).lower())
    if found is None:
        raise click.BadParameter(f"{value!r} is not one of {', '.join(LANGS)}.")
    return found


def lang_option(fn):
    """``--lang en|zh-Hans|zh-Hant`` (also ``$SUCHENGGRAPH_LANG``): the language of labels."""
    return click.option("--lang", default="en", metavar="[" + "|".join(LANGS) + "]",
                        callback=_lang, envvar="SUCHENGGRAPH_LANG", show_default=True,
                        help="Label language (case-insensitive; JSON also keeps all three "
                        "names).")(fn)


def emit(rows, fmt: str, columns=None):
    """Print ``rows`` in ``fmt``; CSV starts with a byte-order mark so Excel reads UTF-8."""
    from .output import render

    text = render(rows, fmt, columns)
    if fmt == "csv":
        text = "\ufeff" + text
    if text:
        click.echo(text)
