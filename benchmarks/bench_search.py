"""Search over HTTP on a built index: Sift's real server (`sift serve`, waitress, default
threads) against a naive Whoosh server (an index and a searcher opened per request, top 10 with
highlights) and SQLite FTS5 (bm25() and snippet(), in-process), on the same queries, at 1, 2 and
4 concurrent keep-alive clients, with each server's memory after the run (issue 12).

    nice python benchmarks/bench_search.py --index /tmp/lead-full2/sift-index \\
        --corpus /tmp/si/ungdc-all [--queries 300] [--work /tmp/sift-bench/search]

Build the index first (`sift index --corpus DIR --index DIR`); serve opens it as it is and never
reindexes an index that opens. The query mix, drawn with a fixed seed: single words, two words,
phrases, prefixes (`refug*`), a misspelt word (did-you-mean), one and two facet filters (values
taken from the index's own facets), browse-all, sort by date, deep pages (page 20), five-word
questions, a phrase in most documents, the empty query with every facet. The baselines have no
facets and no dates: they run the text queries and the deep pages only, and the ratios compare
those same queries.
"""

from __future__ import annotations

import argparse
import http.client
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
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import REPO

WORDS = ["peace", "security", "climate", "development", "refugees", "terrorism", "nuclear",
         "poverty", "ocean", "pandemic", "trafficking", "democracy", "sanctions", "water",
         "education", "women", "migration", "sovereignty", "debt", "energy", "apartheid",
         "disarmament", "colonialism", "famine", "desertification", "cooperation"]
MISSPELT = ["secruity", "climte", "refugess", "terorism", "povrety", "democarcy", "disarmement"]
PHRASES = ['"climate change"', '"human rights"', '"sustainable development"',
           '"nuclear weapons"', '"international community"', '"cold war"', '"small island"']
BROAD = '"united nations"'  # in nearly every speech


def query_mix(count: int, countries: list[str], years: list[str],
              seed: int = 20261204) -> list[tuple[str, dict]]:
    """(kind, request parameters) pairs, the kinds in turn; ``q`` (and ``page``) is what the
    baselines can run."""
    rng = random.Random(seed)
    kinds = {
        "word": lambda: {"q": rng.choice(WORDS)},
        "two words": lambda: {"q": " ".join(rng.sample(WORDS, 2))},
        "phrase": lambda: {"q": rng.choice(PHRASES)},
        "prefix": lambda: {"q": rng.choice(WORDS)[:5] + "*"},
        "misspelt": lambda: {"q": rng.choice(MISSPELT)},
        "five words": lambda: {"q": " ".join(rng.sample(WORDS, 5))},
        "broad phrase": lambda: {"q": BROAD},
        "one facet": lambda: {"q": rng.choice(WORDS), "country": rng.choice(countries)},
        "two facets": lambda: {"q": rng.choice(WORDS), "country": rng.choice(countries),
                               "year": rng.choice(years)},
        "browse all": lambda: {"q": ""},
        "all facets": lambda: {"q": "", "facet_size": "0"},
        "by date": lambda: {"q": rng.choice(WORDS), "sort": "newest"},
        "deep page": lambda: {"q": rng.choice(WORDS), "page": "20"},
    }
    names = list(kinds)
    return [(name, kinds[name]()) for name in (names[i % len(names)] for i in range(count))]


def for_baselines(params: dict) -> bool:
    return set(params) <= {"q", "page"} and params["q"] != ""


# -- HTTP clients (one keep-alive connection per client thread) -----------------------------

def get(connection: http.client.HTTPConnection, path: str, params: dict) -> bytes:
    connection.request("GET", f"{path}?{urllib.parse.urlencode(params)}")
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"{path} {params}: HTTP {response.status} {body[:200]!r}")
    return body


def wait_for(port: int, path: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"port {port} {path} did not answer within {seconds} s")


def run_clients(port: int, path: str, mix: list[tuple[str, dict]], clients: int):
    """(kind, latency ms) of every query, spread over ``clients`` threads, and the wall time."""
    timed: list[tuple[str, float]] = []
    lock = threading.Lock()
    todo = list(reversed(mix))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not todo:
                    break
                kind, params = todo.pop()
            started = time.perf_counter()
            get(connection, path, params)
            with lock:
                timed.append((kind, 1000 * (time.perf_counter() - started)))
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timed, time.perf_counter() - started


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


# -- the naive Whoosh server (this file run as a subprocess) --------------------------------

def naive_server(port: int, generation: str) -> None:
    from whoosh import highlight, index, qparser

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as waitress

        def do_GET(self):
            args = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            ix = index.open_dir(generation)  # naive: the index and a searcher per request
            with ix.searcher() as searcher:
                parser = qparser.MultifieldParser(["title", "body"], ix.schema)
                query = parser.parse(args.get("q", [""])[0])
                hits = searcher.search_page(query, int(args.get("page", ["1"])[0]), pagelen=10)
                hits.results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=40)
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
    """The corpus's text in an FTS5 table (built once in ``work``, porter stemming as Sift)."""
    path = work / "fts5.sqlite"
    if not path.exists():
        work.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(work / "fts5.partial")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter')")
        with db:
            db.executemany("INSERT INTO docs VALUES (?, ?)", (
                (file.stem, file.read_text(encoding="utf-8", errors="replace"))
                for file in sorted(corpus.glob("*.txt"))))
        db.close()
        (work / "fts5.partial").rename(path)
    return sqlite3.connect(path, check_same_thread=False)


def fts5_query(db: sqlite3.Connection, params: dict) -> list:
    """The query in FTS5's syntax: phrases and prefixes (`refug*`) as they are, any word
    matching (as Sift's relaxed query does), page 20 as an offset."""
    match = " OR ".join(re.findall(r'"[^"]*"|\S+', params["q"]))
    offset = 10 * (int(params.get("page", 1)) - 1)
    return db.execute("SELECT title, snippet(docs, 1, '<b>', '</b>', '…', 20) FROM docs "
                      "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10 OFFSET ?",
                      (match, offset)).fetchall()


# -- the run --------------------------------------------------------------------------------

def facet_values(port: int) -> tuple[list[str], list[str]]:
    """The index's own countries and years (the most frequent), for the facet queries."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    facets = json.loads(get(connection, "/api/search", {"q": "", "facet_size": "0"}))["facets"]
    countries = [v["value"] for v in facets["country"]][:40]
    years = [v["value"] for v in facets["year"]][:40]
    return [str(c) for c in countries], [str(y) for y in years]


def print_rows(title: str, rows: list) -> None:
    print(f"\n{title}\n{'clients':>7}  {'system':28} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'q/s':>7}")
    for clients, name, count, figures, throughput in rows:
        print(f"{clients:>7}  {name:28} {count:4d} {figures['p50']:8.1f} {figures['p95']:8.1f} "
              f"{figures['p99']:8.1f} {throughput:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sift-bench/search"))
    parser.add_argument("--port", type=int, default=5091)
    parser.add_argument("--naive-server", nargs=2, metavar=("PORT", "GENERATION"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive_server:
        naive_server(int(args.naive_server[0]), args.naive_server[1])
        return

    from indexer.engines.whoosh import store

    db = fts5(args.corpus, args.work)  # before the servers, so its build is not in their run
    sift_port, naive_port = args.port, args.port + 1
    sift = subprocess.Popen([sys.executable, "-m", "webui.cli", "serve", "--index",
                             str(args.index), "--corpus", str(args.corpus), "--port",
                             str(sift_port)], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    generation = str(store.live_generation(args.index))
    naive = subprocess.Popen([sys.executable, __file__, "--index", str(args.index), "--corpus",
                              str(args.corpus), "--naive-server", str(naive_port), generation])
    rows, kinds = [], {}
    try:
        wait_for(sift_port, "/healthz")
        wait_for(naive_port, "/?q=peace")
        mix = query_mix(args.queries, *facet_values(sift_port))
        shared = [(kind, params) for kind, params in mix if for_baselines(params)]
        print(f"{len(mix)} queries ({len(shared)} for the baselines) on {args.index}, "
              f"live generation {Path(generation).name}")
        run_clients(sift_port, "/api/search", mix[:26], 2)  # warm-up: searchers opened
        for clients in (1, 2, 4):
            for name, port, path, queries in (
                    ("Sift API, all", sift_port, "/api/search", mix),
                    ("Sift HTML, all", sift_port, "/", mix),
                    ("Sift API, shared", sift_port, "/api/search", shared),
                    ("Sift HTML, shared", sift_port, "/", shared),
                    ("naive Whoosh, shared", naive_port, "/", shared)):
                timed, wall = run_clients(port, path, queries, clients)
                rows.append((clients, name, len(timed), summary([ms for _, ms in timed]),
                             len(timed) / wall))
                if clients == 1:
                    kinds[name] = timed
        sift_rss, naive_rss = rss_mb(sift.pid), rss_mb(naive.pid)
    finally:
        sift.terminate()
        naive.terminate()
        sift.wait(30)
        naive.wait(30)

    timed, started = [], time.perf_counter()
    for kind, params in shared:
        begun = time.perf_counter()
        fts5_query(db, params)
        timed.append((kind, 1000 * (time.perf_counter() - begun)))
    rows.append((1, "SQLite FTS5, shared", len(timed), summary([ms for _, ms in timed]),
                 len(timed) / (time.perf_counter() - started)))
    kinds["SQLite FTS5, shared"] = timed

    print_rows("Overall (shared = the queries the baselines can run too)", rows)
    for name in ("Sift API, all", "Sift HTML, all", "naive Whoosh, shared",
                 "SQLite FTS5, shared"):
        by_kind = defaultdict(list)
        for kind, ms in kinds[name]:
            by_kind[kind].append(ms)
        print_rows(f"Per kind, {name}, 1 client (q/s = 1000 / mean ms)",
                   [(1, kind, len(ms), summary(ms), 1000 / statistics.fmean(ms))
                    for kind, ms in by_kind.items()])

    by = {(clients, name): figures for clients, name, _, figures, _ in rows}
    print()
    for clients in (1, 2, 4):
        api, naive_f = by[clients, "Sift API, shared"], by[clients, "naive Whoosh, shared"]
        html, api_all = by[clients, "Sift HTML, all"], by[clients, "Sift API, all"]
        print(f"{clients} client(s): Sift API / naive Whoosh p50 "
              f"{api['p50'] / naive_f['p50']:.2f}x, p95 {api['p95'] / naive_f['p95']:.2f}x; "
              f"HTML / API (all) p50 "
              f"{html['p50'] / api_all['p50']:.2f}x, p95 {html['p95'] / api_all['p95']:.2f}x")
    fts = by[1, "SQLite FTS5, shared"]
    api = by[1, "Sift API, shared"]
    print(f"1 client: Sift API / SQLite FTS5 p50 {api['p50'] / fts['p50']:.2f}x, "
          f"p95 {api['p95'] / fts['p95']:.2f}x")
    print(f"memory after the run: Sift server {sift_rss:.0f} MB, naive Whoosh server "
          f"{naive_rss:.0f} MB (VmRSS, with children)")


if __name__ == "__main__":
    main()
