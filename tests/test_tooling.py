"""The README's test command fails when a tool its tests need is missing, however it is run:
with CI unset, empty, false or true, as root or not. Nothing reads CI."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CI_VALUES = [None, "", "false", "0", "true"]


def _env(ci, path: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PATH"] = path
    return env


@pytest.mark.parametrize("ci", CI_VALUES)
@pytest.mark.parametrize("script", ["ensure-chromium", "ensure-virtuoso"])
def test_an_ensure_script_fails_when_it_cannot_install(tmp_path, script, ci):
    """Not root and the tool not on PATH: exit 1 with what to install, never a quiet 0."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")  # not root
    (fake / "id").chmod(0o755)
    done = subprocess.run(["/bin/bash", str(ROOT / "scripts" / script)], cwd=ROOT,
                          env=_env(ci, str(fake)), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "install the Debian package" in done.stderr


@pytest.fixture(params=CI_VALUES)
def ci(request, monkeypatch):
    """CI unset, empty, false, 0 or true for the test."""
    if request.param is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", request.param)
    return request.param


def test_a_missing_browser_fails_the_browser_tests(ci):
    import test_browser

    with pytest.raises(pytest.fail.Exception, match="deselect these tests with -m 'not browser'"):
        test_browser._no_browser("chromium / chromedriver not found")


def test_a_missing_virtuoso_fails_the_virtuoso_tests(monkeypatch, ci):
    import test_virtuoso

    monkeypatch.setattr(test_virtuoso.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="virtuoso-t and isql-vt not found"):
        test_virtuoso.require_virtuoso()


def test_nothing_in_the_tests_reads_ci():
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name == Path(__file__).name:
            continue
        text = path.read_text(encoding="utf-8")
        assert 'environ.get("CI"' not in text and "environ['CI']" not in text, path.name


def test_no_unit_test_asserts_a_wall_time():
    """Timed asserts fail on a busy machine: tests assert the behaviour (stopped, killed, a
    clean error); bench/ measures time."""
    import re

    timed = re.compile(r"^\s*assert\b.*(elapsed|monotonic\(\)|perf_counter\(\)|time\.time\(\))"
                       r".*[<>]")
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted((ROOT / "tests").glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if timed.search(line)]
    assert not found, found
