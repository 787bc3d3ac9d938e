"""Reindexing: incremental changes, full rebuilds, interruption and concurrency."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from indexer.engines.whoosh import build, store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest


def titles(settings) -> set[str]:
    answer = Archive(settings.index_dir).search(SearchRequest(per_page=100))
    return {hit["title"] for hit in answer["results"]}


def add(settings, name: str, title: str, body: str = "Some text about cooperation."):
    path = settings.corpus_dir / name
    path.write_text(f"{title}\n\n{body}\n")
    return path


def test_first_run_indexes_everything(corpus_copy):
    summary = build.reindex(corpus_copy)
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (5, 0, 0, 0)
    assert summary.full and summary.documents == 5 and summary.skipped == []


def test_progress_counts_every_file_then_says_the_index_is_being_written(corpus_copy):
    calls = []
    build.reindex(corpus_copy, progress=lambda *call: calls.append(call))
    assert [done for done, _, _ in calls] == [1, 2, 3, 4, 5, 5]
    assert {total for _, total, _ in calls} == {5}
    assert calls[-1][2] == build.WRITING  # after every file, before the index is committed
    # An incremental run counts the unchanged files as done: one changed file is the last one.
    changed = sorted(corpus_copy.corpus_dir.glob("*.txt"))[0]
    changed.write_text(changed.read_text() + "\nA new closing line.\n")
    calls.clear()
    build.reindex(corpus_copy, progress=lambda *call: calls.append(call))
    assert calls == [(5, 5, changed.name), (5, 5, build.WRITING)]


def test_second_run_touches_nothing(corpus_copy):
    build.reindex(corpus_copy)
    summary = build.reindex(corpus_copy)
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 5)
    assert not summary.full


def test_incremental_add_change_remove(corpus_copy):
    build.reindex(corpus_copy)
    add(corpus_copy, "new-report.txt", "A brand new report on cooperation in Vienna")
    changed = corpus_copy.corpus_dir / "belarus-to-continue-working-internationally.txt"
    changed.write_text(changed.read_text().replace("Vladimir Khromov", "Vladimir Khromov, Minsk"))
    (corpus_copy.corpus_dir / "2025-07-30-group-of-friends-declaration.txt").unlink()

    summary = build.reindex(corpus_copy)
    assert (summary.added, summary.updated, summary.removed, summary.unchanged) == (1, 1, 1, 3)
    found = titles(corpus_copy)
    assert "A brand new report on cooperation in Vienna" in found
    assert "Belarus, Group of Friends adopt declaration on combating human trafficking" not in found
    assert summary.documents == 5


def test_touched_but_unchanged_file_is_not_reindexed(corpus_copy):
    build.reindex(corpus_copy)
    path = next(corpus_copy.corpus_dir.glob("2017*.txt"))
    os.utime(path, (time.time() + 10, time.time() + 10))
    summary = build.reindex(corpus_copy)
    assert (summary.updated, summary.unchanged) == (0, 5)


def test_editing_the_entities_file_rebuilds_every_document(corpus_copy):
    build.reindex(corpus_copy)
    entities = corpus_copy.corpus_dir / "entities.toml"
    entities.write_text(entities.read_text() + '\n[[person]]\nname = "Ladies"\naliases = []\n')
    summary = build.reindex(corpus_copy)
    assert summary.full and summary.added == 5
    answer = Archive(corpus_copy.index_dir).search(SearchRequest(q="person:Ladies"))
    assert answer["total"] == 1


def test_full_rebuild_swaps_generations_and_keeps_one_previous(corpus_copy):
    build.reindex(corpus_copy)
    first = store.live_generation(corpus_copy.index_dir)
    build.reindex(corpus_copy, full=True)
    second = store.live_generation(corpus_copy.index_dir)
    build.reindex(corpus_copy, full=True)
    third = store.live_generation(corpus_copy.index_dir)
    assert len({first, second, third}) == 3
    remaining = {p.name for p in corpus_copy.index_dir.glob(store.PREFIX + "*")}
    assert remaining == {second.name, third.name}


def test_unreadable_files_are_skipped_and_the_rest_indexed(corpus_copy):
    (corpus_copy.corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_copy.corpus_dir / "binary.txt").write_bytes(bytes(range(256)) * 10)
    big = build.Settings(corpus_copy.corpus_dir, corpus_copy.index_dir, max_file_size=4000)
    summary = build.reindex(big)
    reasons = {item.path: item.reason for item in summary.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "too large" in reasons["2017-09-28-statement-trade-in-minors-digital-age.txt"]
    assert summary.added == 4


def test_second_reindex_at_once_is_refused_naming_the_first(corpus_copy):
    with store.reindex_lock(corpus_copy.index_dir):
        started = time.monotonic()
        message = rf"another reindex is running \(pid {os.getpid()}\)"
        with pytest.raises(store.ReindexRunning, match=message):
            build.reindex(corpus_copy, wait=0.5)
        assert 0.5 <= time.monotonic() - started < 5  # it waited, then gave up


def test_missing_corpus_is_an_error(tmp_path):
    with pytest.raises(build.CorpusMissing):
        build.reindex(build.Settings(tmp_path / "nowhere", tmp_path / "index"))


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
        time.sleep(0.3)
        return make(*args, **kwargs)
    extraction.make_documents = slow
    build.reindex(Settings(Path(sys.argv[1]), Path(sys.argv[2])), full=True)
    """
)


def test_a_killed_rebuild_leaves_the_previous_index_serving(corpus_copy, tmp_path):
    build.reindex(corpus_copy)
    before = titles(corpus_copy)
    for n in range(20):
        add(corpus_copy, f"extra-{n:02}.txt", f"Extra document number {n} about cooperation")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_REINDEX, str(corpus_copy.corpus_dir),
         str(corpus_copy.index_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    for _ in range(3):  # wait until it is well into the run
        assert "reading" in process.stdout.readline()
    process.send_signal(signal.SIGKILL)
    process.wait(10)

    assert titles(corpus_copy) == before  # the old index, whole, still answers
    summary = build.reindex(corpus_copy)  # and the next run completes the work
    assert summary.added == 20
    assert len(titles(corpus_copy)) == len(before) + 20
