"""OpenSearch: the description a browser reads to add Sift as a search engine, and suggestions."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

OS = "{http://a9.com/-/spec/opensearch/1.1/}"


def description(client):
    response = client.get("/opensearch.xml", base_url="https://sift.example")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    assert response.cache_control.max_age
    return ET.fromstring(response.data)  # raises on XML that is not well formed


def test_description_is_valid_opensearch(client):
    root = description(client)
    assert root.tag == f"{OS}OpenSearchDescription"
    assert 0 < len(root.findtext(f"{OS}ShortName")) <= 16
    assert len(root.findtext(f"{OS}Description")) <= 1024
    assert root.findtext(f"{OS}InputEncoding") == "UTF-8"
    urls = {url.get("type"): url.get("template") for url in root.findall(f"{OS}Url")}
    html = urlsplit(urls["text/html"])
    assert (html.scheme, html.netloc) == ("https", "sift.example")
    assert html.query.endswith("q={searchTerms}")
    assert urls["application/x-suggestions+json"] == (
        "https://sift.example/api/suggest?q={searchTerms}")
    assert urls["application/opensearchdescription+xml"] == "https://sift.example/opensearch.xml"


def test_templates_answer(client):
    root = description(client)
    for url in root.findall(f"{OS}Url"):
        address = url.get("template").replace("{searchTerms}", "trafficking")
        response = client.get(address.removeprefix("https://sift.example"))
        assert response.status_code != 500, address
    suggestions = client.get("/api/suggest?q=trafficking")
    assert suggestions.status_code == 200


def suggest(client, q: str):
    response = client.get("/api/suggest", query_string={"q": q})
    assert response.status_code == 200
    assert response.mimetype == "application/x-suggestions+json"
    answer = json.loads(response.data)
    assert isinstance(answer, list) and len(answer) == 2
    assert answer[0] == q
    assert isinstance(answer[1], list) and all(isinstance(c, str) for c in answer[1])
    return answer[1]


def test_suggestions_format_and_content(client):
    completions = suggest(client, "traf")
    assert completions[0] == "trafficking"  # the commonest completion first
    assert 0 < len(completions) <= 8
    assert len(completions) == len(set(completions))
    # Earlier words stay as typed; the last is completed by what follows them in the archive.
    assert suggest(client, "forced l")[:2] == ["forced labor", "forced labour"]
    assert suggest(client, "Trade in mi")[0] == "Trade in minors"
    # Titles containing the words come after the words.
    lagos = suggest(client, "Lag")
    assert lagos[0] == "lagos" and "Police dismantle trafficking ring in Lagos" in lagos
    assert "торговля" in suggest(client, "торг")


def test_suggestions_for_nothing_useful_are_empty(client):
    assert suggest(client, "") == []
    assert suggest(client, "t") == []
    assert suggest(client, "zzzqqq") == []
    assert suggest(client, '"forced') == []
    assert suggest(client, "nosuchword tra") == []


def test_over_long_query_is_refused(client):
    response = client.get("/api/suggest", query_string={"q": "x" * 1001})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "query_too_long"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_any_text_gets_well_formed_suggestions(client, q):
    completions = suggest(client, q)
    assert len(completions) <= 8


def test_pages_link_to_the_description(client):
    doc_id = client.get("/api/search?q=trafficking").get_json()["results"][0]["id"]
    for path in ("/", "/?q=trafficking", f"/doc/{doc_id}", "/help", "/embed", "/embed?q=x"):
        html = client.get(path).get_data(as_text=True)
        assert 'rel="search" type="application/opensearchdescription+xml"' in html, path
        assert 'href="/opensearch.xml"' in html, path
