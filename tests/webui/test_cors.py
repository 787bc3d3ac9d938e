"""CORS on the API for the embedded search box, and the API's cache headers."""

from __future__ import annotations

import pytest

from webui import create_app
from webui.embed import parse_origins

PARTNER = "https://ngo.example"


def restricted_client(sample, origins: str):
    return create_app({
        "TESTING": True,
        "SIFT_INDEX": str(sample.index_dir),
        "SIFT_CORPUS": str(sample.corpus_dir),
        "SIFT_EMBED_ORIGINS": origins,
    }).test_client()


def preflight(client, origin: str, path: str = "/api/search?q=trafficking"):
    return client.options(path, headers={
        "Origin": origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "content-type",
    })


def test_public_api_allows_any_origin_without_credentials(client):
    response = client.get("/api/search?q=trafficking", headers={"Origin": PARTNER})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Origin" in response.vary
    # Every answer says "*", with or without an Origin, so a cached copy serves every site.
    assert client.get("/api/search?q=x").headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/suggest?q=tra", headers={"Origin": PARTNER}).headers[
        "Access-Control-Allow-Origin"] == "*"


def test_preflight_is_answered_without_running_the_view(client):
    response = preflight(client, PARTNER)
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert int(response.headers["Access-Control-Max-Age"]) >= 600


def test_errors_carry_cors_headers_too(client):
    # The box shows the server's message for a query it cannot parse: it must be readable.
    response = client.get('/api/search?q="open', headers={"Origin": PARTNER})
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_listed_origins_only(sample):
    client = restricted_client(sample, f"{PARTNER}, https://*.ministry.example\thttp://127.0.0.1:8080/")
    for origin in (PARTNER, "https://www.ministry.example", "http://127.0.0.1:8080"):
        response = client.get("/api/search?q=trafficking", headers={"Origin": origin})
        assert response.headers["Access-Control-Allow-Origin"] == origin
        assert "Origin" in response.vary
        assert preflight(client, origin).headers["Access-Control-Allow-Origin"] == origin
    for origin in ("https://evil.example", "https://ngo.example.evil.example",
                   "https://ministry.example.evil", "http://ngo.example"):
        response = client.get("/api/search?q=trafficking", headers={"Origin": origin})
        assert response.status_code == 200  # answered, but a browser will not hand it over
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Origin" in response.vary
        assert "Access-Control-Allow-Origin" not in preflight(client, origin).headers
    # No Origin (a same-site page, curl): no CORS header, and never a list of several.
    assert "Access-Control-Allow-Origin" not in client.get("/api/search").headers


def test_cors_stays_on_the_api_and_the_script(client):
    for path in ("/embed?q=trafficking", "/opensearch.xml"):
        response = client.get(path, headers={"Origin": PARTNER})
        assert "Access-Control-Allow-Origin" not in response.headers, path
    # embed.js may be loaded with crossorigin="anonymous" (for subresource integrity).
    assert client.get("/embed.js", headers={"Origin": PARTNER}).headers[
        "Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("value, expected", [
    ("", ["*"]),
    ("*", ["*"]),
    ("https://a.example *", ["*"]),
    ("https://a.example/, http://b.example:8080", ["https://a.example", "http://b.example:8080"]),
    ("https://*.gov.example", ["https://*.gov.example"]),
    ("http://[::1]:5000", ["http://[::1]:5000"]),
])
def test_origins_setting(value, expected):
    assert parse_origins(value) == expected


@pytest.mark.parametrize("value", [
    "ngo.example",
    "https://ngo.example/path",
    "https://ngo.example; script-src *",
    "'self'",
    "javascript:alert(1)",
    "https://ngo.example'",
])
def test_bad_origins_stop_the_server(sample, value):
    with pytest.raises(ValueError, match="SIFT_EMBED_ORIGINS"):
        restricted_client(sample, value)


def test_api_answers_are_briefly_cacheable(client):
    for path in ("/api/search?q=trafficking", "/api/suggest?q=traf", "/api/documents/nope",
                 '/api/search?q="open'):
        response = client.get(path)
        assert response.cache_control.public, path
        assert 0 < response.cache_control.max_age <= 300, path
        assert "Origin" in response.vary, path


def test_unavailable_index_is_not_cached(tmp_path):
    client = create_app({"TESTING": True, "SIFT_INDEX": str(tmp_path / "none")}).test_client()
    response = client.get("/api/search?q=trafficking", headers={"Origin": PARTNER})
    assert response.status_code == 503
    assert response.cache_control.no_store
    assert response.headers["Access-Control-Allow-Origin"] == "*"
