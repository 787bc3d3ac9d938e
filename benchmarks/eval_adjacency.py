"""Multi-word queries on real speeches: how much of the top 10 holds the words side by side.

    python benchmarks/eval_adjacency.py [--sessions 69-79] [--work /tmp/sift-bench]

For twenty two-word queries typed without quotes, the share of the first ten results that
contain the two words as a phrase (judged by the quoted query), and how many documents contain
all the words against how many match at all. Before the all-words tier and the proximity boost
(indexer/engines/whoosh/scoring.py) the share was 0.75 on sessions 69-79 (2,132 speeches);
after, 0.995.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from common import Timer, extract_ungdc

from indexer.config import Settings
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

QUERIES = (
    "human trafficking", "forced labour", "climate change", "nuclear weapons",
    "sustainable development", "security council", "international law", "sea level",
    "small islands", "food security", "armed conflict", "peace process", "terrorist attacks",
    "refugee crisis", "gender equality", "debt relief", "renewable energy", "child labour",
    "death penalty", "nuclear test",
)


def every_id(archive: Archive, q: str) -> set[str]:
    found: set[str] = set()
    page = 1
    while True:
        answer = archive.search(SearchRequest(q=q, per_page=100, page=page))
        found |= {hit["id"] for hit in answer["results"]}
        if page * 100 >= answer["total"]:
            return found
        page += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="69-79", help="UNGDC sessions, e.g. 69-79")
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    args = parser.parse_args()
    low, high = (int(n) for n in args.sessions.split("-"))
    corpus = args.work / f"ungdc-{low}-{high}"
    count = extract_ungdc(corpus, range(low, high + 1))
    settings = Settings(corpus, args.work / f"ungdc-{low}-{high}-index")
    with Timer() as timer:
        build.reindex(settings)
    print(f"{count} speeches (sessions {low}-{high}), indexed in {timer.seconds:.0f} s")
    archive = Archive(settings.index_dir)
    shares = []
    for q in QUERIES:
        answer = archive.search(SearchRequest(q=q, per_page=10))
        adjacent = every_id(archive, f'"{q}"')
        top = [hit["id"] for hit in answer["results"]]
        shares.append(sum(doc in adjacent for doc in top) / max(1, len(top)))
        print(f"{q:25} {answer['total']:6,} match, {answer.get('all_words_total') or 0:6,} all "
              f"words, {len(adjacent):5,} the phrase; top 10 side by side {shares[-1]:.1f}")
    print(f"share of the top 10 with the words side by side: {sum(shares) / len(shares):.3f}")


if __name__ == "__main__":
    main()
