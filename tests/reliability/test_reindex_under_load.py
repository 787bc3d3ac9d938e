"""Zero-downtime reindex: a real ``sift serve`` (waitress) answering four clients for a minute
while incremental and full reindexes of real UN speeches run beside it, the files changing
between them. No request fails, and every answer is right: its total and facet counts equal a
fresh search of the index version that answered (``build_id``), worked out when that version
was committed and nothing else was changing."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest

from indexer.engines.whoosh.search import Archive
from indexer.service import request_from_params

REPO = Path(__file__).resolve().parents[2]
CLIENTS = 4
LOAD_SECONDS = 60
QUERIES = [
    {"q": ""},
    {"q": "climate change"},
    {"q": '"sustainable development"', "facet_size": "0"},
    {"q": "peace -war", "sort": "newest"},
    {"q": "zanzibarian OR security", "page": "2"},
    {"q": "refugees", "year": "2015"},
]


@dataclass
class Answer:
    query: int  # index into QUERIES
    status: int
    build_id: str = ""
    total: int = -1
    facets: dict | None = None


def sift(*args: str) -> list[str]:
    return [sys.executable, "-m", "webui.cli", *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def counts(answer: dict) -> dict:
    return {name: [(row["value"], row["count"]) for row in rows]
            for name, rows in answer["facets"].items()}


def truth(index: Path) -> tuple[str, list[tuple[int, dict]]]:
    """The live version's build id, and each query's total and facet counts from a fresh
    Archive (what a fresh ``sift search`` gives)."""
    archive = Archive(index)
    answers = [archive.search(request_from_params(parse_qs(urlencode(params),
                                                           keep_blank_values=True)))
               for params in QUERIES]
    build_ids = {answer["build_id"] for answer in answers}
    assert len(build_ids) == 1, "the index changed while its truth was worked out"
    archive.close()
    return build_ids.pop(), [(answer["total"], counts(answer)) for answer in answers]


def change(corpus: Path, spare: list[Path], step: int) -> None:
    """Add three speeches, rewrite three (one with a new word) and delete three."""
    present = sorted(corpus.rglob("*.txt"))
    for path in spare[3 * step:3 * step + 3]:
        target = corpus / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy2(path, target)
    for offset, path in enumerate(present[step * 7:step * 7 + 3]):
        remark = f"\n\nA zanzibarian remark {step}.{offset}.\n"
        path.write_text(path.read_text(encoding="utf-8") + remark, encoding="utf-8")
    for path in present[-3 - 3 * step:len(present) - 3 * step]:
        path.unlink()


@pytest.mark.slow
def test_reindexes_under_load_fail_no_request_and_give_no_wrong_answer(un_corpus, tmp_path):
    files = sorted(un_corpus.rglob("*.txt"))
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    for path in files[::2]:
        target = corpus / path.relative_to(un_corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    spare = files[1::2]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    where = ["--corpus", str(corpus), "--index", str(index)]
    subprocess.run(sift("index", *where, "--quiet"), check=True, env=env)
    truths = dict([truth(index)])

    port = free_port()
    server = subprocess.Popen(sift("serve", *where, "--port", str(port), "--threads", "4"),
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    answers: list[Answer] = []
    failures: list[str] = []
    stop = threading.Event()

    def client(number: int) -> None:
        turn = number
        while not stop.is_set():
            query = turn % len(QUERIES)
            turn += 1
            url = f"{base}/api/search?{urlencode(QUERIES[query])}"
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    body = json.load(response)
                answers.append(Answer(query, response.status, body["build_id"], body["total"],
                                      counts(body)))
            except urllib.error.HTTPError as error:
                failures.append(f"{url}: HTTP {error.code} {error.read()[:200]!r}")
            except OSError as error:
                failures.append(f"{url}: {error}")

    try:
        deadline = time.monotonic() + 60
        while True:  # the server is up once it answers
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "sift serve did not start"
                time.sleep(0.2)
        clients = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in clients:
            thread.start()
        started = time.monotonic()
        runs = []
        step = 0
        while time.monotonic() - started < LOAD_SECONDS:
            time.sleep(2)
            change(corpus, spare, step)
            full = step % 3 == 2
            subprocess.run(sift("index", *where, "--quiet", *(["--full"] if full else [])),
                           check=True, env=env)
            build_id, expected = truth(index)
            truths[build_id] = expected
            runs.append("full" if full else "incremental")
            step += 1
        time.sleep(2)  # the last version serves a little while too
        stop.set()
        for thread in clients:
            thread.join(60)
    finally:
        stop.set()
        server.terminate()
        server.wait(30)

    served = {answer.build_id for answer in answers}
    wrong = [answer for answer in answers
             if answer.build_id not in truths
             or (answer.total, answer.facets) != truths[answer.build_id][answer.query]]
    print(f"{len(answers)} answers from {len(served)} index versions, {len(runs)} reindexes "
          f"({runs.count('full')} full), {len(failures)} failed, {len(wrong)} wrong")
    assert "full" in runs and "incremental" in runs
    assert not failures, failures[:5]
    assert not wrong, [(QUERIES[a.query], a.build_id, a.total) for a in wrong[:5]]
    assert len(served) >= 3, "the clients should have been answered by several index versions"
    assert len(answers) > 200
