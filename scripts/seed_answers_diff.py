"""Check that two recordings of the seed's answers differ only by IRI substitutions.

When the model mints a node under another IRI (issue 15.2: the leading group's office under
the group's IRI), the seed's answers may change in that IRI and nothing else. This script
compares an old and a new fixture of ``scripts/seed_answers.py``::

    python scripts/seed_answers_diff.py OLD.json.gz NEW.json.gz \\
        --sub https://w3id.org/suchenggraph/org/sucheng/leading-group-office \\
              https://w3id.org/suchenggraph/org/sucheng/digital-economy-leading-group/office

Each ``--sub OLD NEW`` also covers the export's node-id form of the IRIs (``org.sucheng.…``).
Every answer must have the same command line and exit code, and its new output must equal
the old one with the substitutions made; an export, which sorts its nodes by id, may also
order its lines differently (the same lines, another order). Prints one line per changed
answer and exits 1 at the first answer that differs otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys

BASE = "https://w3id.org/suchenggraph/"


def _node_id(iri: str) -> str:
    """The export's node id of an IRI (``org.sucheng.commerce-bureau``)."""
    return iri[len(BASE):].replace("/", ".") if iri.startswith(BASE) else iri


def substitute(text: str, subs: list[tuple[str, str]]) -> str:
    for old, new in subs:
        text = text.replace(old, new)
        if _node_id(old) != old:
            text = text.replace(f'"{_node_id(old)}"', f'"{_node_id(new)}"')
    return text


def compare(old: list[dict], new: list[dict], subs: list[tuple[str, str]]) -> list[str]:
    """The changed answers (their command lines); raises ValueError on any other difference."""
    if [a["args"] for a in old] != [a["args"] for a in new]:
        raise ValueError("the two fixtures ask different questions")
    changed = []
    for before, after in zip(old, new, strict=True):
        args = " ".join(before["args"])
        if before["exit"] != after["exit"]:
            raise ValueError(f"{args}: exit {before['exit']} -> {after['exit']}")
        if before["stdout"] == after["stdout"]:
            continue
        expected = substitute(before["stdout"], subs)
        same = expected == after["stdout"] or (
            before["args"][0] == "export"
            and sorted(expected.splitlines()) == sorted(after["stdout"].splitlines()))
        if not same:
            raise ValueError(f"{args}: differs by more than the IRI substitution")
        changed.append(args)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--sub", nargs=2, action="append", default=[], metavar=("OLD", "NEW"))
    args = parser.parse_args(argv)
    old, new = (json.loads(gzip.decompress(open(p, "rb").read())) for p in (args.old, args.new))
    try:
        changed = compare(old, new, [tuple(s) for s in args.sub])
    except ValueError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for line in changed:
        print(f"changed only by the substitution: {line}")
    print(f"{len(changed)} of {len(old)} answers changed, each only by the substitution")
    return 0


if __name__ == "__main__":
    sys.exit(main())
