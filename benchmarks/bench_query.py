"""Query latency of the search core on the UNGDC index built by bench_index.py.

    python benchmarks/bench_query.py [--work /tmp/sift-bench] [--sessions 70-78]

For each query: Sift's full answer (facets, snippets, did-you-mean) against a baseline of the
same parsed query run directly on a Whoosh searcher for the top 10 (no facets, no snippets).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import peak_rss_mb, percentiles
from whoosh import qparser

from indexer.engines.whoosh import store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

QUERIES = [
    "", "human trafficking", "climate change", "nuclear disarmament", '"sustainable development"',
    "terrorism -afghanistan", "country:Qatar", "year:[2015 TO 2018]", "refugee*", "palestine~",
    "peace security development cooperation africa", "(syria OR yemen) humanitarian",
    "title:speech", "migrants AND trafficking", "ocean plastic pollution", "covid pandemic",
    "qwerty", "developement",  # nothing or little found: the did-you-mean path
    "traffiking children", "climate chnage",  # a misspelt word among known ones
    " ".join(["stqrvxk"] * 120), "x" * 999,  # did-you-mean bounded: one scan, none
    " ".join(f"zq{n}xw" for n in range(100)),  # 100 unknown words: 3 scans
]
FILTERED = [
    SearchRequest(q="trafficking", filters={"country": ("Belarus",)}),
    SearchRequest(q="security", filters={"year": ("2016", "2017")}, sort="newest"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    index_dir = args.work / "sift-index"
    archive = Archive(index_dir)
    started = time.perf_counter()
    total = archive.document_count()
    print(f"index: {total} documents; first open {1000 * (time.perf_counter() - started):.0f} ms")

    requests = [SearchRequest(q=q) for q in QUERIES] + FILTERED
    sift_ms, base_ms = [], []
    ix = store.open_live(index_dir)
    parser_ = qparser.MultifieldParser(["title", "body"], ix.schema)
    with ix.searcher() as searcher:
        for _ in range(args.rounds):
            for request in requests:
                started = time.perf_counter()
                archive.search(request)
                sift_ms.append(1000 * (time.perf_counter() - started))
                if request.q:
                    started = time.perf_counter()
                    searcher.search(parser_.parse(request.q), limit=10)
                    base_ms.append(1000 * (time.perf_counter() - started))
    print(f"baseline Whoosh top-10   {percentiles(base_ms)}")
    print(f"sift search (full answer){percentiles(sift_ms)}")

    # The same queries as the browser gets them: the HTML page renders every facet value.
    from webui import create_app

    client = create_app({"SIFT_INDEX": str(index_dir)}).test_client()
    page_ms, suggest_ms = [], []
    for _ in range(args.rounds):
        for q in QUERIES:
            started = time.perf_counter()
            client.get("/", query_string={"q": q})
            page_ms.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            client.get("/api/suggest", query_string={"q": q[:5]})
            suggest_ms.append(1000 * (time.perf_counter() - started))
    print(f"HTML results page        {percentiles(page_ms)}")
    print(f"/api/suggest (5 chars)   {percentiles(suggest_ms)}")
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
