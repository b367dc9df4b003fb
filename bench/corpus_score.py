"""Score the extractor on the corpus: precision, recall and F1 of the responsibilities it reads.

For each text in tests/data/corpus (or the texts named), the set of
``(plan, task ordinal, organisation, role, deadline)`` the extractor reads is compared with
the hand-written ``<name>.expected.toml``; the script prints one row per file and a total
over all files (micro-averaged), then the plan-level fields that differ. ``-v`` lists the
missing and extra responsibilities of each file. A file the extractor cannot read counts
as read with nothing found, and its error is printed. With ``--check`` the exit code is 1
unless every file scores 1.0 on both precision and recall and its plan fields match.

Usage::

    python bench/corpus_score.py [-v] [--check] [FILE.txt ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus_scoring import (  # noqa: E402
    Score,
    actual_items,
    corpus_texts,
    describe,
    load_expected,
    plan_fields,
    score,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="corpus texts (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list the missing and extra responsibilities")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 unless every file is read exactly")
    args = parser.parse_args(argv)

    try:
        from suchenggraph.extract import parse_document
    except ImportError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2

    texts = args.files or corpus_texts()
    width = max(len(t.stem) for t in texts)
    print(f"{'file':<{width}}  {'exp':>4} {'got':>4} {'hit':>4}  {'prec':>6} {'recall':>6} "
          f"{'F1':>6}  plans")
    total, exact, notes = Score(0, 0, 0), True, []
    for text in texts:
        expected = load_expected(text)
        try:
            document = parse_document(text)
        except Exception as exc:  # a bench reports and goes on
            document, error = None, f"{type(exc).__name__}: {exc}"
        else:
            error = None
        actual = actual_items(document) if document is not None else set()
        s = score(expected.items, actual)
        total += s
        fields_ok = document is not None and plan_fields(document) == expected.plans
        exact &= s.precision == 1.0 and s.recall == 1.0 and fields_ok
        print(f"{text.stem:<{width}}  {s.expected:>4} {s.actual:>4} {s.hits:>4}  "
              f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}  "
              f"{'ok' if fields_ok else 'differ'}")
        if error:
            notes.append(f"{text.name}: {error}")
        elif not fields_ok:
            notes.append(f"{text.name}: plan fields\n  expected {expected.plans}\n"
                         f"  read     {plan_fields(document)}")
        if args.verbose and (expected.items - actual or actual - expected.items):
            notes.append(f"{text.name}: missing\n{describe(expected.items - actual)}\n"
                         f"{text.name}: extra\n{describe(actual - expected.items)}")
    print(f"{'total':<{width}}  {total.expected:>4} {total.actual:>4} {total.hits:>4}  "
          f"{total.precision:>6.3f} {total.recall:>6.3f} {total.f1:>6.3f}")
    for note in notes:
        print("\n" + note)
    return 1 if args.check and not exact else 0


if __name__ == "__main__":
    sys.exit(main())
