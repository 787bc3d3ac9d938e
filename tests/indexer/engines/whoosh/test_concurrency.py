"""One Archive shared by a server's threads: every thread gets the answers a lone caller gets,
and reindexing (incremental commits, a full rebuild's new generation) while they search breaks
nothing and is seen by all of them."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

QUERIES = [
    SearchRequest(q="trafficking"),
    SearchRequest(q='"human trafficking"', sort="newest"),
    SearchRequest(q="children -belarus"),
    SearchRequest(q="traffick*", filters={"country": ("Belarus",)}),
    SearchRequest(q="", per_page=3, page=2),
    SearchRequest(q="dapkiunas~"),
    SearchRequest(q="year:[2017 TO 2019]", sort="oldest"),
]


def essence(answer: dict) -> tuple:
    """What must not differ between threads: the documents, their order, counts, snippets."""
    return (
        answer["total"],
        [(hit["id"], hit["snippet"]) for hit in answer["results"]],
        {name: [(row["value"], row["count"]) for row in rows]
         for name, rows in answer["facets"].items()},
    )


def test_threads_get_the_answers_a_lone_caller_gets(archive):
    expected = [essence(archive.search(request)) for request in QUERIES]

    def run(round_number: int) -> list[tuple]:
        order = QUERIES[round_number % len(QUERIES):] + QUERIES[:round_number % len(QUERIES)]
        answers = {id(request): essence(archive.search(request)) for request in order}
        return [answers[id(request)] for request in QUERIES]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for answers in pool.map(run, range(64)):
            assert answers == expected


def test_searching_threads_see_reindexes_without_errors(corpus_copy):
    build.reindex(corpus_copy, full=True)
    archive = Archive(corpus_copy.index_dir)
    stop = threading.Event()
    errors: list[BaseException] = []
    seen_new: set[int] = set()

    def search_until_stopped(number: int) -> None:
        while not stop.is_set():
            try:
                assert archive.search(SearchRequest(q="trafficking"))["total"] >= 5
                if archive.search(SearchRequest(q="zanzibarian"))["total"]:
                    seen_new.add(number)
            except BaseException as error:  # reported below, with the others
                errors.append(error)
                return

    threads = [threading.Thread(target=search_until_stopped, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        new = corpus_copy.corpus_dir / "zanzibar.txt"
        new.write_text("Zanzibarian traffickers\n\nA zanzibarian network was stopped.\n")
        build.reindex(corpus_copy)  # an incremental commit
        build.reindex(corpus_copy, full=True)  # a new generation swapped in
        for _ in range(100):  # up to 5 s for every thread to find the new document
            if len(seen_new) == len(threads) or errors:
                break
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert errors == []
    assert seen_new == set(range(len(threads)))
