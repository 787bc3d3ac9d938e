"""Near-duplicates as a reader and a program see them: one entry per statement, "also published
by BelTA, 2 days later", a switch to list them all, and the document page's list."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from indexer.engines.whoosh import build

BRIEFING = "2018-07-30-briefing-world-day-against-trafficking.txt"


@pytest.fixture
def client(corpus_copy):
    """The shipped corpus with the Belarus briefing republished by BelTA two days later."""
    from webui import create_app

    corpus = corpus_copy.corpus_dir
    text = (corpus / BRIEFING).read_text()
    lines = [line for line in text.splitlines() if line.strip()]
    (corpus / "belta-briefing.txt").write_text(
        "BelTA\nHome | Politics | Economy | Society\n\n"
        "Belarus marks World Day against Trafficking\n\n" + "\n\n".join(lines[2:]) + "\n")
    with open(corpus / "metadata.toml", "a") as metadata:
        metadata.write('\n["belta-briefing.txt"]\nsource = "BelTA"\ndate = 2018-08-01\n')
    build.reindex(corpus_copy)
    app = create_app({"TESTING": True, "SIFT_INDEX": str(corpus_copy.index_dir),
                      "SIFT_CORPUS": str(corpus)})
    return app.test_client()


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(urljoin("/", url))  # result links are relative to "/"
    assert response.status_code == 200
    return BeautifulSoup(response.data, "lxml")


def test_api_shows_one_entry_per_group_with_its_duplicates(client):
    folded = client.get("/api/search?q=briefing").get_json()
    everything = client.get("/api/search?q=briefing&show_duplicates=1").get_json()
    assert folded["total"] == everything["total"] == everything["entries"] == folded["entries"] + 1
    assert folded["facets"] == everything["facets"]
    paths = [hit["path"] for hit in folded["results"]]
    assert BRIEFING in paths and "belta-briefing.txt" not in paths
    shown = folded["results"][paths.index(BRIEFING)]
    assert [(d["source"], d["date"]) for d in shown["duplicates"]] == [("BelTA", "2018-08-01")]
    assert set(shown["duplicates"][0]) >= {"id", "url", "title", "source", "date"}
    alone = [hit for hit in folded["results"] if hit["path"] != BRIEFING]
    assert all(hit["duplicates"] == [] for hit in alone)
    both = {hit["path"] for hit in everything["results"]}
    assert {BRIEFING, "belta-briefing.txt"} <= both
    assert client.get("/api/search?show_duplicates=yes").status_code == 400


def test_results_page_says_also_published_and_offers_all(client):
    page = soup(client, "/?q=briefing")
    note = page.select_one(".also-published")
    assert " ".join(note.get_text().split()) == "Also published by BelTA, 2 days later"
    assert note.a["href"].startswith("/doc/belta-briefing-")
    switch = page.select_one(".duplicates-switch a")
    assert parse_qs(urlsplit(switch["href"]).query) == {"q": ["briefing"],
                                                        "show_duplicates": ["1"]}
    every = soup(client, switch["href"])
    assert len(every.select(".hit")) == len(page.select(".hit")) + 1
    assert not every.select(".also-published")
    assert every.select_one(".duplicates-switch a").get_text(strip=True) == (
        "Show each statement once")


def test_document_page_lists_its_near_duplicates(client):
    page = soup(client, "/?q=briefing")
    original = next(a["href"] for a in page.select(".hit h2 a")
                    if "briefing-world-day" in a["href"])
    document = soup(client, original)
    listed = document.select(".duplicates li")
    assert len(listed) == 1 and "BelTA" in listed[0].get_text()
    assert "2 days later" in listed[0].get_text()
    api = client.get("/api/documents/" + urlsplit(original).path.rsplit("/", 1)[1]).get_json()
    assert [d["source"] for d in api["duplicates"]] == ["BelTA"]
