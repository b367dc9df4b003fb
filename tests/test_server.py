"""Oxigraph's own SPARQL server: read-only, loopback only, a time limit, a clean stop."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from suchenggraph.engines import persist
from suchenggraph.engines.endpoint import EndpointEngine
from suchenggraph.errors import QueryError, UsageError
from suchenggraph.server import OxigraphServer, ServerError, check_loopback, free_port

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plan.ttl"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("server") / "store"
    persist.build_store(path, [PLAN], progress=persist.Progress(enabled=False))
    return path


def ask(url: str) -> bool:
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as answer:
        return b"true" in answer.read()


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_serves_the_store_on_loopback_until_stopped(store):
    with OxigraphServer(store) as server:
        assert server.url == f"http://127.0.0.1:{server.port}/query"
        assert "--union-default-graph" in server.command()
        assert server.command()[server.command().index("--timeout-s") + 1] == "30"
        assert ask(server.url)
        process = server.process
    assert process.poll() is not None  # stopped and waited for
    assert not port_open(server.port)


def test_it_is_read_only(store):
    with OxigraphServer(store) as server:
        update = urllib.request.Request(
            server.base_url + "/update", data=b"update=DROP%20ALL", method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(update, timeout=10)
        assert err.value.code == 403
        assert ask(server.url)  # the data is still there


def test_loopback_only():
    assert check_loopback("::1") == "::1"
    for host in ("0.0.0.0", "192.168.1.2", "example.org"):
        with pytest.raises(UsageError, match="loopback interface only"):
            check_loopback(host)


def test_a_taken_port_is_a_clear_error(store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerError, match="stopped at start"):
            OxigraphServer(store, port=port).start()


def test_a_free_port_is_free():
    port = free_port()
    assert 1024 <= port <= 65535
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # raises if the port is taken
        assert s.getsockname() == ("127.0.0.1", port)


def test_the_time_limit_stops_a_long_query(store):
    with OxigraphServer(store, timeout=1) as server:
        engine = EndpointEngine(server.url, timeout=60)
        with pytest.raises(QueryError) as err:  # the server's limit, not the client's 60 s
            engine.select("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
        assert err.value.one_line() == (f"the SPARQL endpoint {server.url} stopped the query "
                                        "at its time limit")
        assert ask(server.url)  # and goes on serving


@contextlib.contextmanager
def serving(store: Path, **options: str):
    """``server.serve(store, **options)`` in a child process: ``(process, url)``; the
    child prints the URL, then one line per reload, then ``stopped``. Killed if a test
    leaves it running."""
    extra = "".join(f", {k}={v}" for k, v in options.items())
    code = ("from suchenggraph.server import serve\n"
            f"serve({str(store)!r}, announce=lambda url: print(url, flush=True){extra})\n"
            "print('stopped', flush=True)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env=env)
    try:
        yield proc, proc.stdout.readline().strip()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_serve_announces_the_url_and_stops_on_sigterm(store):
    with serving(store) as (proc, url):
        assert url.startswith("http://127.0.0.1:") and url.endswith("/query")
        assert ask(url)
        port = int(url.split(":")[2].split("/")[0])
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert proc.stdout.read().strip() == "stopped"
        assert not port_open(port)


def test_a_missing_store_is_refused(tmp_path):
    from suchenggraph.errors import DataError

    with pytest.raises(DataError, match="no Oxigraph database here"):
        OxigraphServer(tmp_path / "nothing")


def test_a_stale_store_is_rebuilt_and_served_again(tmp_path):
    from suchenggraph import remint as rm

    source = tmp_path / "plan.ttl"
    source.write_bytes(PLAN.read_bytes())
    path = tmp_path / "store"
    persist.build_store(path, [source], progress=persist.Progress(enabled=False))
    reload = "lambda why: print('reloaded:', *why, flush=True)"
    with serving(path, watch="0.2", on_reload=reload) as (proc, url):
        assert [p.id for p in EndpointEngine(url).plans()] == [
            "sucheng-digital-economy-2022-2024"]
        # a broken source: the server stops answering rather than answer from old data
        source.write_text("@prefix x: <urn:x#> .\nx:a x:b \"unfinished .\n", encoding="utf-8")
        assert proc.stdout.readline().startswith("reloaded: cannot rebuild (")
        with pytest.raises(QueryError, match="answered HTTP 503 Service Unavailable: the "
                           "store is being rebuilt, or cannot be: not serving until it can"):
            EndpointEngine(url).plans()
        # fixed (written atomically, as `suchenggraph build` does): served again, same URL
        fixed = tmp_path / "new.ttl"
        rm.remint(PLAN, 3).serialize(fixed, format="turtle")
        os.replace(fixed, source)
        assert proc.stdout.readline().strip() == f"reloaded: {source.resolve()} has changed"
        assert [p.id for p in EndpointEngine(url).plans()] == [
            "sucheng-digital-economy-2022-2024-copy-3"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0


# --------------------------------------------------------------------------- what serve shares


def _connected(sock: socket.socket) -> bool:
    import select

    readable, _, _ = select.select([sock], [], [], 0.5)
    return bool(readable)


def _send(url: str, text: str, how: str) -> int:
    if how == "get":
        req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": text}))
    elif how == "form":
        req = urllib.request.Request(url, data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        req = urllib.request.Request(url, data=text.encode(),
                                     headers={"Content-Type": "application/sparql-query"})
    req.add_header("Accept", "application/sparql-results+json")
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_serve_refuses_a_federated_query_and_fetches_nothing(store, listener, how):
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
    with serving(store) as (proc, url):
        for text in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                     f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
                     f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}"):
            assert _send(url, text, how) == 400, text
        assert _send(url, "ASK { ?s ?p ?o }", how) == 200  # a plain query still runs
        assert not _connected(listener), "the server fetched the SERVICE URL"


def test_serve_refuses_updates_through_its_front(store):
    with serving(store) as (proc, url):
        base = url.rsplit("/", 1)[0]
        update = urllib.request.Request(base + "/update", data=b"update=DROP%20ALL",
                                        method="POST")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(update, timeout=10)
        assert err.value.code == 403
        assert _send(url, "DELETE WHERE { ?s ?p ?o }", "form") == 400
        assert ask(url)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie no one has reaped yet counts as gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in found]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_kill_9_of_serve_takes_the_server_and_its_temporary_store_with_it(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "suchenggraph", "serve"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert ask(url)
        servers = [c for c in _children(proc.pid)
                   if b"serve-read-only" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(servers) == 1
        args = Path(f"/proc/{servers[0]}/cmdline").read_bytes().decode().split("\0")
        folder = Path(args[args.index("--location") + 1])
        while not folder.name.startswith("suchenggraph-serve-"):
            folder = folder.parent
        assert folder.is_dir()
        proc.kill()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30  # waiting for the outcome, not timing it
        while (_alive(servers[0]) or folder.exists()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(servers[0]), "the Oxigraph server outlived serve"
        assert not folder.exists(), "serve's temporary store was left behind"
    finally:
        if proc.poll() is None:
            proc.kill()
