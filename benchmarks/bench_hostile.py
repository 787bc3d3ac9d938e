"""Hostile queries on the UNGDC index built by bench_index.py: Sift's answer (a result or a
refusal, SearchError) against the same text parsed and run directly on a Whoosh searcher.

    python benchmarks/bench_hostile.py [--work /tmp/sift-bench] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from whoosh import qparser

from indexer import store
from indexer.search import Archive, SearchError, SearchRequest

HOSTILE = {
    "NOT NOT NOT a": "NOT NOT NOT a",
    "497 nested ( )": "(" * 497 + "peace" + ")" * 497,
    "date:[0000 TO 9999]": "date:[0000 TO 9999]",
    "content_hash:abc": "content_hash:abc",
    "999-letter word": "x" * 999,
    "İ x 400": "İ" * 400,
    "120 distinct ORs": " OR ".join(f"w{n}" for n in range(120)),
    "32 distinct ORs": " OR ".join(f"peace{n}" for n in range(32)),
    "30 words": " ".join(["peace", "security", "climate", "development"] * 7 + ["africa", "war"]),
    "wildcards": "a* b* c* d* e* f* g* h*",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    archive = Archive(args.work / "sift-index")
    print(f"index: {archive.document_count()} documents")
    index = store.open_live(args.work / "sift-index")
    plain = qparser.MultifieldParser(["title", "body"], index.schema)
    with index.searcher() as searcher:
        for name, text in HOSTILE.items():
            sift_ms, base_ms, outcome = [], [], ""
            for _ in range(args.rounds):
                started = time.perf_counter()
                try:
                    outcome = f"{archive.search(SearchRequest(q=text))['total']} found"
                except SearchError as error:
                    outcome = f"refused: {str(error)[:50]}"
                sift_ms.append(1000 * (time.perf_counter() - started))
                started = time.perf_counter()
                try:
                    searcher.search(plain.parse(text), limit=10)
                    base = ""
                except Exception as error:  # noqa: BLE001 - the baseline's own failures
                    base = f" ({type(error).__name__})"
                base_ms.append(1000 * (time.perf_counter() - started))
            print(f"{name:22} sift max {max(sift_ms):7.0f} ms   whoosh max {max(base_ms):7.0f} ms"
                  f"{base}   {outcome}")


if __name__ == "__main__":
    main()
