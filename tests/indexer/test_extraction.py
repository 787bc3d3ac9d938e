"""Extraction in worker processes: a file whose reader hangs or crashes costs only that file,
and a killed indexer leaves no worker behind."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from indexer import extraction
from indexer.engines.whoosh import build, store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

REPO = Path(__file__).resolve().parents[2]


def titles(settings) -> set[str]:
    answer = Archive(settings.index_dir).search(SearchRequest(per_page=100))
    return {hit["title"] for hit in answer["results"]}


def misbehaving(behaviour):
    """make_documents, except for files named ``bad-*``, whose reading does ``behaviour`` (a
    reader killed by the kernel for its memory dies of SIGKILL)."""
    make = extraction.make_documents

    def reader(relpath, data, context):
        if Path(relpath).name.startswith("bad-"):
            behaviour()
        return make(relpath, data, context)

    return reader


def test_a_file_whose_reader_hangs_is_skipped_after_the_time_limit(corpus_copy, monkeypatch):
    (corpus_copy.corpus_dir / "bad-loop.txt").write_text("A file its reader never finishes\n")
    monkeypatch.setattr(extraction, "make_documents", misbehaving(lambda: time.sleep(3600)))
    settings = dataclasses.replace(corpus_copy, file_timeout=2)

    started = time.monotonic()
    summary = build.reindex(settings)

    assert time.monotonic() - started < 60
    assert [(s.path, s.reason) for s in summary.skipped] == [
        ("bad-loop.txt", "took longer than 2 s to read (the time limit per file); skipped")]
    assert summary.added == 5 and len(titles(settings)) == 5


def test_a_file_whose_reader_crashes_is_skipped_and_the_rest_indexed(corpus_copy, monkeypatch):
    for n in range(3):
        (corpus_copy.corpus_dir / f"bad-{n}.txt").write_text("A file that kills its reader\n")
    monkeypatch.setattr(extraction, "make_documents",
                        misbehaving(lambda: os.kill(os.getpid(), signal.SIGKILL)))

    summary = build.reindex(corpus_copy)

    reasons = {s.path: s.reason for s in summary.skipped}
    assert set(reasons) == {"bad-0.txt", "bad-1.txt", "bad-2.txt"}
    assert all(reason == "its reader crashed (killed by signal 9); skipped"
               for reason in reasons.values())
    assert summary.added == 5 and len(titles(corpus_copy)) == 5


def test_results_keep_the_order_of_the_files(corpus_copy):
    seen = []
    build.reindex(corpus_copy, progress=lambda done, total, path: seen.append((done, total, path)))
    assert seen.pop() == (5, 5, build.WRITING)  # then the index is written
    assert [done for done, _, _ in seen] == [1, 2, 3, 4, 5]
    assert all(total == 5 for _, total, _ in seen)
    assert [path for _, _, path in seen] == sorted(path for _, _, path in seen)


HANGING_REINDEX = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from indexer import extraction
    from indexer.engines.whoosh import build
    from indexer.config import Settings

    make, indexer = extraction.make_documents, os.getpid()
    def hang(*args, **kwargs):
        if os.getpid() == indexer:  # loading the readers before the workers fork
            return make(*args, **kwargs)
        sys.stdout.write(f"reading {os.getpid()}\\n")  # one write: the workers share the pipe
        sys.stdout.flush()
        time.sleep(3600)
    extraction.make_documents = hang
    build.reindex(Settings(Path(sys.argv[1]), Path(sys.argv[2])), full=True)
    """
)


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, only not yet reaped


def test_a_killed_indexer_leaves_no_worker_behind(corpus_copy):
    """A worker outliving a killed ``sift index`` would go on reading, a hung file forever;
    and the next run must find the lock free."""
    build.reindex(corpus_copy)
    process = subprocess.Popen(
        [sys.executable, "-c", HANGING_REINDEX, str(corpus_copy.corpus_dir),
         str(corpus_copy.index_dir)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    said, worker = process.stdout.readline().split()
    assert said == "reading"  # a worker is busy on a file
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    deadline = time.monotonic() + 10
    while alive(int(worker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(int(worker))

    summary = build.reindex(corpus_copy, full=True, wait=10)
    assert summary.added == 5
    assert store.live_generation(corpus_copy.index_dir) is not None
