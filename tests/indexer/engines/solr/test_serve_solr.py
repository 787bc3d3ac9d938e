"""``sift serve --engine solr``: the web UI and the JSON API answered from a Solr collection.
waitress is replaced by a stand-in that keeps the app, which is then driven by Flask's client."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from indexer.cli import sift
from indexer.config import Settings
from indexer.engines.solr import admin
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.engines.solr.ingest import index_corpus
from indexer.service import request_from_params

pytestmark = pytest.mark.slow  # a JVM cluster


@pytest.fixture(scope="module")
def served(solr_cluster, sample, tmp_path_factory):
    """The app ``sift serve --engine solr`` builds, over the sample corpus in its collection."""
    import waitress

    client = SolrClient(solr_cluster["nodes"])
    name = f"serve_{os.getpid()}"
    admin.ensure_collection(client, name, shards=2, replicas=1)
    index_corpus(Settings(sample.corpus_dir, sample.index_dir), SolrEngine(client, name))
    kept = {}
    original = waitress.serve
    waitress.serve = lambda app, **options: kept.update(app=app, **options)
    try:
        # No Whoosh index at all: the Solr engine must not need one.
        result = CliRunner().invoke(sift, [
            "serve", "--engine", "solr", "--corpus", str(sample.corpus_dir),
            "--index", str(tmp_path_factory.mktemp("no-index") / "index"),
        ], env={"SIFT_SOLR_URL": ",".join(solr_cluster["nodes"]),
                "SIFT_SOLR_COLLECTION": name})
        assert result.exit_code == 0, result.output
        yield kept["app"].test_client()
    finally:
        waitress.serve = original
        admin.delete_collection(client, name)


def test_the_api_searches_the_collection(served, archive):
    answer = served.get("/api/search?q=trafficking&country=qatar").json
    whoosh = archive.search(request_from_params({"q": ["trafficking"], "country": ["qatar"]}))
    assert answer["ok"] and answer["total"] == whoosh["total"] > 0
    assert answer["facets"] == whoosh["facets"]
    hit = answer["results"][0]
    assert hit["url"] == f"/doc/{hit['id']}" and hit["duplicates"] == []


def test_a_document_with_its_matches_and_similar_documents(served):
    first = served.get("/api/search?q=trafficking").json["results"][0]
    record = served.get(f"/api/documents/{first['id']}?q=trafficking").json
    assert record["ok"] and record["matches"] > 0
    assert record["similar"] and all(item["id"] != first["id"] for item in record["similar"])
    assert served.get("/api/documents/no-such-id").status_code == 404


def test_pages_and_health_answer(served):
    assert served.get("/?q=trafficking").status_code == 200
    first = served.get("/api/search?q=trafficking").json["results"][0]
    page = served.get(f"/doc/{first['id']}?q=trafficking")
    assert page.status_code == 200 and b"<mark>" in page.data
    health = served.get("/healthz").json
    assert health["ok"] and health["engine"] == "solr" and health["documents"] > 0
