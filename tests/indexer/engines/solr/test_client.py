"""The Solr client against a stand-in HTTP server (no cluster): credentials from the environment
only, an unreachable node passed over, Solr's own error message kept."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from indexer.engines.solr.client import SolrClient, SolrError


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.seen.append({"path": self.path, "auth": self.headers.get("Authorization")})
        if "/broken/" in self.path:
            body = json.dumps({"error": {"msg": "undefined field nosuch", "code": 400}})
            self.send_response(400)
        else:
            body = json.dumps({"response": {"numFound": 3}})
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen.clear()
    yield f"http://127.0.0.1:{httpd.server_port}/solr"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_credentials_come_from_the_environment(server, monkeypatch):
    monkeypatch.setenv("SIFT_SOLR_USER", "sift")
    monkeypatch.setenv("SIFT_SOLR_PASSWORD", "s3cret")
    client = SolrClient.from_url(server)
    assert client.get("sift/select", [("q", "*:*")])["response"]["numFound"] == 3
    assert _Handler.seen[-1]["auth"] == "Basic c2lmdDpzM2NyZXQ="  # sift:s3cret
    assert "s3cret" not in repr(client)


def test_no_credentials_no_header(server, monkeypatch):
    monkeypatch.delenv("SIFT_SOLR_USER", raising=False)
    SolrClient.from_url(server).get("sift/select")
    assert _Handler.seen[-1]["auth"] is None


def test_an_unreachable_node_is_passed_over(server):
    client = SolrClient.from_url(f"http://127.0.0.1:{_closed_port()}/solr, {server}",
                                 timeout=5)
    assert client.get("sift/select")["response"]["numFound"] == 3


def test_solrs_error_is_an_answer_not_retried(server):
    client = SolrClient.from_url(f"{server},{server}")
    with pytest.raises(SolrError, match="undefined field nosuch") as raised:
        client.get("broken/select")
    assert raised.value.status == 400
    assert len(_Handler.seen) == 1


def test_no_node_answering_says_so():
    client = SolrClient.from_url(f"http://127.0.0.1:{_closed_port()}/solr", timeout=5)
    with pytest.raises(SolrError, match="no Solr node answered"):
        client.get("sift/select")
