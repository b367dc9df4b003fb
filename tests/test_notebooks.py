"""Every notebook in notebooks/ runs top to bottom on a fresh kernel, offline, without an error.

Policy: notebooks are committed with their outputs cleared (no stale outputs can be
committed: ``test_committed_without_outputs`` fails on any output or execution count).
Clear them before committing with ``jupyter nbconvert --clear-output --inplace``, the
"Clear All Outputs" menu entry, or::

    python tests/test_notebooks.py --clear

The kernel is a fresh ipykernel started with the Python that runs the tests (the
project's venv): a kernelspec written into a temporary folder, so no kernelspec
installed on the machine or in a user's home is used; it talks to the test over Unix
sockets (IPC), not TCP. It starts with an empty
IPython profile (``IPYTHONDIR`` in a temporary folder) whose startup file refuses
every network connection that is not to this machine, so a notebook that needs the
network fails here. It runs in ``notebooks/``, as Jupyter runs a notebook.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "suchenggraph-test"

OFFLINE = '''\
"""Refuse network connections that leave this machine (the notebook tests run offline)."""
import ipaddress
import socket


def _local(address):
    host = address[0] if isinstance(address, tuple) else None
    if host is None or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard(connect):
    def offline_connect(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address):
            raise OSError(f"network access is off while testing notebooks: {address!r}")
        return connect(self, address, *args)
    return offline_connect


socket.socket.connect = _guard(socket.socket.connect)
socket.socket.connect_ex = _guard(socket.socket.connect_ex)
'''


def _kernel(tmp_path: Path):
    """A kernel manager for a fresh kernel on this Python, offline, with an empty profile."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    kernels = tmp_path / "kernels"
    write_kernel_spec(kernels / KERNEL)  # argv: [sys.executable, "-m", "ipykernel_launcher", ...]
    spec = json.loads((kernels / KERNEL / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-offline.py").write_text(OFFLINE)
    env = {"IPYTHONDIR": str(tmp_path / "ipython"), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    manager = KernelManager(kernel_name=KERNEL, transport="ipc", ip=str(tmp_path / "ipc"),
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    return manager, env


def execute(nb, tmp_path: Path, cwd: Path = NOTEBOOKS, timeout: int = 120):
    """Run ``nb`` in place on a fresh kernel; raise ``CellExecutionError`` on a failing cell."""
    import os

    manager, env = _kernel(tmp_path)
    # skip_cells_with_tag="": no tag may exempt a cell from running
    client = nbclient.NotebookClient(nb, km=manager, timeout=timeout, allow_errors=False,
                                     skip_cells_with_tag="",
                                     resources={"metadata": {"path": str(cwd)}})
    try:
        client.execute(env={**os.environ, **env})
    finally:  # the client shuts down only the kernels it made itself
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
    return nb


def _outputs(nb, kind: str) -> list:
    return [out for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if kind in out.get("data", {})]


_RUNS: dict[Path, tuple] = {}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run each notebook once per test session: (executed notebook, seconds)."""

    def run(path: Path):
        if path not in _RUNS:
            nb = nbformat.read(path, as_version=4)
            started = time.perf_counter()
            execute(nb, tmp_path_factory.mktemp(path.stem))
            _RUNS[path] = nb, time.perf_counter() - started
        return _RUNS[path]

    return run


def test_there_are_notebooks():
    assert "explore.ipynb" in {p.name for p in PATHS}


def test_the_kernel_is_this_python_and_offline(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, socket, sys\n"
        "print(sys.executable)\n"
        "print(os.getcwd())\n"
        "print(socket.socket.connect.__name__)")])
    execute(nb, tmp_path)
    lines = nb.cells[0].outputs[0]["text"].splitlines()
    assert lines == [sys.executable, str(NOTEBOOKS), "offline_connect"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: cell {index} has outputs; clear them before committing "
                "(python tests/test_notebooks.py --clear)")
            tags = set(cell.metadata.get("tags", []))
            assert not tags & {"skip-execution", "raises-exception"}, (
                f"{path.name}: cell {index} is tagged {sorted(tags)}: every cell must run "
                "and succeed")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_runs_top_to_bottom(path, executed):
    nb, _ = executed(path)
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert not errors
    not_run = [i for i, cell in enumerate(nb.cells)
               if cell.cell_type == "code" and cell.execution_count is None]
    assert not not_run, f"{path.name}: cells {not_run} did not run"
    warnings = [out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                for out in cell.outputs if out.get("name") == "stderr"]
    assert not warnings, f"{path.name} wrote to stderr: {warnings}"


def test_explore_shows_what_it_promises(executed):
    """Tables with labels (not IRIs), the magic's tables, a chart and the inline graph."""
    nb, _ = executed(NOTEBOOKS / "explore.ipynb")
    tables = [out["data"]["text/html"] for out in _outputs(nb, "text/html")
              if 'class="dataframe"' in out["data"]["text/html"]]
    assert len(tables) >= 10
    for table in tables:
        # no IRIs, whole or prefixed, in a table a reader sees
        assert "https://w3id.org/" not in table
        assert not re.search(r">(plan|sgorg|sg):[^<]*<", table), table[:300]
    assert any("区商务局" in t for t in tables) and any("区科技局" in t for t in tables)
    source = [cell.source for cell in nb.cells]
    assert any(s.startswith("%%sparql") and "-p org" in s for s in source)
    assert len(_outputs(nb, "image/png")) == 2  # Annex 1 targets; target vs actual (progress)
    frames = [out["data"]["text/html"] for out in _outputs(nb, "text/html")
              if out["data"]["text/html"].startswith("<iframe srcdoc=")]
    assert len(frames) == 1 and "vis-network" in frames[0] and " src=&quot;http" not in frames[0]
    text = "".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                   for out in cell.outputs)
    assert "QueryError: refused: DELETE is a SPARQL update" in text
    assert "QueryError: line 3 (}): cannot parse the query" in text


def clear(path: Path) -> bool:
    """Clear a notebook's outputs in place; True if it changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count, changed = [], None, True
        if cell.metadata.pop("execution", None) is not None:
            changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--clear"]:
        sys.exit("usage: python tests/test_notebooks.py --clear")
    for p in PATHS:
        print(f"{p.relative_to(ROOT)}: {'cleared' if clear(p) else 'already clear'}")
