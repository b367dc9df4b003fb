"""The persistent store: loads once, answers later processes, never serves stale data."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from suchenggraph import remint as rm
from suchenggraph.answers import leads
from suchenggraph.engines import bulk, persist
from suchenggraph.engines import dataset as ds
from suchenggraph.engines import plans as pl
from suchenggraph.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plan.ttl"
PLAN_ID = "sucheng-digital-economy-2022-2024"


class Tty(io.StringIO):
    def isatty(self):
        return True


def quiet():
    return persist.Progress(enabled=False)


@pytest.fixture()
def plans(tmp_path):
    """The real plan and a dataset file with two copies (one in another government)."""
    store = ds.new_dataset()
    ds.add_plan(store, rm.remint(PLAN, 1))
    ds.add_plan(store, rm.remint(PLAN, 2, government="suyu"))
    copies = ds.write_dataset(store, tmp_path / "copies.nq")
    return PLAN, copies


def test_builds_once_then_opens_without_loading(tmp_path, plans):
    path = tmp_path / "store"
    first = persist.open_store(path, plans, progress=quiet())
    assert first.rebuilt
    assert [p.id for p in first.plans] == [PLAN_ID, PLAN_ID + "-copy-1", PLAN_ID + "-copy-2"]
    manifest = json.loads((path / persist.MANIFEST).read_text(encoding="utf-8"))
    assert [s["path"] for s in manifest["sources"]] == [str(p.resolve()) for p in plans]
    assert manifest["quads"] == len(first.store)
    del first
    again = persist.open_store(path, plans)
    assert not again.rebuilt
    assert persist.status(path, plans).fresh
    who, rows = leads(again.engine(PLAN_ID + "-copy-2"), "商务局")
    assert who.iri == "https://w3id.org/suchenggraph/org/suyu/commerce-bureau"
    assert {r["kind"] for r in rows} == {"task", "indicator", "platform"}


def test_the_store_is_opened_read_only(tmp_path):
    opened = persist.open_store(tmp_path / "store", [PLAN], progress=quiet())
    with pytest.raises(RuntimeError, match="only possible on read-write"):
        opened.store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"),
                                 ox.NamedNode("urn:c")))


def test_a_changed_source_makes_the_store_stale_and_it_is_rebuilt(tmp_path):
    source = tmp_path / "plan.ttl"
    source.write_bytes(PLAN.read_bytes())
    path = tmp_path / "store"
    persist.open_store(path, [source], progress=quiet())
    # the same plan re-minted under another id: same size class, different content
    rm.remint(PLAN, 5).serialize(source, format="turtle")
    state = persist.status(path)
    assert state.state == "stale" and state.reasons == [f"{source.resolve()} has changed"]
    with pytest.raises(DataError, match="stale store .* has changed"):
        persist.open_store(path, rebuild=False)
    reopened = persist.open_store(path, progress=quiet())  # sources from the manifest
    assert reopened.rebuilt
    assert [p.id for p in reopened.plans] == [PLAN_ID + "-copy-5"]
    assert [p.id for p in pl.list_plans(reopened.store)] == [PLAN_ID + "-copy-5"]


def test_a_touched_but_identical_source_is_not_reloaded(tmp_path):
    source = tmp_path / "plan.ttl"
    source.write_bytes(PLAN.read_bytes())
    path = tmp_path / "store"
    persist.open_store(path, [source], progress=quiet())
    st = source.stat()
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert persist.status(path).fresh
    assert not persist.open_store(path).rebuilt


def test_other_sources_make_it_stale(tmp_path, plans):
    path = tmp_path / "store"
    persist.open_store(path, plans[:1], progress=quiet())
    state = persist.status(path, plans)
    assert state.reasons == [f"{plans[1].resolve()} is not loaded yet"]
    assert persist.open_store(path, plans, progress=quiet()).rebuilt
    state = persist.status(path, plans[1:])
    assert state.reasons == [f"{plans[0].resolve()} is no longer one of the sources"]


def test_a_vanished_source_is_an_error_not_a_stale_answer(tmp_path):
    source = tmp_path / "plan.ttl"
    source.write_bytes(PLAN.read_bytes())
    path = tmp_path / "store"
    persist.open_store(path, [source], progress=quiet())
    source.unlink()
    with pytest.raises(DataError) as err:
        persist.open_store(path)
    assert err.value.one_line() == (f"{path}: stale store: {source.resolve()} is gone; "
                                    "give the plans to load again")
    assert not persist.open_store(path, check=False).rebuilt  # a store shipped on its own


def test_a_bad_source_leaves_no_store_and_no_leftovers(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> <urn:b> \"x <urn:g> .\n")
    with pytest.raises(DataError, match="cannot load"):
        persist.build_store(tmp_path / "store", [bad], progress=quiet())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nq"]
    with pytest.raises(DataError, match="no such file"):
        persist.build_store(tmp_path / "store", [tmp_path / "missing.ttl"], progress=quiet())


def test_it_never_replaces_a_folder_that_is_not_a_store(tmp_path):
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "thesis.txt").write_text("years of work")
    with pytest.raises(DataError, match="not a suchenggraph store"):
        persist.open_store(folder, [PLAN], progress=quiet())
    assert (folder / "thesis.txt").read_text() == "years of work"


def test_progress_on_a_terminal_and_quiet_when_piped(tmp_path, plans):
    tty = Tty()
    total = sum(p.stat().st_size for p in plans)
    manifest = persist.build_store(tmp_path / "a", plans,
                                   progress=persist.Progress(total, stream=tty, interval=0))
    updates = [x.strip() for x in tty.getvalue().split("\r") if x.strip()]
    assert updates[0].startswith("loading: ") and "triples/s" in updates[0]
    assert any("% read" in u and " left" in u for u in updates)
    assert updates[-1].startswith(f"loaded {manifest['quads']:,} quads from 2 file(s) in ")
    assert updates[-1].endswith(" triples/s)") and tty.getvalue().endswith("\n")
    piped = io.StringIO()
    persist.build_store(tmp_path / "b", plans, progress=persist.Progress(total, stream=piped,
                                                                         interval=0))
    assert piped.getvalue() == ""


def test_progress_shows_time_left():
    clock = iter([100.0, 110.0]).__next__
    p = persist.Progress(total_bytes=4_000, stream=Tty(), clock=clock)
    assert p.line(110.0) == "loading: 0 triples, 0 triples/s, 0% read"
    p.update(3_000_000, 1_000)
    assert p.stream.getvalue().strip() == (
        "loading: 3,000,000 triples, 300,000 triples/s, 25% read, 30 s left")


def test_a_later_process_answers_from_the_store(tmp_path, plans):
    path = tmp_path / "store"
    persist.open_store(path, plans, progress=quiet())
    code = ("from suchenggraph.engines.persist import open_store\n"
            "from suchenggraph.answers import leads\n"
            f"opened = open_store({str(path)!r})\n"
            "assert not opened.rebuilt\n"
            f"who, rows = leads(opened.engine({PLAN_ID!r}), '区商务局')\n"
            "print(who.iri, len(rows))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["https://w3id.org/suchenggraph/org/sucheng/commerce-bureau",
                                   "5"]


# --------------------------------------------------------------------------- loading in pieces


def _dump(store) -> list[bytes]:
    return sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())


@pytest.mark.parametrize("size", [65536, None])
def test_loading_in_pieces_gives_the_same_store(tmp_path, plans, monkeypatch, size):
    """Cut into pieces, several loaded at once, a store holds exactly what one load of
    the whole files gives."""
    whole = ds.new_dataset()
    for source in plans:
        for quad in ox.parse(input=next(persist._pieces([source], 1 << 30)).data,
                             format=ox.RdfFormat.N_QUADS):
            whole.add(quad)
    if size:
        monkeypatch.setattr(bulk, "PIECE", size)
    pieces = list(persist._pieces(list(plans)))
    assert b"".join(p.data for p in pieces if p.source == plans[1]) == plans[1].read_bytes()
    manifest = persist.build_store(tmp_path / "store", plans, progress=quiet())
    opened = persist.open_store(tmp_path / "store", plans)
    assert _dump(opened.store) == _dump(whole)
    assert manifest["quads"] == len(whole)
    # each piece leaves index files in every column family; the build compacts them
    ssts = len(list((tmp_path / "store" / persist.DATA_DIR).glob("*.sst")))
    assert ssts <= 12  # at most one per column family


@pytest.mark.parametrize("size", [16, 40, 100])
@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_lines_longer_than_a_piece_any_line_end_and_no_final_one(tmp_path, monkeypatch,
                                                                  size, end):
    monkeypatch.setattr(bulk, "PIECE", size)
    source = tmp_path / "plans.nq"
    text = end.join([b"<urn:a> <urn:b> <urn:c> <urn:g> .", b"<urn:a> <urn:b> \"d\" <urn:g> .",
                     b"<urn:a> <urn:b> \"e\" <urn:g> ."])
    source.write_bytes(text)
    pieces = list(persist._pieces([source]))
    assert b"".join(p.data for p in pieces) == text  # nothing added, nothing lost
    assert [p.first_line for p in pieces] == [1 + sum(p.lines for p in pieces[:i])
                                              for i in range(len(pieces))]
    assert sum(p.lines for p in pieces) == 3
    assert persist.build_store(tmp_path / "store", [source], progress=quiet())["quads"] == 3


BAD_LINES = {
    "unclosed string": '<urn:s{n}> <urn:p> "{n} <urn:g> .',
    "space in an IRI": '<urn:s{n}> <urn:p q> "{n}" <urn:g> .',
    "no final dot": '<urn:s{n}> <urn:p> "{n}" <urn:g>',
}


def _bad_nq(path: Path, bad_lines: set[int], total: int = 300, kind="unclosed string",
            end="\n") -> Path:
    lines = [f'<urn:s{i}> <urn:p> "{i}" <urn:g> .' for i in range(1, total + 1)]
    for n in bad_lines:
        lines[n - 1] = BAD_LINES[kind].format(n=n)
    path.write_bytes((end.join(lines) + end).encode())
    return path


@pytest.mark.parametrize("kind", list(BAD_LINES))
@pytest.mark.parametrize("bad", [{1}, {2}, {157}, {300}, {280, 12, 157}])
def test_a_parse_error_names_the_line_in_its_file_whichever_piece_holds_it(
        tmp_path, monkeypatch, bad, kind):
    monkeypatch.setattr(bulk, "PIECE", 512)  # about 15 lines a piece, 20 pieces
    source = _bad_nq(tmp_path / "plans.nq", bad, kind=kind)
    with pytest.raises(DataError) as err:
        persist.build_store(tmp_path / "store", [PLAN, source], progress=quiet())
    message = err.value.one_line()
    # a missing dot shows at the next line (or at the end of the piece: the same line)
    assert err.value.line in ((min(bad), min(bad) + 1) if kind == "no final dot"
                              else (min(bad),))
    assert message.startswith(f"{source.resolve()}:{err.value.line}: cannot load: ")
    assert " line " not in message  # no line counted from the start of a piece
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.nq"]
    with pytest.raises(DataError) as err:  # the same line when read into memory
        ds.read_dataset(source, progress=quiet())
    assert err.value.line in (min(bad), min(bad) + 1)
    assert err.value.one_line().startswith(f"{source}:{err.value.line}: cannot parse: ")
    assert " line " not in err.value.one_line()


def test_lone_carriage_returns_end_lines_as_oxigraph_counts_them(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "PIECE", 256)
    source = _bad_nq(tmp_path / "plans.nq", {30}, total=60, end="\r")
    with pytest.raises(SyntaxError) as whole:
        ox.Store().bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
    assert whole.value.lineno == 30
    with pytest.raises(DataError) as err:
        persist.build_store(tmp_path / "store", [source], progress=quiet())
    assert err.value.line == 30


def test_the_earliest_bad_source_is_named_whatever_kind_of_file(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "PIECE", 512)
    early = _bad_nq(tmp_path / "a.nq", {3})
    late = tmp_path / "b.ttl"
    late.write_text("<urn:a> <urn:b> \"open .\n")
    with pytest.raises(DataError) as err:
        persist.build_store(tmp_path / "store", [early, late], progress=quiet())
    assert err.value.path == str(early.resolve()) and err.value.line == 3
    with pytest.raises(DataError) as err:
        persist.build_store(tmp_path / "store", [late, early], progress=quiet())
    assert err.value.path == str(late)


@pytest.mark.parametrize("text, blank", [
    (b"", False),
    (b"<urn:a_b> <urn:p> \"x_y\" <urn:g> .\n", False),
    (b"<urn:a_b> <urn:p> _:b <urn:g> .\n", True),
    (b"<urn:a> <urn:p> \"_:\" <urn:g> .\n", True),  # in a literal: whole, to be safe
])
def test_which_files_may_hold_blank_nodes(tmp_path, text, blank):
    path = tmp_path / "x.nq"
    path.write_bytes(text)
    assert bulk.has_blank_nodes(path) is blank


def test_a_blank_node_across_a_block_boundary_is_seen(tmp_path):
    block = 1 << 22
    path = tmp_path / "x.nq"
    for at in (block - 2, block - 1, block):  # '_:' before, across, after the boundary
        path.write_bytes(b"#" * at + b"_:" + b"#" * 10)
        assert bulk.has_blank_nodes(path)
    path.write_bytes(b"#" * (block - 1) + b"_" + b"#" + b":")
    assert not bulk.has_blank_nodes(path)


def test_blank_nodes_stay_one_node_across_pieces(tmp_path, monkeypatch):
    """Oxigraph renames blank nodes on every load call: a file with blank nodes is loaded
    in one call, so the same _:b on two distant lines is one node, and once."""
    monkeypatch.setattr(bulk, "PIECE", 256)
    lines = [f'<urn:s{i}> <urn:p> "{i}" <urn:g> .' for i in range(40)]
    lines[2] = '_:b <urn:p> "x" <urn:g> .'
    lines[35] = lines[2]  # the same quad again, far away
    lines[36] = '<urn:s> <urn:q> _:b <urn:g> .'
    source = tmp_path / "plans.nq"
    source.write_text("\n".join(lines) + "\n")
    assert [p.data for p in persist._pieces([source])] == [None]  # whole
    opened_ = persist.build_store(tmp_path / "store", [source], progress=quiet())
    store = persist.open_store(tmp_path / "store").store
    memory = ds.read_dataset(source, progress=quiet())
    for loaded in (store, memory):
        blanks = {q.subject for q in loaded if isinstance(q.subject, ox.BlankNode)}
        assert len(blanks) == 1 and len(loaded) == 39
        assert list(loaded.quads_for_pattern(ox.NamedNode("urn:s"), None, None))[0].object \
            in blanks
    assert opened_["quads"] == 39


def test_a_failing_disk_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    def full(*args, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(persist, "load_pieces", full)
    with pytest.raises(DataError) as err:
        persist.build_store(tmp_path / "store", [PLAN], progress=quiet())
    assert err.value.one_line() == (f"{tmp_path / 'store'}: cannot build the store: "
                                    "[Errno 28] No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_waits_for_the_loads_under_way_and_leaves_nothing(tmp_path, monkeypatch):
    import shutil
    import threading

    monkeypatch.setattr(bulk, "PIECE", 4096)
    source = _bad_nq(tmp_path / "plans.nq", set(), total=2000)
    under_way, real_pieces = [], persist._pieces

    def pieces(sources):
        for k, piece in enumerate(real_pieces(sources)):
            if k == 4:
                under_way.extend(t for t in threading.enumerate()
                                 if t.name.startswith("suchenggraph-load"))
                raise KeyboardInterrupt
            yield piece

    monkeypatch.setattr(persist, "_pieces", pieces)
    removals = []
    real_rmtree = shutil.rmtree

    def impatient_rmtree(path, **kw):  # a second Ctrl-C during the clean-up
        if under_way:
            removals.append(path)
            if len(removals) == 1:
                raise KeyboardInterrupt
        real_rmtree(path, **kw)

    monkeypatch.setattr(persist.shutil, "rmtree", impatient_rmtree)
    with pytest.raises(KeyboardInterrupt):
        persist.build_store(tmp_path / "store", [source], progress=quiet())
    assert under_way and not any(t.is_alive() for t in under_way)
    assert len(removals) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.nq"]


def test_pieces_are_loaded_several_at_a_time(tmp_path, monkeypatch):
    """On any machine at least two loads run at once (one parses while another indexes)."""
    import threading

    monkeypatch.setattr(bulk, "PIECE", 4096)
    source = _bad_nq(tmp_path / "plans.nq", set(), total=2000)
    store = ox.Store(str(tmp_path / "db"))
    at_once, peak, lock, two = [0], [0], threading.Lock(), threading.Event()

    class Spy:
        def bulk_load(self, **kw):
            with lock:
                at_once[0] += 1
                peak[0] = max(peak[0], at_once[0])
                if at_once[0] == 2:
                    two.set()
            try:
                two.wait(timeout=30)  # the first load waits for a second one to start
                store.bulk_load(**kw)
            finally:
                with lock:
                    at_once[0] -= 1

    pieces = list(persist._pieces([source]))
    assert persist.load_pieces(Spy(), iter(pieces), workers=2) == (2000, len(pieces))
    assert peak[0] == 2 and len(store) == 2000
    assert persist._workers() >= 2
