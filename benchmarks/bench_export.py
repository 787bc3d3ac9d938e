"""Exports on real speeches: time and memory to stream a whole result set.

    python benchmarks/bench_export.py [--sessions 70-78] [--work /tmp/sift-bench]

Uses (or builds) the same index as bench_entities.py. For each query, every matching document
is exported as CSV and JSON Lines; the peak of Python's allocations while streaming
(tracemalloc) is printed beside the size of the output, which the stream never holds whole.
Baseline in the same run: one search-core page of 100 results.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from common import extract_ungdc

from indexer import export
from indexer.config import Settings
from indexer.engines.whoosh import build, store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

QUERIES = ["", "peace", "human rights development", "climate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="70-78", help="UNGDC sessions, e.g. 70-78")
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    args = parser.parse_args()
    low, high = (int(n) for n in args.sessions.split("-"))
    corpus = args.work / f"ungdc-{low}-{high}"
    count = extract_ungdc(corpus, range(low, high + 1))
    settings = Settings(corpus, args.work / "sift-index")
    if store.live_generation(settings.index_dir) is None:
        build.reindex(settings, full=True)
    archive = Archive(settings.index_dir)
    print(f"corpus: {count} speeches (sessions {low}-{high})")
    for q in QUERIES:
        request = SearchRequest(q=q, sort="relevance" if q else "newest")
        started = time.perf_counter()
        archive.search(SearchRequest(q=q, per_page=100))
        page_ms = 1000 * (time.perf_counter() - started)
        for fmt in ("csv", "jsonl"):
            tracemalloc.start()
            started = time.perf_counter()
            stream = archive.stream(request)
            size = sum(len(chunk) for chunk in export.export(fmt, request, stream, str))
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{q or '(everything)':26} {fmt:5} {stream.total:5} rows in {seconds:5.2f} s "
                  f"({stream.total / seconds:6.0f} rows/s), output {size / 2**20:5.1f} MB, "
                  f"peak {peak / 2**20:5.1f} MB; baseline page of 100: {page_ms:.0f} ms")


if __name__ == "__main__":
    main()
