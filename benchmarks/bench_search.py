"""Search over HTTP on a built index: Sift's real server (`sift serve`) against a naive Whoosh
server (a searcher opened per request, top 10 with highlights) and SQLite FTS5 (bm25() and
snippet(), in-process), on the same queries, at 1, 2 and 4 concurrent clients, with the serving
process's memory after the run.

    python benchmarks/bench_serve.py --index /tmp/sift-bench/sift-index \\
        --corpus /tmp/sift-bench/ungdc-all [--queries 300] [--work /tmp/sift-bench/serve]

Build the index first (`sift index --corpus DIR --index DIR`). The query mix: single words,
two words, phrases, prefixes, one and two facet filters, browse-all, sort by date, deep pages,
five-word questions, a phrase in most documents, the empty query with every facet. The
baselines run the text queries only (they have no facets); the ratios compare the same queries.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import REPO

WORDS = ["peace", "security", "climate", "development", "refugees", "terrorism", "nuclear",
         "poverty", "ocean", "pandemic", "trafficking", "democracy", "sanctions", "water",
         "education", "women", "migration", "sovereignty", "debt", "energy"]
PHRASES = ['"climate change"', '"human rights"', '"sustainable development"',
           '"united nations"', '"nuclear weapons"', '"international community"']
COUNTRIES = ["Qatar", "Nigeria", "France", "Brazil", "India", "Japan", "Kenya", "Peru"]


def query_mix(count: int, seed: int = 20261204) -> list[tuple[str, dict]]:
    """(kind, request parameters) pairs; ``q`` alone is what the baselines can run."""
    rng = random.Random(seed)
    kinds = {
        "word": lambda: {"q": rng.choice(WORDS)},
        "two words": lambda: {"q": " ".join(rng.sample(WORDS, 2))},
        "phrase": lambda: {"q": rng.choice(PHRASES)},
        "prefix": lambda: {"q": rng.choice(WORDS)[:5] + "*"},
        "five words": lambda: {"q": " ".join(rng.sample(WORDS, 5))},
        "broad phrase": lambda: {"q": '"united nations"'},
        "one facet": lambda: {"q": rng.choice(WORDS), "country": rng.choice(COUNTRIES)},
        "two facets": lambda: {"q": rng.choice(WORDS), "country": rng.choice(COUNTRIES),
                               "year": str(rng.randint(1990, 2020))},
        "browse all": lambda: {"q": ""},
        "all facets": lambda: {"q": "", "facet_size": "0"},
        "by date": lambda: {"q": rng.choice(WORDS), "sort": "newest"},
        "deep page": lambda: {"q": rng.choice(WORDS), "page": "20"},
    }
    names = list(kinds)
    return [(name, kinds[name]()) for name in (names[i % len(names)] for i in range(count))]


def text_only(params: dict) -> bool:
    return set(params) == {"q"} and params["q"] != ""


# -- HTTP clients ---------------------------------------------------------------------------

def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


def run_clients(base: str, path: str, queries: list[dict], clients: int) -> tuple[list, float]:
    """Latencies (ms) of every query, spread over ``clients`` threads, and the wall time."""
    latencies: list[float] = []
    lock = threading.Lock()
    todo = list(queries)

    def client() -> None:
        while True:
            with lock:
                if not todo:
                    return
                params = todo.pop()
            url = f"{base}{path}?{urllib.parse.urlencode(params)}"
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
            with lock:
                latencies.append(1000 * (time.perf_counter() - started))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started


def summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    return {"p50": statistics.median(ordered), "p95": at(0.95), "p99": at(0.99)}


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    for process in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(child) for child in found]


# -- the naive Whoosh server (run as a subprocess of this file) -----------------------------

def naive_server(port: int, generation: str) -> None:
    from whoosh import highlight, index, qparser

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("q", [""])[0]
            ix = index.open_dir(generation)  # naive: a searcher per request
            with ix.searcher() as searcher:
                parser = qparser.MultifieldParser(["title", "body"], ix.schema)
                hits = searcher.search(parser.parse(q), limit=10)
                hits.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=40)
                body = json.dumps({"total": len(hits), "results": [
                    {"title": hit.get("title"), "snippet": hit.highlights("body")}
                    for hit in hits]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


# -- SQLite FTS5 ----------------------------------------------------------------------------

def fts5(corpus: Path, work: Path) -> sqlite3.Connection:
    path = work / "fts5.sqlite"
    if not path.exists():
        work.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter')")
        with db:
            db.executemany("INSERT INTO docs VALUES (?, ?)", (
                (file.stem, file.read_text(encoding="utf-8", errors="replace"))
                for file in sorted(corpus.glob("*.txt"))))
        db.close()
    return sqlite3.connect(path, check_same_thread=False)


def fts5_query(db: sqlite3.Connection, q: str) -> list:
    """The query in FTS5's syntax: phrases and prefixes as they are, any word matching (as
    Sift's relaxed query does)."""
    match = " OR ".join(re.findall(r'"[^"]*"|\S+', q))
    return db.execute("SELECT title, snippet(docs, 1, '<b>', '</b>', '…', 20) FROM docs "
                      "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", (match,)).fetchall()


# -- the run --------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sift-bench/serve"))
    parser.add_argument("--port", type=int, default=5091)
    parser.add_argument("--naive-server", nargs=2, metavar=("PORT", "GENERATION"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive_server:
        naive_server(int(args.naive_server[0]), args.naive_server[1])
        return

    from indexer import store

    mix = query_mix(args.queries)
    every = [params for _, params in mix]
    texts = [params for params in every if text_only(params)]
    print(f"{len(mix)} queries ({len(texts)} text-only for the baselines) on {args.index}")

    sift = subprocess.Popen([sys.executable, "-m", "webui.cli", "serve", "--index",
                             str(args.index), "--corpus", str(args.corpus), "--port",
                             str(args.port)], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    naive_port = args.port + 1
    generation = str(store.live_generation(args.index))
    naive = subprocess.Popen([sys.executable, __file__, "--index", str(args.index), "--corpus",
                              str(args.corpus), "--naive-server", str(naive_port), generation])
    rows = []
    try:
        sift_url, naive_url = f"http://127.0.0.1:{args.port}", f"http://127.0.0.1:{naive_port}"
        wait_for(f"{sift_url}/healthz")
        wait_for(f"{naive_url}/?q=peace")
        run_clients(sift_url, "/api/search", every[:24], 2)  # each thread's searcher opened
        for clients in (1, 2, 4):
            for name, base, path, queries in (
                    ("Sift API, all", sift_url, "/api/search", every),
                    ("Sift API, text", sift_url, "/api/search", texts),
                    ("Sift HTML, text", sift_url, "/", texts),
                    ("naive Whoosh, text", naive_url, "/", texts)):
                latencies, wall = run_clients(base, path, queries, clients)
                rows.append((clients, name, summary(latencies), len(queries) / wall))
        sift_rss, naive_rss = rss_mb(sift.pid), rss_mb(naive.pid)
    finally:
        sift.terminate()
        naive.terminate()
        sift.wait(30)
        naive.wait(30)

    db = fts5(args.corpus, args.work)
    latencies = []
    started = time.perf_counter()
    for params in texts:
        begun = time.perf_counter()
        fts5_query(db, params["q"])
        latencies.append(1000 * (time.perf_counter() - begun))
    rows.append((1, "SQLite FTS5 (in-process)", summary(latencies),
                 len(texts) / (time.perf_counter() - started)))

    print(f"\n{'clients':>7}  {'system':26} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'q/s':>7}")
    for clients, name, figures, throughput in rows:
        print(f"{clients:>7}  {name:26} {figures['p50']:8.1f} {figures['p95']:8.1f} "
              f"{figures['p99']:8.1f} {throughput:7.1f}")
    by = {(clients, name): figures for clients, name, figures, _ in rows}
    for clients in (1, 2, 4):
        sift_text, naive_text = by[clients, "Sift API, text"], by[clients, "naive Whoosh, text"]
        html = by[clients, "Sift HTML, text"]
        print(f"{clients} client(s): Sift/naive p50 {sift_text['p50'] / naive_text['p50']:.2f}x, "
              f"p95 {sift_text['p95'] / naive_text['p95']:.2f}x; HTML/API p50 "
              f"{html['p50'] / sift_text['p50']:.2f}x")
    print(f"memory after the run: Sift server {sift_rss:.0f} MB, naive server {naive_rss:.0f} MB")


if __name__ == "__main__":
    main()
