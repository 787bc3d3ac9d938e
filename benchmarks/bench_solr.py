"""Whoosh against Solr in one run, on the same UN speeches (issue 14): indexing (documents per
second, Sift's extraction in worker processes for both) and ``/api/search`` (facets and ten
snippets) through ``sift serve`` for each engine, at 1 and 4 concurrent keep-alive clients.

    nice python benchmarks/bench_solr.py --solr-url http://127.0.0.1:8983/solr \\
        [--sessions 70-78] [--queries 200] [--work /tmp/sift-bench/solr]

The Solr cluster is one already running (the test harness's, see the README's
``<!-- solr-cluster -->``, or a real one); a collection ``bench_<pid>`` is written behind an
alias and deleted after. All speeches: ``--sessions 1-79``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import REPO, Timer, extract_ungdc

sys.path.insert(0, str(REPO))

from indexer.config import Settings  # noqa: E402
from indexer.engines.solr import admin  # noqa: E402
from indexer.engines.solr.client import SolrClient  # noqa: E402
from indexer.engines.solr.ingest import rebuild  # noqa: E402
from indexer.engines.whoosh import build  # noqa: E402

WORDS = ["peace", "security", "climate", "development", "refugees", "terrorism", "nuclear",
         "poverty", "ocean", "pandemic", "trafficking", "democracy", "sanctions", "water"]
PHRASES = ['"climate change"', '"human rights"', '"sustainable development"',
           '"nuclear weapons"', '"international community"']
MISSPELT = ["secruity", "climte", "refugess", "terorism"]


def query_mix(count: int, seed: int = 20261204) -> list[dict]:
    """Request parameters: words, two words, phrases, prefixes, a misspelling, a facet filter,
    sort by date, a deep page, browse-all, in turn."""
    rng = random.Random(seed)
    kinds = [
        lambda: {"q": rng.choice(WORDS)},
        lambda: {"q": f"{rng.choice(WORDS)} {rng.choice(WORDS)}"},
        lambda: {"q": rng.choice(PHRASES)},
        lambda: {"q": rng.choice(WORDS)[:5] + "*"},
        lambda: {"q": rng.choice(MISSPELT)},
        lambda: {"q": rng.choice(WORDS), "country": "France"},
        lambda: {"q": rng.choice(WORDS), "sort": "newest"},
        lambda: {"q": rng.choice(WORDS), "page": "20"},
        lambda: {},
    ]
    return [kinds[number % len(kinds)]() for number in range(count)]


def serve(args: list[str], port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "webui.cli", "serve", "--port", str(port), *args],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit(f"sift serve {' '.join(args)} did not start")


def run_clients(port: int, queries: list[dict], clients: int) -> tuple[list[float], int]:
    """Each client on its own keep-alive connection takes the next query; latencies in ms
    and the number of failed requests."""
    latencies: list[float] = []
    failed = [0]
    position = [0]
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if position[0] >= len(queries):
                    return
                params = queries[position[0]]
                position[0] += 1
            started = time.perf_counter()
            connection.request("GET", "/api/search?" + urllib.parse.urlencode(params))
            response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if response.status != 200 or not json.loads(body).get("ok"):
                    failed[0] += 1
                latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failed[0]


def p(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--solr-url", required=True)
    parser.add_argument("--sessions", default="70-78")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--work", default="/tmp/sift-bench/solr")
    args = parser.parse_args()
    low, high = (int(part) for part in args.sessions.split("-"))
    work = Path(args.work)
    corpus = work / f"ungdc-{low}-{high}"
    speeches = extract_ungdc(corpus, range(low, high + 1))
    print(f"{speeches} speeches (sessions {low}-{high})")

    settings = Settings(corpus_dir=corpus, index_dir=work / f"index-{low}-{high}")
    with Timer() as whoosh_timer:
        summary = build.reindex(settings, full=True)
    print(f"Whoosh: {summary.documents} documents in {whoosh_timer.seconds:.1f} s, "
          f"{summary.documents / whoosh_timer.seconds:.1f} docs/s")

    client = SolrClient.from_url(args.solr_url)
    alias = f"bench_{os.getpid()}"
    with Timer() as solr_timer:
        solr_summary = rebuild(settings, client, alias)
    print(f"Solr:   {solr_summary.documents} documents in {solr_timer.seconds:.1f} s, "
          f"{solr_summary.documents / solr_timer.seconds:.1f} docs/s "
          f"(ratio Solr/Whoosh time {solr_timer.seconds / whoosh_timer.seconds:.2f})")

    queries = query_mix(args.queries)
    servers = {
        "whoosh": serve(["--index", str(settings.index_dir), "--corpus", str(corpus)], 5081, {}),
        "solr": serve(["--engine", "solr", "--corpus", str(corpus)], 5082,
                      {"SIFT_SOLR_URL": args.solr_url, "SIFT_SOLR_COLLECTION": alias}),
    }
    results = {}
    try:
        for clients in (1, 4):
            for name, port in (("whoosh", 5081), ("solr", 5082)):
                run_clients(port, queries[:20], clients)  # warm up
                with Timer() as timer:
                    latencies, failed = run_clients(port, queries, clients)
                results[(name, clients)] = latencies
                print(f"{name:6s} {clients} client(s): p50 {statistics.median(latencies):7.1f} ms"
                      f"  p95 {p(latencies, 0.95):7.1f} ms  {len(latencies) / timer.seconds:6.1f}"
                      f" req/s  failed {failed}")
            whoosh, solr = results[("whoosh", clients)], results[("solr", clients)]
            print(f"  ratio Solr/Whoosh at {clients}: p50 "
                  f"{statistics.median(solr) / statistics.median(whoosh):.2f}, p95 "
                  f"{p(solr, 0.95) / p(whoosh, 0.95):.2f}")
    finally:
        for process in servers.values():
            process.terminate()
            process.wait(timeout=30)
        collection = admin.aliases(client).get(alias)
        client.get("admin/collections", [("action", "DELETEALIAS"), ("name", alias)])
        if collection:
            admin.delete_collection(client, collection)


if __name__ == "__main__":
    main()
