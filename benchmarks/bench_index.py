"""Indexing speed on real speeches (UN General Debate corpus), with a baseline in the same run.

    python benchmarks/bench_index.py [--sessions 70-78] [--work /tmp/sift-bench]

Prints docs/s for: the baseline (plain Whoosh, one text field, standard analyzer, no facets,
no offsets), Sift's full build, Sift's incremental run with nothing changed, and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import time
from pathlib import Path

from common import Timer, extract_ungdc, peak_rss_mb
from whoosh import fields, index

from indexer.config import Settings
from indexer.engines.whoosh import build


def baseline(corpus: Path, target: Path) -> float:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    schema = fields.Schema(path=fields.ID(stored=True, unique=True), body=fields.TEXT(stored=True))
    ix = index.create_in(str(target), schema)
    with Timer() as timer:
        writer = ix.writer()
        for path in sorted(corpus.glob("*.txt")):
            writer.add_document(path=path.name, body=path.read_text("utf-8", "replace"))
        writer.commit()
    return timer.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="70-78", help="UNGDC sessions, e.g. 70-78")
    parser.add_argument("--work", default="/tmp/sift-bench", type=Path)
    args = parser.parse_args()
    low, high = (int(n) for n in args.sessions.split("-"))
    corpus = args.work / f"ungdc-{low}-{high}"
    count = extract_ungdc(corpus, range(low, high + 1))
    size_mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 2**20
    print(f"corpus: {count} speeches, {size_mb:.1f} MB (sessions {low}-{high})")

    seconds = baseline(corpus, args.work / "baseline-index")
    print(f"baseline (plain Whoosh)   {seconds:7.1f} s  {count / seconds:7.1f} docs/s")

    settings = Settings(corpus, args.work / "sift-index")
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    started = time.perf_counter()
    summary = build.reindex(settings, full=True)
    seconds = time.perf_counter() - started
    hidden = sum(1 for path in corpus.glob(".*.txt"))  # ".DS_Store-to-UTF-8.txt": ignored
    assert summary.documents == count - hidden - len(summary.skipped), summary.as_dict()
    print(f"sift full build           {seconds:7.1f} s  {count / seconds:7.1f} docs/s"
          f"  ({summary.documents} documents, {len(summary.skipped)} skipped)")

    started = time.perf_counter()
    summary = build.reindex(settings)
    seconds = time.perf_counter() - started
    print(f"sift incremental, no change {seconds:5.2f} s  ({summary.unchanged} unchanged)")

    changed = sorted(corpus.glob("*.txt"))[::100]  # 1% of the files, spread over the corpus
    originals = {path: path.read_bytes() for path in changed}
    try:
        for path in changed:
            path.write_bytes(originals[path] + b"\nA sentence added for the benchmark.\n")
        started = time.perf_counter()
        summary = build.reindex(settings)
        seconds = time.perf_counter() - started
        print(f"sift incremental, 1% changed {seconds:5.2f} s  ({summary.updated} updated; "
              f"target: under 10 s)")
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    size = sum(p.stat().st_size for p in settings.index_dir.rglob("*") if p.is_file()) / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"index size {size:.0f} MB ({size / size_mb:.2f}x the text); peak RSS "
          f"{peak_rss_mb():.0f} MB (largest worker {children:.0f} MB)")


if __name__ == "__main__":  # Whoosh's multi-process writer forks: keep the guard
    main()
