"""The serving process's memory across reindexes, on a real archive (issue 12: "flat across
reindexes").

    python benchmarks/bench_memory.py --corpus DIR --index DIR [--rounds 5] [--full]

Starts ``sift serve`` on the index (built first if it is not), warms it with the search
benchmark's query mix on 4 clients, then ``--rounds`` times: rewrites 1% of the corpus files (a
line appended), runs an incremental ``sift index`` beside the server, and asks the same queries
again; ``--full`` adds a full rebuild (a new generation) as the last round. Prints the server's
resident memory (with its children; its heap and the index files' pages apart) after the
warm-up and after each round. The corpus folder
is changed: give it a copy.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from bench_search import _children, facet_values, query_mix, run_clients, summary, wait_for

REPO = Path(__file__).resolve().parent.parent
SHARE = 0.01  # of the files rewritten per round


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of a process and its children: in all, anonymous (the heap: what a leak
    grows) and file-backed (pages of the index files read through mmap, which the kernel takes
    back when it needs them)."""
    totals = {"VmRSS": 0, "RssAnon": 0, "RssFile": 0}
    for process in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                name, _, value = line.partition(":")
                if name in totals:
                    totals[name] += int(value.split()[0])
        except FileNotFoundError:
            pass
    return {name: kb / 1024 for name, kb in totals.items()}


def sift(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "indexer.cli", *args], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def touch_some(corpus: Path, rng: random.Random, round_number: int) -> int:
    files = sorted(corpus.rglob("*.txt"))
    chosen = rng.sample(files, max(1, int(len(files) * SHARE)))
    for path in chosen:
        with path.open("a", encoding="utf-8") as out:
            out.write(f"\nReindexed in round {round_number} of the memory benchmark.\n")
    return len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="end with a full rebuild")
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--port", type=int, default=5095)
    args = parser.parse_args()
    if not (args.index / "CURRENT").exists():
        print(f"building the index of {args.corpus} first")
        sift("index", "--quiet", "--corpus", str(args.corpus), "--index", str(args.index))
    server = subprocess.Popen([sys.executable, "-m", "webui.cli", "serve", "--index",
                               str(args.index), "--corpus", str(args.corpus), "--port",
                               str(args.port)], cwd=REPO, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    rng = random.Random(20261204)
    try:
        wait_for(args.port, "/healthz")
        mix = query_mix(args.queries, *facet_values(args.port))

        def ask(label: str) -> float:
            timed, _ = run_clients(args.port, "/api/search", mix, 4)
            figures = summary([ms for _, ms in timed])
            memory = memory_mb(server.pid)
            print(f"{label:<34} server {memory['VmRSS']:5.0f} MB (heap {memory['RssAnon']:4.0f},"
                  f" files {memory['RssFile']:4.0f})   p50 {figures['p50']:5.1f} ms"
                  f"   p95 {figures['p95']:5.1f} ms", flush=True)
            return memory["RssAnon"]

        first = ask("after the warm-up")
        last = first
        for number in range(1, args.rounds + 1):
            count = touch_some(args.corpus, rng, number)
            started = time.perf_counter()
            sift("index", "--quiet", "--corpus", str(args.corpus), "--index", str(args.index))
            seconds = time.perf_counter() - started
            last = ask(f"round {number}: {count} files, {seconds:4.1f} s")
        if args.full:
            started = time.perf_counter()
            sift("index", "--full", "--quiet", "--corpus", str(args.corpus), "--index",
                 str(args.index))
            last = ask(f"full rebuild, {time.perf_counter() - started:5.1f} s")
        print(f"heap after the last round: {last / first:.2f}x the warm server's")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
