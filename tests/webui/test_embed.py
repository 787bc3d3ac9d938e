"""The embeddable box's server side: embed.js, the /embed iframe page, links to the HTML pages."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from webui import create_app

SCRIPT = Path(__file__).resolve().parents[2] / "webui" / "static" / "embed.js"


def embed_app(sample, **config):
    return create_app({
        "TESTING": True,
        "SIFT_INDEX": str(sample.index_dir),
        "SIFT_CORPUS": str(sample.corpus_dir),
        **config,
    })


def csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


# -- embed.js ------------------------------------------------------------------------------------


def test_script_is_small_and_cached_with_a_validator(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert len(response.data) < 40 * 1024
    assert response.headers["ETag"]
    assert response.cache_control.public and 0 < response.cache_control.max_age <= 3600
    again = client.get("/embed.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_script_never_turns_text_into_code_or_markup():
    source = SCRIPT.read_text(encoding="utf-8")
    for forbidden in ("eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML",
                      "document.write", "setTimeout(\"", "import("):
        assert forbidden not in source, forbidden
    # It finds the server from its own address and asks with plain GETs (no custom headers).
    assert "document.currentScript" in source
    assert "headers:" not in source and "method:" not in source
    assert 'customElements.define("sift-search"' in source
    assert 'attachShadow({ mode: "open" })' in source


# -- links to the HTML pages ---------------------------------------------------------------------


def test_api_results_link_to_the_html_pages(client):
    answer = client.get("/api/search?q=trafficking&country=Belarus&per_page=2&facet_size=1",
                        base_url="https://sift.example").get_json()
    for hit in answer["results"]:
        assert hit["page_url"] == f"https://sift.example/doc/{hit['id']}"
    page = urlsplit(answer["page_url"])
    assert (page.scheme, page.netloc) == ("https", "sift.example")
    # The full results page gets the query and filters, not the box's paging.
    assert parse_qs(page.query) == {"q": ["trafficking"], "country": ["Belarus"]}


# -- the iframe page -----------------------------------------------------------------------------


def test_frame_shows_results_with_fixed_filters(client):
    response = client.get("/embed?q=trafficking&country=Belarus&results=2")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="title"') == 2
    assert "<mark>" in html
    links = re.findall(r'<a class="title" href="([^"]+)" target="_blank" rel="noopener">', html)
    assert len(links) == 2 and all(link.startswith("http://localhost/doc/") for link in links)
    # The filter stays fixed from search to search, and every result has it.
    assert '<input type="hidden" name="country" value="Belarus">' in html
    assert '<input type="hidden" name="results" value="2">' in html
    total = client.get("/api/search?q=trafficking&country=Belarus").get_json()["total"]
    assert f"2 of {total} results" in html
    assert f"See all {total} results" in html
    # When every result is shown, the count says just how many.
    everything = client.get("/embed?q=trafficking&country=Belarus&results=20").get_data(True)
    assert f'role="status">{total} results</p>' in everything


def test_frame_may_be_framed_by_the_embed_origins_only(client, sample):
    response = client.get("/embed")
    assert csp(response)["frame-ancestors"] == "*"
    restricted = embed_app(sample, SIFT_EMBED_ORIGINS="https://ngo.example https://*.gov.example")
    policy = csp(restricted.test_client().get("/embed?q=trafficking"))
    assert policy["frame-ancestors"] == "'self' https://ngo.example https://*.gov.example"
    assert policy["default-src"] == "'none'"


def test_other_responses_do_not_get_the_frame_policy(sample):
    client = embed_app(sample, SIFT_EMBED_ORIGINS="https://ngo.example").test_client()
    for path in ("/api/search?q=x", "/embed.js", "/opensearch.xml", "/api/suggest?q=tr"):
        policy = client.get(path).headers.get("Content-Security-Policy", "")
        assert "ngo.example" not in policy, path


def test_frame_style_sheet_is_allowed_by_its_hash(client):
    for query in ("", "?theme=dark&accent=%23c0ffee&lang=ru"):
        response = client.get(f"/embed{query}")
        html = response.get_data(as_text=True)
        (css,) = re.findall(r"<style>(.*?)</style>", html, re.S)
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert csp(response)["style-src"] == f"'sha256-{digest}'"
        assert "<script" not in html


def test_frame_parameters_cannot_inject(client):
    response = client.get("/embed", query_string={
        "q": '<script>alert(1)</script>', "accent": "red;}body{display:none",
        "theme": '"><script>', "placeholder": '"><img src=x onerror=alert(1)>',
        "target": "javascript:alert(1)", "results": "999999999",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>" not in html and "<img" not in html and "display:none" not in html
    assert 'data-theme="auto"' in html and 'name="theme"' not in html
    assert "javascript:" not in html and 'target="_blank"' in html
    assert '<input type="hidden" name="results" value="20">' in html


def test_frame_messages(client, tmp_path):
    html = client.get("/embed?q=zzzqqqxxx").get_data(as_text=True)
    assert "No results for “zzzqqqxxx”." in html
    html = client.get('/embed?q="open').get_data(as_text=True)
    assert "quotation mark" in html
    html = client.get("/embed?q=торговля&lang=ru").get_data(as_text=True)
    assert 'lang="ru"' in html and "Все результаты" in html
    down = create_app({"TESTING": True, "SIFT_INDEX": str(tmp_path / "none")}).test_client()
    response = down.get("/embed?q=trafficking")
    assert response.status_code == 503
    assert "Search is unavailable right now" in response.get_data(as_text=True)
    assert response.cache_control.no_store


def test_frame_without_query_is_just_the_box(client):
    html = client.get("/embed").get_data(as_text=True)
    assert 'name="q"' in html and 'class="results"' not in html
    assert 'rel="search" type="application/opensearchdescription+xml"' in html


def test_frame_results_count_is_bounded(client):
    total = client.get("/api/search?q=trafficking").get_json()["total"]
    assert 5 < total < 20
    for raw, shown in (("0", 1), ("3", 3), ("x", 5), ("-2", 5), ("٣", 5), ("1" * 5000, total)):
        response = client.get("/embed", query_string={"q": "trafficking", "results": raw})
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert html.count('class="title"') == shown, raw[:8]
