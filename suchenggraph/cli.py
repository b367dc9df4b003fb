"""The command line: a thin click layer over the library.

Each command parses options, calls one library function and formats the
result with :mod:`suchenggraph.output`. Commands live in their own modules and
are imported only when called, so a quick question never pays for rdflib,
networkx or pyvis.

Exit codes: 0 ok; 1 error in data or query (or, for ``validate`` and
``check``, findings); 2 usage error, unknown or ambiguous name.
"""

from __future__ import annotations

import importlib
import sys

import click

from .errors import SuchengGraphError

__all__ = ["main", "COMMANDS", "LANGS", "run", "output_options", "data_option", "lang_option",
           "emit"]

#: Label languages: English, Simplified and Traditional Chinese.
LANGS = ("en", "zh-Hans", "zh-Hant")

#: command name -> "module:attribute"; the module is imported when the command runs.
COMMANDS: dict[str, str] = {
    "build": "suchenggraph.cli_build:build",
    "validate": "suchenggraph.cli_build:validate",
    "summary": "suchenggraph.cli_build:summary",
    "graph": "suchenggraph.cli_graph:graph",
    "leads": "suchenggraph.cli_query:leads",
    "cooperates": "suchenggraph.cli_query:cooperates",
    "owner": "suchenggraph.cli_query:owner",
    "task": "suchenggraph.cli_query:task",
    "orgs": "suchenggraph.cli_query:orgs",
    "areas": "suchenggraph.cli_query:areas",
    "area": "suchenggraph.cli_query:area",
    "indicators": "suchenggraph.cli_query:indicators",
    "platforms": "suchenggraph.cli_query:platforms",
    "matrix": "suchenggraph.cli_query:matrix",
    "queries": "suchenggraph.cli_query:queries",
    "query": "suchenggraph.cli_query:query",
    "analyze": "suchenggraph.cli_analyze:analyze",
    "check": "suchenggraph.cli_analyze:check",
    "export": "suchenggraph.cli_analyze:export",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def resolve_command(self, ctx, args):
        # "Error: No such command" with a hint, exit 2 (click's own behaviour)
        return super().resolve_command(ctx, args)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("suchenggraph")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="suchenggraph", message="%(prog)s %(version)s")
def main():
    """suchenggraph: who owns what in the Sucheng District digital-economy plan.

    Exit codes: 0 ok, 1 error in data or query (or findings from validate/check),
    2 usage error or unknown/ambiguous name.
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


def data_option(fn):
    """``--data FILE``: run the command on another graph file (default: data/plan.ttl)."""
    return click.option("--data", type=click.Path(dir_okay=False), metavar="FILE",
                        help="The graph file to query (default: data/plan.ttl).")(fn)


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
