"""The README's one command that starts the test cluster (after ``<!-- solr-cluster -->``) is
the one the tests run, and it runs until killed even with nothing on its standard input (in the
background from a script, or with input from /dev/null)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.indexer.engines.solr.conftest import START_TIMEOUT, _build, _unavailable, cluster_command

REPO = Path(__file__).resolve().parents[4]


def readme_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- solr-cluster -->\s*```[a-z]*\n(.*?)```", readme, re.S)
    assert block, "no code block after <!-- solr-cluster --> in the README"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 1, "the README shows one command"
    return lines[0]


def test_the_readme_shows_the_command_the_tests_run():
    assert shlex.split(readme_command()) == cluster_command(
        "STATE", harness="solr-harness", conf="indexer/engines/solr/configset/conf",
        quit_at_end_of_input=False)


@pytest.mark.slow
def test_the_readme_command_runs_until_killed_without_input(tmp_path):
    if shutil.which("java") is None:
        _unavailable("Java is not installed: the Solr test cluster needs Java 17")
    _build()
    state = tmp_path / "state.json"
    command = readme_command().replace("STATE", str(state))
    process = subprocess.Popen(command, shell=True, cwd=REPO, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not state.exists():
            assert process.poll() is None, "the cluster stopped before it was ready"
            assert time.monotonic() < deadline, "the cluster did not start"
            time.sleep(0.25)
        nodes = json.loads(state.read_text())["nodes"]
        assert len(nodes) == 2
        time.sleep(3)  # its input ended long ago
        assert process.poll() is None and state.exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the shell and the JVM it started
        process.wait(timeout=60)
    deadline = time.monotonic() + 60
    while state.exists():  # stopped cleanly: its shutdown removes the state file
        assert time.monotonic() < deadline, "the cluster did not stop on SIGTERM"
        time.sleep(0.25)
