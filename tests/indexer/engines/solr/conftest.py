"""A real SolrCloud for the tests: the launcher in solr-harness/ (Solr's MiniSolrCloudCluster,
2 nodes, embedded ZooKeeper, collection "sift" of 2 shards x 2 replicas), started once per session.

Skips with a reason when Java or Maven is missing on a developer's machine; fails in CI (CI=true),
where `.ci/run` builds the harness, so a cluster that cannot start is never silently skipped there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from functools import partial
from pathlib import Path

import pytest

from indexer.engines.solr.schema import CONF

HARNESS = Path(__file__).resolve().parents[4] / "solr-harness"
LAUNCHER = HARNESS / "target" / "classes" / "sift" / "Cluster.class"
START_TIMEOUT = 180  # seconds: a cold JVM on a busy 2-core machine; a warm start takes ~6 s


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the Solr test cluster cannot run in CI: {reason}")
    pytest.skip(reason)


def cluster_command(state: Path | str, nodes: int = 2, harness: Path | str = HARNESS,
                    conf: Path | str = CONF, quit_at_end_of_input: bool = True) -> list[str]:
    """The command that runs the cluster in the foreground: the README's (test_readme_cluster
    holds them equal), and in the tests one that quits when the test run's end of the pipe
    closes, so that a run killed outright leaves no cluster behind."""
    return [
        "java", "-Xmx512m", "-Dsolr.alwaysOnTraceId=false",
        *(["-Dsift.quitAtEndOfInput=true"] if quit_at_end_of_input else []),
        "-cp", f"{Path(harness) / 'target' / 'classes'}{os.pathsep}"
               f"{Path(harness) / 'target' / 'lib' / '*'}",
        "sift.Cluster", str(state), str(conf), str(nodes),
    ]


def _build() -> None:
    sources = [*HARNESS.joinpath("src").rglob("*.java"), HARNESS / "pom.xml"]
    if LAUNCHER.exists() and all(p.stat().st_mtime <= LAUNCHER.stat().st_mtime for p in sources):
        return
    if shutil.which("mvn") is None:
        _unavailable("Maven (mvn) is not installed: cannot build solr-harness/")
    done = subprocess.run(
        ["mvn", "-q", "-B", "package"], cwd=HARNESS, capture_output=True, text=True
    )
    if done.returncode != 0:
        _unavailable(f"building solr-harness/ failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")


def _send(process, state: Path, line: str, running: list[bool]) -> None:
    """Sends a stop/start command to the cluster and waits until the state file shows which
    nodes run after it."""
    process.stdin.write(line + "\n")
    process.stdin.flush()
    deadline = time.monotonic() + 120
    while json.loads(state.read_text())["running"] != running:
        assert time.monotonic() < deadline, f"{line!r} had no effect"
        time.sleep(0.25)


@pytest.fixture(scope="session")
def solr_cluster(tmp_path_factory):
    """The running cluster's state: {"nodes": [base URLs], "zk": ..., "collection": "sift", ...}."""
    if shutil.which("java") is None:
        _unavailable("Java is not installed: the Solr test cluster needs Java 17")
    _build()
    workdir = tmp_path_factory.mktemp("solr")
    state = workdir / "state.json"
    log = (workdir / "cluster.log").open("w")
    process = subprocess.Popen(
        cluster_command(state),
        stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not state.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (workdir / "cluster.log").read_text(errors="replace")[-4000:]
                _unavailable(f"the Solr test cluster did not start:\n{tail}")
            time.sleep(0.25)
        cluster = json.loads(state.read_text())
        cluster["state"] = state
        cluster["process"] = process
        cluster["send"] = partial(_send, process, state)  # cluster["send"]("stop 0", [False, True])
        yield cluster
    finally:
        if process.poll() is None:
            try:
                process.stdin.write("quit\n")
                process.stdin.flush()
                process.wait(timeout=60)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                process.terminate()
                process.wait(timeout=30)
        log.close()
