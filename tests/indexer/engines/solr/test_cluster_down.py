"""``sift serve --engine solr`` with no Solr node answering (no cluster needed): the web app
says the index cannot be served (503), as for a Whoosh index that will not open; it does not
crash."""

from __future__ import annotations

import socket

import pytest

from indexer.engines.solr.archive import SolrArchive
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.service import IndexUnavailable, SearchRequest


@pytest.fixture
def nowhere(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = SolrClient([f"http://127.0.0.1:{port}/solr"], timeout=5)
    return SolrArchive(SolrEngine(client, "sift"))


def test_every_call_says_the_index_is_unavailable(nowhere):
    for call in (lambda: nowhere.search(SearchRequest(q="x")), lambda: nowhere.document("a"),
                 lambda: nowhere.suggest("tra"), nowhere.health,
                 lambda: nowhere.latest(SearchRequest()), lambda: nowhere.path_of("a")):
        with pytest.raises(IndexUnavailable, match="no Solr node answered"):
            call()


def test_the_web_app_answers_503(nowhere, tmp_path):
    from webui import create_app

    app = create_app({"TESTING": True, "SIFT_INDEX": str(tmp_path / "index"),
                      "SIFT_CORPUS": str(tmp_path)}, archive=nowhere)
    client = app.test_client()
    assert client.get("/api/search?q=trafficking").status_code == 503
    assert client.get("/healthz").status_code == 503
    assert client.get("/?q=trafficking").status_code == 503
