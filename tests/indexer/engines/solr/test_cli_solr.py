"""``sift index --engine solr`` and ``sift search --engine solr`` on the test cluster: the
collection is created with Sift's configset, and a search prints what the Whoosh engine prints
(the time taken aside)."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from indexer.cli import sift
from indexer.engines.solr import admin
from indexer.engines.solr.client import SolrClient

pytestmark = pytest.mark.slow  # a JVM cluster


@pytest.fixture(scope="module")
def collection(solr_cluster, shipped):
    name = f"cli_{os.getpid()}"
    env = {"SIFT_SOLR_URL": ",".join(solr_cluster["nodes"]), "SIFT_SOLR_COLLECTION": name}
    try:
        yield name, env, shipped
    finally:
        admin.delete_collection(SolrClient(solr_cluster["nodes"]), name)


def _shown(output: str, paths: set[str]) -> list[str]:
    """What a search printed, less the time taken and the snippets: the passages are each
    engine's own (Solr's highlighter cuts them by sentence), the rest must be the same."""
    lines = re.sub(r"\(\d+(\.\d+)? ms\)", "(… ms)", output).splitlines()
    snippets = {number - 1 for number, line in enumerate(lines) if line.strip() in paths}
    return [line for number, line in enumerate(lines) if number not in snippets]


def test_index_creates_the_collection_and_search_prints_as_whoosh(collection):
    name, env, shipped = collection
    runner = CliRunner()
    indexed = runner.invoke(sift, ["index", "--engine", "solr", "--corpus",
                                   str(shipped.corpus_dir), "--json", "--replicas", "1"],
                            env=env)
    assert indexed.exit_code == 0, indexed.output
    summary = json.loads(indexed.stdout.splitlines()[-1])
    assert summary["documents"] == summary["added"] == 5 and summary["skipped"] == []
    paths = {path.name for path in shipped.corpus_dir.glob("*.txt")}

    for args in (['"forced labour"', "--filter", "country=Qatar"],
                 ["--sort", "oldest", "--per-page", "3"],
                 # (not a year range: Whoosh's answer lists its "TO" as a word no document has)
                 ["kind:statement OR kind:briefing", "--page", "2", "--per-page", "1"],
                 ["trafficking", "--sort", "newest"]):
        whoosh = runner.invoke(sift, ["search", "--index", str(shipped.index_dir), *args])
        solr = runner.invoke(sift, ["search", "--engine", "solr", *args], env=env)
        assert solr.exit_code == whoosh.exit_code == 0, solr.output
        assert _shown(solr.output, paths) == _shown(whoosh.output, paths), args
        assert len(_shown(solr.output, paths)) > 3


def test_search_without_a_url_is_an_error(collection):
    result = CliRunner().invoke(sift, ["search", "--engine", "solr", "x"],
                                env={"SIFT_SOLR_URL": ""})
    assert result.exit_code == 1
    assert "--solr-url" in result.output


def test_a_bad_query_is_refused_as_on_whoosh(collection):
    name, env, _ = collection
    result = CliRunner().invoke(sift, ["search", "--engine", "solr", "year:[2017"], env=env)
    assert result.exit_code == 1
    assert "a range is not closed" in result.output


def test_export_writes_every_result_as_on_whoosh(collection):
    """``sift search --format jsonl --engine solr``: the same documents with the same fields
    as the Whoosh engine's export (after the provenance line; snippets and scores aside)."""
    name, env, shipped = collection
    runner = CliRunner()
    runner.invoke(sift, ["index", "--engine", "solr", "--corpus", str(shipped.corpus_dir),
                         "--replicas", "1"], env=env)
    args = ["search", "trafficking", "--format", "jsonl"]
    whoosh = runner.invoke(sift, [*args, "--index", str(shipped.index_dir)])
    solr = runner.invoke(sift, [*args, "--engine", "solr"], env=env)
    assert solr.exit_code == whoosh.exit_code == 0, solr.output

    def rows(output: str) -> dict[str, dict]:
        lines = [json.loads(line) for line in output.splitlines() if line.strip()]
        found = {}
        for row in lines[1:]:
            assert row.get("snippet") is not None
            found[row["id"]] = {k: v for k, v in row.items() if k not in ("snippet", "score")}
        return found

    assert rows(solr.output) == rows(whoosh.output) != {}
