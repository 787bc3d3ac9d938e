"""Search-box suggestions and "did you mean" on a built index, against a naive baseline in the
same run.

    python benchmarks/bench_suggest.py --index /tmp/sift-bench/sift-index

For each prefix (one word begun, or words and a word begun), Sift's ``Archive.suggest`` (the
vocabulary's commonest completions, or those that follow the earlier words in a sample of the
documents having them, and titles) against a naive completion: the body's written words
starting with the prefix's last word, ranked by document frequency (no following, no titles).
Then Sift's correction of misspelt words (``did you mean``) against Whoosh's own corrector.
Each is timed cold (the first time in this process) and warm (asked again).
"""

from __future__ import annotations

import argparse
import time
from itertools import islice
from pathlib import Path

from common import percentiles

from indexer.engines.whoosh import store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

PREFIXES = ["se", "sec", "peac", "clim", "refu", "nucl", "tr", "dev", "wom", "educ", "the",
            "peace and sec", "human ri", "climate ch", "united nat", "security coun", "forced lab",
            "of the u", "sustainable dev", "small isl", "nuclear w", "international comm"]
MISSPELT = ["secruity", "climte", "refugess", "terorism", "povrety", "democarcy", "disarmement",
            "sovreignty", "developement", "cooperatoin"]


def naive_completions(searcher, prefix: str, limit: int = 8) -> list[str]:
    reader = searcher.reader()
    last = prefix.split()[-1].lower()
    words = [w.decode() if isinstance(w, bytes) else w
             for w in islice(reader.expand_prefix("spell_body", last), 500)]
    return sorted(words, key=lambda word: -reader.doc_frequency("spell_body", word))[:limit]


def timed(function, items) -> list[float]:
    samples = []
    for item in items:
        started = time.perf_counter()
        function(item)
        samples.append(1000 * (time.perf_counter() - started))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args()
    archive = Archive(args.index)
    archive.search(SearchRequest(q="peace"))  # the searcher opened, outside the timings
    searcher = store.open_live(args.index).searcher()
    corrector = searcher.corrector("spell_body")

    rows = [
        ("Sift suggest, cold", timed(archive.suggest, PREFIXES)),
        ("Sift suggest, warm", timed(archive.suggest, PREFIXES)),
        ("naive completion", timed(lambda p: naive_completions(searcher, p), PREFIXES)),
        ("Sift did-you-mean, cold",
         timed(lambda w: archive.search(SearchRequest(q=w)), MISSPELT)),
        ("Sift did-you-mean, warm",
         timed(lambda w: archive.search(SearchRequest(q=w)), MISSPELT)),
        ("Whoosh corrector", timed(lambda w: corrector.suggest(w, limit=1, maxdist=2), MISSPELT)),
    ]
    for name, samples in rows:
        print(f"{name:26s} {percentiles(samples)}   max {max(samples):7.2f} ms")
    for prefix in ("forced lab", "human ri", "small isl"):
        print(f"{prefix!r:14} Sift: {archive.suggest(prefix)[:4]}")
        print(f"{'':14} naive: {naive_completions(searcher, prefix)[:4]}")
    for word in MISSPELT[:3]:
        print(f"{word!r:14} Sift: {archive.search(SearchRequest(q=word))['suggestion']!r}, "
              f"Whoosh: {corrector.suggest(word, limit=1, maxdist=2)}")


if __name__ == "__main__":
    main()
