"""Running the tests and following the README and docs/ leave nothing behind: no folders in the
temporary directory, no files in the repository that git does not ignore."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the package modules whose doctests write files
WRITERS = ["suchenggraph/engines/dataset.py", "suchenggraph/engines/persist.py",
           "suchenggraph/graphio.py"]


def test_doctests_leave_nothing_in_the_temporary_directory(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--doctest-modules", f"--basetemp={tmp_path / 'pytest'}", *WRITERS],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:]
    assert re.search(r"\b\d+ passed", done.stdout)
    assert sorted(p.name for p in scratch.iterdir()) == []


def test_what_the_readme_and_the_guide_write_is_ignored_by_git():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    written = set()
    for m in re.finditer(r"(?:-o|--dataset|--store|>)\s+([\w./-]+\.(?:html|nq|trig|ttl|csv|"
                         r"gexf|graphml|json|store|md))\b", text):
        if not re.match(r"[A-Z]+\.", m.group(1)):  # FILE.html: a placeholder, not a name
            written.add(m.group(1))
    assert written, "the README and docs/ write no file?"
    outside = sorted(w for w in written if not w.startswith("out/") and not w.startswith(
        ("data/", "path/", "/", "other")))
    assert not outside, f"examples write outside out/ (git shows them): {outside}"
    names = ["out/x.html", "out/.plans.nq.lock", "out/plans.store/x"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.stdout.split() == names
