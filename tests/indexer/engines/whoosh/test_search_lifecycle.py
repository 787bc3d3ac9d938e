"""A running server's answers after reindexes: an Archive (and the web app over it) kept open
across incremental commits that add, change and delete files, full rebuilds that swap in a new
generation and a reindex killed between its commit and its manifest gives, after each commit,
exactly the totals, facet counts, results and near-duplicates a fresh Archive gives (what a
fresh ``sift search`` prints)."""

from __future__ import annotations

import gc
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from indexer.config import Settings
from indexer.engines.whoosh import build, store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest, request_from_params
from webui import create_app

QUERIES = [
    SearchRequest(q="", facet_size=0, per_page=100),
    SearchRequest(q="climate", facet_size=0, per_page=100),
    SearchRequest(q="climate change -terrorism", sort="newest", facet_size=0, per_page=100),
    SearchRequest(q="peace", filters={"year": ("2015",)}, facet_size=0, per_page=100),
    SearchRequest(q="zanzibarian OR development", facet_size=0, per_page=50, page=2),
    SearchRequest(q="sustainable", show_duplicates=True, facet_size=0, per_page=100),
    SearchRequest(q="climat"),  # did you mean
]
API_QUERIES = ["q=", "q=climate&facet_size=0&per_page=100", "q=zanzibarian&per_page=100"]


def essence(answer: dict) -> dict:
    """What a user sees of an answer: the counts, the facet counts, the results in order with
    their near-duplicates, and the suggestion."""
    return {
        "total": answer["total"],
        "entries": answer["entries"],
        "undated_total": answer["undated_total"],
        "all_words_total": answer["all_words_total"],
        "facets": {name: [(row["value"], row["count"]) for row in rows]
                   for name, rows in answer["facets"].items()},
        "results": [(hit["id"], [other["id"] for other in hit["duplicates"]])
                    for hit in answer["results"]],
        "suggestion": answer["suggestion"],
    }


@pytest.fixture
def un_copy(un_corpus, tmp_path) -> tuple[Settings, list[Path]]:
    """About 150 UN speeches to index, and others kept aside to add later."""
    files = sorted(un_corpus.rglob("*.txt"))
    corpus = tmp_path / "corpus"
    kept, spare = files[::2][:150], files[1::2][:40]
    for path in kept:
        target = corpus / path.relative_to(un_corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), spare


def change(settings: Settings, spare: list[Path], step: int) -> None:
    """Add two speeches, rewrite two (a new word, and a copy of another speech: a near-duplicate)
    and delete two."""
    corpus = settings.corpus_dir
    present = sorted(corpus.rglob("*.txt"))
    for path in spare[2 * step:2 * step + 2]:
        shutil.copy2(path, corpus / path.parent.name / path.name)
    present[step].write_text(present[step].read_text() + f"\n\nA zanzibarian remark {step}.\n")
    present[-1 - step].write_text(present[step + 10].read_text())
    for path in present[20 + step:22 + step]:
        path.unlink()


def assert_same_as_fresh(running: Archive, client, settings: Settings) -> None:
    fresh = Archive(settings.index_dir)
    assert running.build_id() == fresh.build_id()
    assert running.document_count() == fresh.document_count()
    for request in QUERIES:
        assert essence(running.search(request)) == essence(fresh.search(request)), request
    for query in API_QUERIES:
        served = client.get(f"/api/search?{query}").get_json()
        truth = fresh.search(request_from_params(parse_qs(query, keep_blank_values=True)))
        assert essence(served) == essence(truth), query


def test_a_running_archive_answers_as_a_fresh_one_after_every_commit(un_copy, monkeypatch):
    settings, spare = un_copy
    build.reindex(settings, full=True)
    running = Archive(settings.index_dir)
    client = create_app({"TESTING": True, "SIFT_INDEX": str(settings.index_dir),
                         "SIFT_CORPUS": str(settings.corpus_dir)}).test_client()
    assert_same_as_fresh(running, client, settings)

    for step in range(4):  # incremental commits: Whoosh merges the small segments they make
        change(settings, spare, step)
        assert not build.reindex(settings).full
        assert_same_as_fresh(running, client, settings)

    change(settings, spare, 4)
    assert build.reindex(settings, full=True).full  # a new generation swapped in
    assert_same_as_fresh(running, client, settings)

    change(settings, spare, 5)
    build.reindex(settings)
    assert_same_as_fresh(running, client, settings)

    # A reindex killed after its commit, before its manifest: the server sees the commit...
    change(settings, spare, 6)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(store, "write_info", killed)
        with pytest.raises(KeyboardInterrupt):
            build.reindex(settings)
    assert_same_as_fresh(running, client, settings)
    # ... and the next run, which rebuilds the manifest from the index.
    change(settings, spare, 7)
    build.reindex(settings)
    assert_same_as_fresh(running, client, settings)


def open_descriptors(folder: Path) -> tuple[int, int]:
    """This process's open file descriptors, and how many of them are on deleted files of
    ``folder`` (pytest's output capture holds deleted temporary files of its own)."""
    fd_dir = Path("/proc/self/fd")
    targets = []
    for fd in list(fd_dir.iterdir()):
        try:
            targets.append(os.readlink(fd))
        except OSError:  # closed meanwhile (the listing's own descriptor)
            pass
    inside = str(folder.resolve())
    return len(targets), sum(target.endswith(" (deleted)") and target.startswith(inside)
                             for target in targets)


def mapped_deleted(folder: Path) -> set[str]:
    """Files of ``folder`` mapped into memory (Whoosh maps compound segments) but deleted."""
    return {line.split(maxsplit=5)[5].removesuffix(" (deleted)")
            for line in Path("/proc/self/maps").read_text().splitlines()
            if line.endswith(" (deleted)") and str(folder) in line}


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_thirty_reindexes_leave_no_descriptor_behind(corpus_copy):
    """Searchers of replaced versions are closed, a busy thread's, an idle thread's and a
    finished thread's: after 30 reindexes (every third a full rebuild) and one more search per
    serving thread, no descriptor is on a deleted file and the count is what it was."""
    settings = corpus_copy
    build.reindex(settings, full=True)
    archive = Archive(settings.index_dir)
    requests = [SearchRequest(q="trafficking"), SearchRequest(q="", facet_size=0),
                SearchRequest(q="children -belarus", sort="newest")]
    stop, paused = threading.Event(), threading.Event()
    searches = [0] * 4
    busy = [False] * 4
    errors: list[BaseException] = []

    def serve(number: int) -> None:  # a waitress thread: serves, or waits for the next request
        while not stop.is_set():
            if paused.is_set():
                time.sleep(0.005)
                continue
            busy[number] = True
            try:
                archive.search(requests[searches[number] % len(requests)])
            except BaseException as error:
                errors.append(error)
                return
            finally:
                busy[number] = False
            searches[number] += 1

    def idle() -> None:  # served once, then never again
        archive.search(requests[0])
        stop.wait()

    def pause() -> None:
        paused.set()
        while any(busy):
            time.sleep(0.005)

    def searched_again() -> None:
        seen = list(searches)
        paused.clear()
        deadline = time.monotonic() + 30
        while any(now < then + 2 for now, then in zip(searches, seen, strict=True)) and not errors:
            assert time.monotonic() < deadline, "the serving threads stopped answering"
            time.sleep(0.01)
        pause()

    finished = threading.Thread(target=archive.search, args=(requests[1],))
    finished.start()
    finished.join()
    threads = [threading.Thread(target=serve, args=(n,)) for n in range(4)]
    threads.append(threading.Thread(target=idle))
    for thread in threads:
        thread.start()
    try:
        searched_again()
        gc.collect()
        fds_before, deleted_before = open_descriptors(settings.index_dir)
        rss_before = resident_mb()
        paused.clear()
        for number in range(30):
            path = settings.corpus_dir / f"note-{number % 4}.txt"
            path.write_text(f"Note {number}\n\nTrafficking report number {number}.\n" * 40)
            if number % 5 == 4:
                path.unlink()
            summary = build.reindex(settings, full=number % 3 == 2)
            assert summary.full == (number % 3 == 2)
        searched_again()
        gc.collect()
        fds_after, deleted_after = open_descriptors(settings.index_dir)
        rss_after = resident_mb()
        mapped = mapped_deleted(settings.index_dir)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    print(f"descriptors {fds_before} -> {fds_after} (on deleted files {deleted_before} -> "
          f"{deleted_after}), deleted files mapped {len(mapped)}, "
          f"RSS {rss_before:.0f} -> {rss_after:.0f} MB")
    assert not errors, errors
    assert deleted_after == 0
    assert not mapped
    assert fds_after <= fds_before + 2
    assert rss_after - rss_before < 40


def test_a_serving_thread_does_not_copy_the_index_into_memory(un_speeches):
    """Each serving thread has a searcher of its own. Whoosh read a compound segment through a
    BytesIO over its memory map, a copy of the whole segment per searcher: on the full UN corpus
    a server held 8 GB after 80 requests on 4 threads. A thread's first search now allocates a
    small fraction of the index."""
    import tracemalloc

    archive = Archive(un_speeches.index_dir)
    archive.search(SearchRequest(q="peace"))  # what is shared (caches, the first load) is paid
    index_bytes = sum(path.stat().st_size for path in un_speeches.index_dir.rglob("*")
                      if path.is_file())
    peaks = []

    def first_search_of_a_thread() -> None:
        tracemalloc.start()
        try:
            archive.search(SearchRequest(q="peace security"))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()

    thread = threading.Thread(target=first_search_of_a_thread)
    thread.start()
    thread.join()
    assert peaks and peaks[0] < index_bytes / 4, (peaks, index_bytes)
