"""Retrieval quality measured from the outside: nDCG@10 on BEIR SciFact (held-out, not tuned on).

    python benchmarks/eval_scifact.py [--work /tmp/sift-bench]

Writes each abstract as a text file (title line, blank line, text), indexes it with Sift, runs
the 300 test claims through the search core as a user would type them, and prints nDCG@10 and
recall@100. The BEIR paper reports nDCG@10 = 0.665 for BM25 on this set.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
from pathlib import Path

from common import SHARED, Timer, need

from indexer.config import Settings
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

DATA = SHARED / "heldout" / "scifact"


def write_corpus(target: Path) -> dict[str, str]:
    """The abstracts as files; returns file path → SciFact document id."""
    ids = {}
    target.mkdir(parents=True, exist_ok=True)
    with gzip.open(DATA / "corpus.jsonl.gz", "rt") as lines:
        for line in lines:
            doc = json.loads(line)
            name = f"{doc['_id']}.txt"
            ids[name] = doc["_id"]
            path = target / name
            if not path.exists():
                path.write_text(f"{doc['title']}\n\n{doc['text']}\n")
    return ids


def ndcg_at_10(ranked: list[str], relevant: dict[str, int]) -> float:
    gain = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    best = sum(rel / math.log2(i + 2) for i, rel in enumerate(ideal))
    return gain / best if best else 0.0


def as_words(claim: str) -> str:
    """The claim as plain words: a user's question, without characters the syntax reserves."""
    return " ".join(re.findall(r"\w+", claim))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    args = parser.parse_args()
    need(DATA)
    ids = write_corpus(args.work / "scifact-corpus")
    settings = Settings(args.work / "scifact-corpus", args.work / "scifact-index")
    with Timer() as timer:
        summary = build.reindex(settings)
    print(f"indexed {summary.documents} abstracts in {timer.seconds:.1f} s")

    qrels: dict[str, dict[str, int]] = {}
    for line in (DATA / "qrels" / "test.tsv").read_text().splitlines()[1:]:
        query_id, doc_id, score = line.split("\t")
        qrels.setdefault(query_id, {})[doc_id] = int(score)
    claims = {}
    for line in (DATA / "queries.jsonl").read_text().splitlines():
        query = json.loads(line)
        if query["_id"] in qrels:
            claims[query["_id"]] = query["text"]

    archive = Archive(settings.index_dir)
    scores, recalls = [], []
    for query_id, claim in claims.items():
        answer = archive.search(SearchRequest(q=as_words(claim), per_page=100))
        ranked = [ids[Path(hit["path"]).name] for hit in answer["results"]]
        relevant = qrels[query_id]
        scores.append(ndcg_at_10(ranked, relevant))
        recalls.append(len(set(ranked) & set(relevant)) / len(relevant))
    print(f"SciFact test ({len(scores)} claims): nDCG@10 {sum(scores) / len(scores):.3f}   "
          f"recall@100 {sum(recalls) / len(recalls):.3f}   (BEIR BM25: nDCG@10 0.665)")


if __name__ == "__main__":
    main()
