"""CLI commands for many plans: ``plans`` (what a dataset, store or endpoint holds) and
``serve`` (Oxigraph's SPARQL server over a persistent store).

Thin wrappers over :mod:`suchenggraph.engines.dataset`, :mod:`suchenggraph.engines.persist` and
:mod:`suchenggraph.server`; imported only when one of these commands runs.
"""

from __future__ import annotations

import click

from .cli import emit, endpoint_option, lang_option, output_options, run, store_option


@click.command()
@click.option("--data", type=click.Path(dir_okay=False), metavar="FILE",
              help="A dataset of plans (.nq, .trig) or a plan file (default: data/plan.ttl); "
              "with --store, the file the store is built from.")
@store_option
@endpoint_option
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, metavar="SECONDS",
              help="Stop waiting for the endpoint's answer after this many seconds (exit 1).")
@lang_option
@output_options
def plans(data, store, endpoint, timeout, lang, fmt):
    """The plans in a dataset file, a store or a SPARQL endpoint: id, government, title.

    The id is what --plan takes. --json adds the titles in both languages and each
    plan's IRI (the name of its graph).

    \b
    Examples:
      suchenggraph plans --data plans.nq
      suchenggraph plans --store plans.store --csv
      suchenggraph plans --endpoint http://127.0.0.1:7878/query
    """
    from .cli_query import _engine
    from .engines.factory import DATASET_SUFFIXES
    from .engines.plans import plans_of

    if endpoint is None and store is None and not str(data or "").lower().endswith(
            DATASET_SUFFIXES):
        from .engines.dataset import open_dataset_engine
        from .resources import default_plan

        engine = run(open_dataset_engine, data if data is not None else default_plan())
    else:
        engine = _engine(data, store=store, endpoint=endpoint, timeout=timeout)
    rows = []
    for p in run(plans_of, engine):
        title = p.title_en if lang == "en" else p.title_zh_hans
        rows.append({"plan": p.id, "government": p.government, "identifier": p.identifier,
                     "title": title or p.title_zh_hans or p.title_en,
                     "title_en": p.title_en, "title_zh_hans": p.title_zh_hans, "iri": p.iri})
    emit(rows, fmt, ["plan", "government", "identifier", "title"])


@click.command()
@click.option("--store", metavar="PATH",
              help="The store to serve (built first when missing or stale); default: a "
              "temporary one, removed when the server stops.")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A plan file or dataset (.nq, .trig) the store holds (repeatable; default: "
              "the files the store was built from, or data/plan.ttl).")
@click.option("--port", type=click.IntRange(1, 65535), metavar="N",
              help="The port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="A loopback address to listen on (127.0.0.1 or ::1): the server is for "
              "this machine; put a reverse proxy in front of it to share it.")
@click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True,
              metavar="SECONDS", help="The server stops a query after this many seconds.")
def serve(store, data, port, host, timeout):
    """Serve the plans over SPARQL 1.1 Protocol: Oxigraph's server, read-only, on this machine.

    Prints the endpoint URL (for --endpoint, Jena, a notebook, any SPARQL client) and
    runs until Ctrl-C (or SIGTERM), which stops the server cleanly (exit 0). The store
    is checked against its sources every 2 s: when one changes, the store is rebuilt
    and the server restarted on the same URL; it never answers from old data.
    Needs the `oxigraph` program: pip install 'suchenggraph[server]'.

    \b
    Examples:
      suchenggraph serve --store plans.store --data plans.nq --port 7878
      suchenggraph leads 商务局 --endpoint http://127.0.0.1:7878/query
    """
    import tempfile
    from pathlib import Path

    from .engines.persist import open_store
    from .server import check_loopback, remove_when_gone
    from .server import serve as serve_store

    sources = [Path(d) for d in data] or None
    run(check_loopback, host)
    with tempfile.TemporaryDirectory(prefix="suchenggraph-serve-") as scratch:
        remove_when_gone(scratch)  # also after a kill -9, which skips the clean-up here
        path = Path(store) if store else Path(scratch) / "store"
        opened = run(open_store, path, sources)
        count = len(opened.plans)
        del opened  # the server opens the database itself
        note = (f"serving {count} plan{'s' if count != 1 else ''} from "
                f"{store or 'a temporary store'}, read-only; queries stop after {timeout:g} s; "
                "Ctrl-C stops the server")

        def announce(url: str) -> None:
            click.echo(url)
            click.echo(note, err=True)

        def reloaded(reasons) -> None:
            click.echo("reloaded: " + "; ".join(reasons), err=True)

        run(serve_store, path, host=host, port=port, timeout=timeout, sources=sources,
            announce=announce, on_reload=reloaded)
    click.echo("stopped", err=True)
