"""Writing to a path: a regular file is replaced atomically, nothing else is.

A device, a FIFO, ``/dev/stdout`` or ``-`` is written straight through; a symbolic link is
followed and its target replaced; an error names the path the user gave, in one line.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from suchenggraph.cli import main
from suchenggraph.errors import DataError
from suchenggraph.graphio import write_atomic

ROOT = Path(__file__).resolve().parent.parent

# the commands that write a file with -o, and one line of what each writes
WRITERS = {
    "graph": (["graph", "-o"], "<html"),
    "build": (["build", "-o"], "@prefix"),
    "export": (["export", "json", "-o"], '"nodes"'),
}


def sg(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "suchenggraph", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _full_device(tmp_path: Path) -> Path:
    """A device that refuses every write with ENOSPC: a copy of /dev/full made in
    ``tmp_path`` when running as root (so nothing outside the test is at stake), else the
    real one (which no one but root could replace)."""
    if os.geteuid() == 0:
        node = tmp_path / "full"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        return node
    return Path("/dev/full")


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_full_device_is_an_error_and_stays_a_device(tmp_path, command):
    device = _full_device(tmp_path)
    args, _ = WRITERS[command]
    done = sg(*args, device)
    assert done.returncode == 1, done
    assert done.stderr == f"Error: cannot write {device}: No space left on device\n"
    assert "Wrote" not in done.stdout
    assert stat.S_ISCHR(os.stat(device).st_mode), "the device was replaced by a file"


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_fifo_is_written_through(tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read():
        with open(fifo, "rb") as fh:  # blocks until the writer opens the FIFO
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    args, first = WRITERS[command]
    done = sg(*args, fifo)
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a file"
    assert got and first.encode() in got[0][:2000], "nothing came through the FIFO"


def test_dev_stdout_and_dash_write_to_standard_output(tmp_path):
    for target in ("/dev/stdout", "-"):
        done = sg("export", "json", "-o", target)
        assert done.returncode == 0, done.stderr
        assert done.stdout.lstrip().startswith("{") and '"nodes"' in done.stdout
        if target == "-":  # the report goes to stderr, not into the export
            assert done.stderr.startswith("Wrote -: ")


def test_a_symbolic_link_is_followed_and_its_target_replaced(tmp_path):
    target = tmp_path / "real.html"
    target.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    done = sg("graph", "-o", link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8").lstrip().startswith("<")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "real.html"]


def test_a_dangling_link_gets_its_target_created(tmp_path):
    link = tmp_path / "link.ttl"
    link.symlink_to(tmp_path / "new.ttl")
    write_atomic(link, "x\n")
    assert link.is_symlink() and (tmp_path / "new.ttl").read_text() == "x\n"


def test_a_regular_file_keeps_its_mode_and_is_replaced_whole(tmp_path):
    out = tmp_path / "plan.ttl"
    out.write_text("old")
    os.chmod(out, 0o640)
    write_atomic(out, "new\n")
    assert out.read_text() == "new\n" and stat.S_IMODE(os.stat(out).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ttl"]


def test_an_unwritable_folder_names_the_path_given_not_the_temporary_file(tmp_path,
                                                                         monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".plan.html.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(main, ["graph", "-o", str(tmp_path / "plan.html")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {tmp_path / 'plan.html'}: Permission denied\n"
    with pytest.raises(DataError, match=r"^cannot write out\.ttl: Permission denied$"):
        write_atomic("out.ttl", "x")


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(DataError, match="is a folder, not a file"):
        write_atomic(tmp_path, "x")


def test_build_reports_one_plan_in_the_singular(tmp_path):
    done = sg("build", "-o", tmp_path / "plan.ttl")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Read data/source/sucheng-digital-economy-plan-2022-2024.txt: "
                                  "1 plan\n")
    assert done.stdout.splitlines()[2].startswith(
        f"Wrote {tmp_path / 'plan.ttl'}: 1 plan, 10 action areas, ")
