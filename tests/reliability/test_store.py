"""The index survives what happens to it: a run killed between its commit and its manifest,
leftovers of killed runs, a damaged index, a power loss (everything fsynced before it is named),
a hung or dead writer holding the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from indexer.engines.whoosh import build, store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

REPO = Path(__file__).resolve().parents[2]


def count(settings, q: str = "") -> int:
    return Archive(settings.index_dir).search(SearchRequest(q=q))["total"]


def add(settings, name: str, title: str, body: str = "Some text about cooperation."):
    path = settings.corpus_dir / name
    path.write_text(f"{title}\n\n{body}\n")
    return path


# -- the index is the truth, the manifest a cache -------------------------------------------

class Killed(BaseException):
    """Stands for SIGKILL between the commit and the manifest (nothing after it runs)."""


def run_killed_before_manifest(settings, monkeypatch) -> None:
    def die(*args, **kwargs):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(store, "write_info", die)
        with pytest.raises(Killed):
            build.reindex(settings)


def test_a_run_killed_after_its_commit_leaves_nothing_the_next_run_misses(corpus_copy,
                                                                          monkeypatch):
    build.reindex(corpus_copy)
    new = add(corpus_copy, "zanzibar.txt", "Zanzibarian traffickers stopped")
    changed = sorted(corpus_copy.corpus_dir.glob("2019-*.txt"))[0]
    changed.write_text("Quokka census\n\nThe quokka population was counted again.\n")
    run_killed_before_manifest(corpus_copy, monkeypatch)
    assert count(corpus_copy, "zanzibarian") == 1  # committed, but the manifest never said so

    new.unlink()  # the committed document's file goes before the next run
    summary = build.reindex(corpus_copy)
    assert summary.documents == 5 == count(corpus_copy)
    assert count(corpus_copy, "zanzibarian") == 0
    assert count(corpus_copy, "quokka") == 1
    # The manifest rebuilt from the index names the commit again: the run after trusts it.
    again = build.reindex(corpus_copy)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)


def test_repeated_killed_runs_never_add_a_document_twice(corpus_copy, monkeypatch):
    build.reindex(corpus_copy)
    for n in range(4):
        add(corpus_copy, f"extra-{n}.txt", f"Extra number {n}", "Cooperation again.")
        run_killed_before_manifest(corpus_copy, monkeypatch)
    assert build.reindex(corpus_copy).documents == 9 == count(corpus_copy)


def test_an_index_an_older_sift_left_with_a_document_twice_is_repaired(corpus_copy):
    build.reindex(corpus_copy)
    generation = store.live_generation(corpus_copy.index_dir)
    ix = store.open_index(generation)
    with ix.searcher() as searcher:
        twice = dict(searcher.document(path=sorted(p.name for p in corpus_copy.corpus_dir.glob(
            "2019-*.txt"))[0]))
    writer = ix.writer()
    writer.add_document(**{**twice, "id": twice["id"] + "-copy", "minhash": b""})  # an old bug
    writer.commit()
    info = store.read_info(generation)
    store.write_info(generation, {"fingerprint": info["fingerprint"], "files": info["files"]})
    assert count(corpus_copy) == 6

    assert build.reindex(corpus_copy).documents == 5 == count(corpus_copy)


# -- leftovers of killed runs ----------------------------------------------------------------

def test_the_next_run_removes_leftovers_and_keeps_live_and_previous(corpus_copy):
    build.reindex(corpus_copy)
    build.reindex(corpus_copy, full=True)
    index = corpus_copy.index_dir
    live, previous = store.live_generation(index), store.previous_generation(index)
    orphan = index / "gen-20000101T000000-1-1"  # a rebuild killed before its swap
    orphan.mkdir()
    (orphan / "_MAIN_1.toc").write_bytes(b"half")
    (index / "CURRENT.tmp").write_text("gen-x\n")
    for name in ("MAIN_WRITELOCK", "sift.json.tmp", "_MAIN_9.toc.1733240000.5",
                 "MAIN_zzzzzzzzzzzzzzzz.seg"):
        (live / name).write_bytes(b"left over")
    (live / "abcdef.tmp").mkdir()  # a Whoosh temporary storage

    summary = build.reindex(corpus_copy)
    assert summary.documents == 5
    assert any("leftovers" in note for note in summary.notes)
    assert sorted(p.name for p in index.glob("gen-*")) == sorted([live.name, previous.name])
    assert not list(index.glob("*.tmp"))
    assert not [p.name for p in live.iterdir()
                if p.name.endswith(".tmp") or "WRITELOCK" in p.name or ".toc." in p.name
                or p.name.startswith("MAIN_zzz")]
    assert count(corpus_copy, "trafficking") >= 1


def test_previous_generation_survives_the_next_incremental_run(corpus_copy):
    build.reindex(corpus_copy)
    build.reindex(corpus_copy, full=True)
    previous = store.previous_generation(corpus_copy.index_dir)
    build.reindex(corpus_copy)
    assert previous.is_dir()  # a server thread may still be reading it


# -- a damaged index is reported and rebuilt, never served half-broken -----------------------

def damage_toc(index_dir: Path) -> None:
    toc = max(store.live_generation(index_dir).glob("_MAIN_*.toc"))
    toc.write_bytes(toc.read_bytes()[:40])


def damage_segment(index_dir: Path) -> None:
    for segment in store.live_generation(index_dir).glob("*.seg"):
        segment.unlink()


def damage_pointer(index_dir: Path) -> None:
    (index_dir / store.POINTER).write_bytes(b"\x00\xffgarbage")


@pytest.mark.parametrize("damage", [damage_toc, damage_segment, damage_pointer])
def test_a_damaged_index_is_reported_and_rebuilt(corpus_copy, damage):
    build.reindex(corpus_copy)
    damage(corpus_copy.index_dir)
    assert store.problem(corpus_copy.index_dir)
    with pytest.raises(store.IndexUnavailable):  # a 503 or a message, not a traceback
        Archive(corpus_copy.index_dir).search(SearchRequest(q="trafficking"))
    with pytest.raises(store.IndexUnavailable):
        store.status(corpus_copy.index_dir)

    summary = build.reindex(corpus_copy)
    assert summary.full and summary.documents == 5
    assert store.problem(corpus_copy.index_dir) is None
    assert count(corpus_copy) == 5


def test_status_names_generation_count_and_commit_time(corpus_copy):
    build.reindex(corpus_copy)
    status = store.status(corpus_copy.index_dir)
    assert status["generation"] == store.live_generation(corpus_copy.index_dir).name
    assert status["documents"] == 5
    assert status["last_commit"].endswith("Z")
    add(corpus_copy, "zanzibar.txt", "Zanzibarian traffickers stopped")
    build.reindex(corpus_copy)
    after = store.status(corpus_copy.index_dir)
    assert (after["documents"], after["commit"]) == (6, status["commit"] + 1)


# -- durability: nothing is named before it is on the disk ----------------------------------

def record_disk_writes(monkeypatch) -> list[tuple[str, str]]:
    """Every fsync (of which path) and rename (to which path), in order."""
    events: list[tuple[str, str]] = []
    real_fsync, real_rename, real_replace = os.fsync, os.rename, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def rename(src, dst, *args, **kwargs):
        events.append(("rename", str(Path(dst).absolute())))
        return real_rename(src, dst, *args, **kwargs)

    def replace(src, dst, *args, **kwargs):
        events.append(("rename", str(Path(dst).absolute())))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "replace", replace)
    return events


def test_a_new_generation_is_on_disk_before_the_pointer_names_it(corpus_copy, monkeypatch):
    events = record_disk_writes(monkeypatch)
    build.reindex(corpus_copy)
    index = str(corpus_copy.index_dir)
    generation = store.live_generation(corpus_copy.index_dir)
    swap = events.index(("rename", f"{index}/CURRENT"))
    synced_before = {path for kind, path in events[:swap] if kind == "fsync"}
    files = {str(path) for path in generation.iterdir() if path.is_file()}
    assert files and files <= synced_before
    assert str(generation) in synced_before  # its list of files too
    assert f"{index}/CURRENT.tmp" in synced_before
    assert ("fsync", index) in events[swap + 1:]  # and the rename itself


def test_an_incremental_commit_is_on_disk_before_its_toc_is_named(corpus_copy, monkeypatch):
    build.reindex(corpus_copy)
    generation = store.live_generation(corpus_copy.index_dir)
    earlier = set(generation.glob("*.seg"))
    add(corpus_copy, "zanzibar.txt", "Zanzibarian traffickers stopped")
    events = record_disk_writes(monkeypatch)
    build.reindex(corpus_copy)
    toc = str(max(generation.glob("_MAIN_*.toc"), key=lambda p: int(p.stem.split("_")[-1])))
    named = events.index(("rename", toc))
    synced_before = {path for kind, path in events[:named] if kind == "fsync"}
    segments = {str(path) for path in set(generation.glob("*.seg")) - earlier}
    assert segments and segments <= synced_before
    assert ("fsync", str(generation)) in events[named + 1:]
    manifest = events.index(("rename", str(generation / store.INFO)))
    assert manifest > named  # the manifest describes a commit already on disk
    assert ("fsync", str(generation / (store.INFO + ".tmp"))) in events[:manifest]


# -- the lock: a hung writer, a dead one ----------------------------------------------------

SLOW_REINDEX = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from indexer import documents, extraction
    from indexer.engines.whoosh import build
    from indexer.config import Settings

    make = documents.make_documents
    def slow(*args, **kwargs):
        sys.stdout.write("reading\\n")  # one write: the workers share the pipe
        sys.stdout.flush()
        time.sleep(0.2)
        return make(*args, **kwargs)
    extraction.make_documents = slow
    build.reindex(Settings(Path(sys.argv[1]), Path(sys.argv[2])), full=True)
    """
)


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def start_slow_reindex(settings) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_REINDEX, str(settings.corpus_dir), str(settings.index_dir)],
        stdout=subprocess.PIPE, text=True, env=env(),
    )
    assert "reading" in process.stdout.readline()  # it holds the lock now
    return process


def sift_index(settings, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "webui.cli", "index", "--corpus", str(settings.corpus_dir),
         "--index", str(settings.index_dir), *args],
        capture_output=True, text=True, env=env(), timeout=timeout,
    )


def test_a_hung_reindex_makes_the_next_one_exit_3_naming_it(corpus_copy):
    build.reindex(corpus_copy)
    process = start_slow_reindex(corpus_copy)
    try:
        process.send_signal(signal.SIGSTOP)
        started = time.monotonic()
        result = sift_index(corpus_copy, "--wait", "1")
        assert time.monotonic() - started < 30
        assert result.returncode == 3
        assert f"another reindex is running (pid {process.pid})" in result.stderr
        assert count(corpus_copy) == 5  # the index keeps serving meanwhile
    finally:
        process.kill()  # a stopped process dies of SIGKILL too
        process.wait(10)
    # Its owner gone, the lock is free: the next run takes it at once and completes.
    result = sift_index(corpus_copy, "--wait", "0")
    assert result.returncode == 0, result.stderr
    assert not (set(os.listdir(corpus_copy.index_dir)) - {"CURRENT", "LOCK"}
                - {p.name for p in corpus_copy.index_dir.glob("gen-*")})
    assert len(list(corpus_copy.index_dir.glob("gen-*"))) <= 2


HOLD_LOCK_AND_FORK = textwrap.dedent(
    """
    import multiprocessing, sys, time
    from pathlib import Path
    from indexer.engines.whoosh import store

    with store.reindex_lock(Path(sys.argv[1])):
        child = multiprocessing.Process(target=time.sleep, args=(60,), daemon=False)
        child.start()  # as Whoosh's parallel writer does
        print(child.pid, flush=True)
        time.sleep(60)
    """
)


def test_a_dead_reindex_children_do_not_keep_the_lock(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK_AND_FORK, str(tmp_path)],
                               stdout=subprocess.PIPE, text=True, env=env())
    child = int(process.stdout.readline())
    try:
        with pytest.raises(store.ReindexRunning):
            with store.reindex_lock(tmp_path, wait=0):
                pass
        process.kill()
        process.wait(10)
        with store.reindex_lock(tmp_path, wait=2):  # the orphaned child holds nothing
            pass
    finally:
        process.kill()
        os.kill(child, signal.SIGKILL)
