"""Entity pages on real speeches: the most frequent country's page, core and HTML.

    python benchmarks/bench_entities.py [--sessions 70-78] [--work /tmp/sift-bench] [--rounds 20]

Builds (once) a Sift index of the UNGDC sessions asked for, then times the entity page of the
country named in the most speeches: the search core's plain data (counts, year histogram,
companions, newest documents) and the whole HTML page. Baseline in the same run: the search
core's answer for the same filter (what the page costs beyond one search).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import extract_ungdc, percentiles

from indexer import entities_view
from indexer.config import Settings
from indexer.engines.whoosh import build, store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="70-78", help="UNGDC sessions, e.g. 70-78")
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    low, high = (int(n) for n in args.sessions.split("-"))
    corpus = args.work / f"ungdc-{low}-{high}"
    count = extract_ungdc(corpus, range(low, high + 1))
    settings = Settings(corpus, args.work / "sift-index")
    if store.live_generation(settings.index_dir) is None:
        build.reindex(settings, full=True)
    archive = Archive(settings.index_dir)
    print(f"corpus: {count} speeches (sessions {low}-{high}); "
          f"index: {archive.document_count()} documents")

    countries = entities_view.all_entities(archive)[0]["values"]
    top = countries[0]
    print(f"most frequent country: {top['value']} ({top['count']} documents)")
    filtered = SearchRequest(filters={"country": (top["value"],)}, sort="newest", per_page=20)

    from webui import create_app

    client = create_app({"SIFT_INDEX": str(settings.index_dir),
                         "SIFT_CORPUS": str(corpus)}).test_client()
    client.get(f"/entity/country/{top['value']}")  # opens the app's searcher: not timed
    base_ms, core_ms, page_ms = [], [], []
    for _ in range(args.rounds):
        started = time.perf_counter()
        archive.search(filtered)
        base_ms.append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        entities_view.entity(archive, "country", top["value"])
        core_ms.append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        response = client.get(f"/entity/country/{top['value']}")
        page_ms.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200
    print(f"baseline: search filtered by it {percentiles(base_ms)}")
    print(f"entity data (search core)       {percentiles(core_ms)}")
    print(f"entity page (HTML)              {percentiles(page_ms)}")


if __name__ == "__main__":
    main()
