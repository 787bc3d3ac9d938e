"""One Solr node stopped under a steady search load through ``sift serve --engine solr`` (the
command itself, on loopback, given both nodes' URLs): searches keep being answered from the
replicas. Requests that fail before the cluster has noticed the node gone are
counted and reported; after it has noticed, and after the node's return, none may fail."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.engines.solr import admin
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.engines.solr.ingest import index_corpus
from indexer.service import SearchRequest

pytestmark = pytest.mark.slow  # a JVM cluster; stops and restarts one of its nodes

REPO = Path(__file__).resolve().parents[4]
LOAD_THREADS = 2
PAUSE = 0.02  # between one thread's requests: a steady, bounded load


def _live_nodes(client: SolrClient) -> int:
    status = client.get("admin/collections", [("action", "CLUSTERSTATUS")])
    return len(status["cluster"]["live_nodes"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(corpus, nodes: list[str], collection: str, log: Path) -> tuple[subprocess.Popen, str]:
    """``sift serve --engine solr`` as a user runs it (the environment naming the cluster);
    its base URL once it answers. Its output goes to ``log``."""
    port = _free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "webui.cli", "serve", "--engine", "solr", "--port", str(port),
             "--corpus", str(corpus)], cwd=REPO, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(REPO), "SIFT_SOLR_URL": ",".join(nodes),
                 "SIFT_SOLR_COLLECTION": collection})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"sift serve --engine solr did not start:\n{log.read_text()}")
            time.sleep(0.2)


def _wait_for_live_nodes(client: SolrClient, count: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while _live_nodes(client) != count:
        assert time.monotonic() < deadline, f"the cluster never had {count} live node(s)"
        time.sleep(0.1)


@pytest.fixture
def collection(solr_cluster, sample):
    """A collection of the sample documents, deleted after."""
    client = SolrClient(list(solr_cluster["nodes"]), timeout=10)
    name = f"fault_{os.getpid()}"
    admin.ensure_collection(client, name, shards=2, replicas=2)
    try:
        index_corpus(Settings(sample.corpus_dir, sample.index_dir), SolrEngine(client, name))
        yield name
    finally:
        admin.delete_collection(client, name)


@pytest.fixture
def served(solr_cluster, sample, collection, tmp_path):
    """The base URL of ``sift serve --engine solr`` on the collection, stopped after."""
    server, base = _serve(sample.corpus_dir, solr_cluster["nodes"], collection,
                          tmp_path / "serve.log")
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_searches_survive_a_stopped_node_and_its_return(solr_cluster, collection, served):
    nodes = solr_cluster["nodes"]
    engine = SolrEngine(SolrClient(list(nodes), timeout=10), collection)
    expected = engine.search(SearchRequest(q="trafficking"))["total"]
    url = f"{served}/api/search?q=trafficking"

    outcomes: list[tuple[float, bool]] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    ok = json.load(response)["total"] == expected
            except Exception:  # noqa: BLE001 - any failure is what is counted
                ok = False
            outcomes.append((time.monotonic(), ok))
            time.sleep(PAUSE)

    loaders = [threading.Thread(target=load) for _ in range(LOAD_THREADS)]
    for thread in loaders:
        thread.start()
    try:
        time.sleep(2)
        stopped = time.monotonic()
        solr_cluster["send"]("stop 0", [False, True])
        survivor = SolrClient([nodes[1]])
        _wait_for_live_nodes(survivor, 1)
        noticed = time.monotonic()
        time.sleep(4)
        restarting = time.monotonic()
        solr_cluster["send"]("start 0", [True, True])
        _wait_for_live_nodes(survivor, 2)
        time.sleep(4)
    finally:
        stop.set()
        for thread in loaders:
            thread.join()
        if json.loads(solr_cluster["state"].read_text())["running"] != [True, True]:
            solr_cluster["send"]("start", [True, True])

    before = [ok for at, ok in outcomes if at < stopped]
    failover = [ok for at, ok in outcomes if stopped <= at < noticed]
    down = [ok for at, ok in outcomes if noticed <= at < restarting]
    back = [ok for at, ok in outcomes if at >= restarting]
    print(f"\nrequests (failed): before {len(before)} ({before.count(False)}), "
          f"until the cluster noticed {len(failover)} ({failover.count(False)}, "
          f"{noticed - stopped:.1f} s), node down {len(down)} ({down.count(False)}), "
          f"node back {len(back)} ({back.count(False)})")
    assert before and all(before)
    assert len(down) > 20 and all(down)
    assert len(back) > 20 and all(back)
