"""The real SPARQL server: Oxigraph's own, read-only, on the loopback interface.

:class:`OxigraphServer` runs ``oxigraph serve-read-only`` (the ``oxigraph``
package, installed with the ``server`` extra) over a persistent store
(:mod:`suchenggraph.engines.persist`): bound to 127.0.0.1 on a free port (or the one
asked for), with a time limit per query (``--timeout-s``) and the union of the
plans' graphs as the default graph (``--union-default-graph``; one plan is
chosen per request with ``default-graph-uri``, see :mod:`suchenggraph.engines.endpoint`).
It waits until the server answers a query, then gives the endpoint URL
(``http://127.0.0.1:PORT/query``, SPARQL 1.1 Protocol). Stopping it (leaving the
``with`` block, SIGINT or SIGTERM in :func:`serve`) stops the server process and
waits for it.

Updates are refused by the server itself (read-only mode), and by the client
before they are sent. :func:`serve` gives out the address of a front (:class:`_Front`)
that checks every query with the read-only guard before it reaches Oxigraph on a private
port: Oxigraph would run a ``SERVICE`` call itself, fetching any URL it names. The
Oxigraph process dies with the process that started it (``kill -9`` included), and
:func:`remove_when_gone` removes a temporary store then too.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .engines.persist import DATA_DIR, MANIFEST, open_store, status
from .errors import DataError, SuchengGraphError, UsageError
from .readonly import check_read_only

__all__ = ["DEFAULT_QUERY_TIMEOUT", "OxigraphServer", "ServerError", "find_oxigraph",
           "free_port", "serve", "check_loopback", "remove_when_gone"]

#: Seconds a query may run on the server before it is stopped.
DEFAULT_QUERY_TIMEOUT = 30


class ServerError(SuchengGraphError):
    """The server cannot be started or did not come up."""


def find_oxigraph() -> str:
    """The ``oxigraph`` program: next to this Python (a virtualenv), else on ``PATH``."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    here = Path(sys.executable).parent / name
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError("the Oxigraph server is not installed: pip install 'suchenggraph[server]' "
                      "(it provides the `oxigraph` program)")


def check_loopback(host: str) -> str:
    """Accept only a loopback address: the server is for this machine.

    >>> check_loopback("127.0.0.1"), check_loopback("localhost")
    ('127.0.0.1', '127.0.0.1')
    >>> check_loopback("0.0.0.0")
    Traceback (most recent call last):
    ...
    suchenggraph.errors.UsageError: the server listens on the loopback interface only (127.0.0.1 or ::1), not '0.0.0.0'; put a reverse proxy in front of it to share it
    """
    if host == "localhost":
        return "127.0.0.1"
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return host.strip("[]")
    except ValueError:
        pass
    raise UsageError(f"the server listens on the loopback interface only (127.0.0.1 or ::1), "
                     f"not {host!r}; put a reverse proxy in front of it to share it")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve-read-only`` over ``location`` as a context manager.

    ``location``: a persistent store folder (:mod:`suchenggraph.engines.persist`) or an
    Oxigraph database folder. ``timeout``: seconds per query on the server.
    """

    def __init__(self, location: str | Path, *, host: str = "127.0.0.1", port: int | None = None,
                 timeout: float = DEFAULT_QUERY_TIMEOUT, union_default_graph: bool = True,
                 startup_timeout: float = 30.0, program: str | None = None):
        location = Path(location)
        if (location / MANIFEST).is_file():
            location = location / DATA_DIR
        if not location.is_dir():
            raise DataError("no Oxigraph database here (build a store first)",
                            path=str(location))
        self.location = location
        self.host = check_loopback(host)
        self.port = port
        self.timeout = timeout
        self.union_default_graph = union_default_graph
        self.startup_timeout = startup_timeout
        self.program = program
        self.process: subprocess.Popen | None = None
        self._log = None

    # -- addresses
    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.base_url + "/query"

    def command(self) -> list[str]:
        cmd = [self.program or find_oxigraph(), "serve-read-only", "--location",
               str(self.location), "--bind", f"{self.host}:{self.port}"]
        if self.timeout:
            cmd += ["--timeout-s", str(max(1, int(round(self.timeout))))]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        return cmd

    def check_version(self) -> str:
        """The server's version; it must match pyoxigraph's (same on-disk format)."""
        import pyoxigraph

        program = self.program or find_oxigraph()
        try:
            out = subprocess.run([program, "--version"], capture_output=True, text=True,
                                 timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError) as exc:
            raise ServerError(f"cannot run {program}: {exc}") from None
        version = out.split()[-1] if out else "unknown"
        if version.split(".")[:2] != pyoxigraph.__version__.split(".")[:2]:
            raise ServerError(f"the Oxigraph server is version {version} but the store was "
                              f"written by pyoxigraph {pyoxigraph.__version__}: install the "
                              f"same release of both (pip install 'oxigraph=="
                              f"{pyoxigraph.__version__}')")
        return version

    # -- life cycle
    def start(self) -> OxigraphServer:
        if self.process is not None:
            return self
        self.check_version()
        fixed = self.port is not None
        for _attempt in range(1 if fixed else 3):
            if not fixed:
                self.port = free_port(self.host)
            self._log = tempfile.TemporaryFile()
            self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL,
                                            stdout=self._log, stderr=subprocess.STDOUT,
                                            preexec_fn=_die_with_parent())
            try:
                self._wait_ready()
                return self
            except ServerError as exc:
                self.stop()
                error = exc
                if fixed or "Address already in use" not in str(exc):
                    raise
        raise error  # pragma: no cover - three ports taken in a row

    def _log_tail(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        lines = [x.strip() for x in self._log.read().decode("utf-8", "replace").splitlines()
                 if x.strip()]
        return lines[-1] if lines else ""

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        probe = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while True:
            code = self.process.poll()
            if code is not None:
                raise ServerError(f"the Oxigraph server stopped at start (exit {code}): "
                                  f"{self._log_tail() or 'no message'}")
            try:
                req = urllib.request.Request(
                    probe, headers={"Accept": "application/sparql-results+json"})
                with urllib.request.urlopen(req, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise ServerError(f"the Oxigraph server did not answer within "
                                  f"{self.startup_timeout:g} s at {self.url}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s) and wait for it."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover - it stops on SIGTERM
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> OxigraphServer:
        """Stop and start again on the same port (after the store was rebuilt)."""
        self.stop()
        return self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _die_with_parent():
    """A ``preexec_fn`` that makes the child die with this process (Linux:
    ``prctl(PR_SET_PDEATHSIG, SIGKILL)``): a server left behind by a ``kill -9`` of
    ``serve`` would answer from a store nothing watches any more. ``None`` elsewhere.

    libc and ``prctl`` are looked up here, before the fork, so the child only calls it.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - no libc symbol
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                      ctypes.c_ulong]
    parent = os.getpid()
    pr_set_pdeathsig = 1

    def in_child():
        prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return in_child


def remove_when_gone(folder: str | Path) -> subprocess.Popen:
    """Remove ``folder`` once this process has ended, however it ends (``kill -9``
    included): a small ``sh`` waits for the end of a pipe only this process holds.
    Returns the watcher; it ignores Ctrl-C (the terminal sends it to the whole group)."""
    read, write = os.pipe()
    os.set_inheritable(write, False)
    script = 'trap "" INT; read -r _; rm -rf -- "$1"'
    try:
        return subprocess.Popen(["sh", "-c", script, "sh", str(folder)], stdin=read,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.close(read)  # the write end stays open (and unwritten) until this process ends
        _KEPT.append(write)


_KEPT: list[int] = []  # write ends of remove_when_gone's pipes


class _Front:
    """The address ``serve`` gives out: an HTTP front that checks each query with the
    read-only guard (:func:`suchenggraph.readonly.check_read_only`: no update, no
    ``SERVICE``, no ``FROM``) before it reaches Oxigraph, which listens on a private
    loopback port. Oxigraph runs ``SERVICE`` calls itself, so a federated query sent
    straight to it would make this machine fetch any URL; here it is answered
    ``400 Bad Request`` and nothing is fetched. Updates are ``403 Forbidden``."""

    def __init__(self, host: str, port: int | None, backend: OxigraphServer):
        import http.server

        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            server_version = "suchenggraph"

            def log_message(self, *args):  # quiet: serve's stderr is for its own lines
                pass

            def do_GET(self):
                front._forward(self, None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                front._forward(self, self.rfile.read(length) if length else b"")

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

        self.backend = backend
        self._lock = threading.Lock()  # rdflib's query parser is not known to be thread-safe
        try:
            self.httpd = Server((host, port or 0), Handler)
        except OSError as exc:
            raise ServerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") \
                from None
        self.host, self.port = host, self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       name="suchenggraph-front", daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def _query_text(handler, body: bytes | None) -> str | None:
        path, _, query = handler.path.partition("?")
        if body is None:
            found = urllib.parse.parse_qs(query).get("query")
            return found[0] if found else None
        ctype = (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            return body.decode("utf-8", "replace")
        found = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query")
        return found[0] if found else None

    def _answer(self, handler, code: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        handler.send_response(code)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _forward(self, handler, body: bytes | None) -> None:
        import http.client

        path = handler.path.partition("?")[0]
        if body is not None and path != "/query":
            return self._answer(handler, 403, "this endpoint is read-only")
        if path == "/query":
            text = self._query_text(handler, body)
            if text is not None:
                try:
                    with self._lock:
                        check_read_only(text)
                except SuchengGraphError as exc:
                    return self._answer(handler, 400, exc.one_line())
        headers = {k: v for k, v in handler.headers.items()
                   if k.lower() in ("accept", "content-type", "accept-language")}
        conn = http.client.HTTPConnection(self.backend.host, self.backend.port,
                                          timeout=(self.backend.timeout or 30) + 30)
        try:
            conn.request("POST" if body is not None else "GET", handler.path, body=body,
                         headers=headers)
            answer = conn.getresponse()
        except OSError:
            conn.close()
            return self._answer(handler, 503, "the store is being rebuilt, or cannot be: "
                                "not serving until it can")
        try:
            handler.send_response(answer.status, answer.reason)
            for key, value in answer.getheaders():
                if key.lower() not in ("connection", "transfer-encoding", "keep-alive",
                                       "server", "date"):
                    handler.send_header(key, value)
            handler.end_headers()
            while True:
                part = answer.read(1 << 16)
                if not part:
                    break
                handler.wfile.write(part)
        except OSError:  # the client went away, or the server stopped mid-answer
            pass
        finally:
            conn.close()


def _signature(store: Path | None):
    """What changes when a store is rebuilt: its manifest's inode and time."""
    if store is None:
        return None
    try:
        st = (store / MANIFEST).stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def serve(location: str | Path, *, host: str = "127.0.0.1", port: int | None = None,
          timeout: float = DEFAULT_QUERY_TIMEOUT, sources=None, watch: float = 2.0,
          announce=None, on_reload=None, until=None) -> None:
    """Serve a store until SIGINT (Ctrl-C) or SIGTERM; ``announce(url)`` once it answers.

    For a suchenggraph store (:mod:`suchenggraph.engines.persist`), every ``watch`` seconds
    the store is compared with its sources (``sources``: default, those it was
    built from): a stale store is rebuilt and the server restarted on the same
    port, as it is when another process rebuilds the store, so the server never
    answers from old data for longer than ``watch``. ``on_reload(reasons)`` is
    told each time. ``until``: a callable that returns True to stop (for tests).
    """
    location = Path(location)
    store = location if (location / MANIFEST).is_file() else None
    stop = {"now": False}

    def handler(signum, frame):
        stop["now"] = True

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    front = None
    try:
        with OxigraphServer(location, host=host, timeout=timeout) as server:
            front = _Front(host, port, server)
            if announce is not None:
                announce(front.url)
            seen, checked, down = _signature(store), time.monotonic(), False
            while not stop["now"] and not (until and until()):
                if not down and not server.running:
                    # Ctrl-C in a terminal reaches the server's process too: that is a stop
                    deadline = time.monotonic() + 0.5
                    while not stop["now"] and time.monotonic() < deadline:
                        time.sleep(0.02)
                    if stop["now"]:
                        break
                    raise ServerError(f"the Oxigraph server stopped: {server._log_tail()}")
                time.sleep(0.05)
                if store is None or not watch or time.monotonic() - checked < watch:
                    continue
                checked = time.monotonic()
                reasons = []
                state = status(store, sources)
                if not state.fresh:
                    reasons = state.reasons
                    try:
                        opened = open_store(store, sources)  # rebuilds under the store's lock
                        del opened
                    except SuchengGraphError as exc:
                        # never answer from stale data: stop until a rebuild succeeds
                        if not down and on_reload is not None:
                            on_reload([f"cannot rebuild ({exc.one_line()}); not serving "
                                       "until it can"])
                        server.stop()
                        down = True
                        continue
                if _signature(store) != seen or down:
                    server.restart()
                    seen, down = _signature(store), False
                    if on_reload is not None:
                        on_reload(reasons or ["the store was rebuilt"])
    finally:
        if front is not None:
            front.close()
        for s, h in previous.items():
            signal.signal(s, h)
