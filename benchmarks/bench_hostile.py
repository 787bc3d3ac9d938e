"""Hostile queries on the UNGDC index built by bench_index.py: Sift's answer (a result or a
refusal, SearchError) against the same text parsed and run directly on a Whoosh searcher; then
a few hundred queries drawn at random from Sift's grammar (nesting, operators, fields, ranges,
wildcards, fuzzy, unicode) and random text, with the slowest answers. The promise: every answer
within one second on the full UN corpus.

    python benchmarks/bench_hostile.py [--work /tmp/sift-bench] [--rounds 3] [--random 300]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from whoosh import qparser

from indexer.engines.whoosh import store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchError, SearchRequest

HOSTILE = {
    "NOT NOT NOT a": "NOT NOT NOT a",
    "497 nested ( )": "(" * 497 + "peace" + ")" * 497,
    "date:[0000 TO 9999]": "date:[0000 TO 9999]",
    "content_hash:abc": "content_hash:abc",
    "999-letter word": "x" * 999,
    "stqrvxk x 120": " ".join(["stqrvxk"] * 120),
    "200 distinct ORs": " OR ".join(f"w{n}" for n in range(200)),
    "date:[2019-13 TO 2019-14]": "date:[2019-13 TO 2019-14]",
    "source_url:x": "source_url:x",
    "İ x 400": "İ" * 400,
    "120 distinct ORs": " OR ".join(f"w{n}" for n in range(120)),
    "32 distinct ORs": " OR ".join(f"peace{n}" for n in range(32)),
    "30 words": " ".join(["peace", "security", "climate", "development"] * 7 + ["africa", "war"]),
    "wildcards": "a* b* c* d* e* f* g* h*",
}


WORDS = ["peace", "climate", "trafficking", "Qatar", "WHO", "the", "İ", "ß", "forced", "labour",
         "x", "développement", "мир", "*", "?", "stqrvxk", "a" * 60]
FIELDS = ["title", "body", "country", "year", "date", "content_hash", "zzz"]
RANGE_ENDS = ["2015", "0000", "9999", "2019-13", "*", "abc", ""]


def random_query(rng: random.Random, depth: int = 0) -> str:
    """A query from Sift's grammar (as tests/webui/test_hostile_queries.py draws them) or
    random characters."""
    roll = rng.random()
    if depth == 0 and roll < 0.15:
        length = rng.randint(1, 300)
        return "".join(rng.choice('()[]{}"*?~^:-+ ANDORTpeaceİ') for _ in range(length))
    if depth < 4 and roll < 0.55:
        a, b = random_query(rng, depth + 1), random_query(rng, depth + 1)
        return rng.choice([f"{a} AND {b}", f"{a} OR {b}", f"{a} NOT {b}", f"{a} {b}", f"({a})",
                           f"-{a}", f"NOT {a}", f"{a} -{b}"])
    word = rng.choice(WORDS) + rng.choice(["", "*", "~", "~2", "?", "^3"])
    return rng.choice([
        word,
        '"' + " ".join(rng.choices(WORDS, k=rng.randint(1, 4))) + '"',
        f"{rng.choice(FIELDS)}:{word}",
        f"{rng.choice(FIELDS)}:[{rng.choice(RANGE_ENDS)} TO {rng.choice(RANGE_ENDS)}]",
    ])


def timed(archive: Archive, text: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        outcome = f"{archive.search(SearchRequest(q=text))['total']} found"
    except SearchError as error:
        outcome = f"refused: {str(error)[:50]}"
    return 1000 * (time.perf_counter() - started), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--random", type=int, default=300, help="random queries to time")
    args = parser.parse_args()
    archive = Archive(args.work / "sift-index")
    print(f"index: {archive.document_count()} documents")
    index = store.open_live(args.work / "sift-index")
    plain = qparser.MultifieldParser(["title", "body"], index.schema)
    with index.searcher() as searcher:
        for name, text in HOSTILE.items():
            sift_ms, base_ms, outcome = [], [], ""
            for _ in range(args.rounds):
                took, outcome = timed(archive, text)
                sift_ms.append(took)
                started = time.perf_counter()
                try:
                    searcher.search(plain.parse(text), limit=10)
                    base = ""
                except Exception as error:  # noqa: BLE001 - the baseline's own failures
                    base = f" ({type(error).__name__})"
                base_ms.append(1000 * (time.perf_counter() - started))
            print(f"{name:26} sift max {max(sift_ms):7.0f} ms   whoosh max {max(base_ms):7.0f} ms"
                  f"{base}   {outcome}")

    rng = random.Random(20261203)
    times = sorted((timed(archive, text)[0], text) for text in
                   (random_query(rng) for _ in range(args.random)))
    over = sum(took > 1000 for took, _ in times)
    print(f"\n{args.random} random queries: p50 {times[len(times) // 2][0]:.0f} ms, "
          f"max {times[-1][0]:.0f} ms, {over} over one second; the slowest:")
    for took, text in times[-5:]:
        print(f"  {took:7.0f} ms  {text[:90]!r}")


if __name__ == "__main__":
    main()
