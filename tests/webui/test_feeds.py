"""A search's Atom feed, read by a feed parser: valid, newest first, stable across reindexes."""

from __future__ import annotations

import calendar
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from indexer.engines.whoosh import build, store

QATAR_FORCED_LABOUR = "/feed.atom?q=forced+labour&country=Qatar"


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception  # well-formed
    assert feed.version == "atom10"
    return feed


def entries(feed) -> list[tuple[str, str]]:
    return [(entry.id, entry.updated) for entry in feed.entries]


def test_feed_is_valid_atom_newest_first_with_everything_a_reader_shows(client, sample):
    feed = parsed(client, "/feed.atom?q=trafficking")
    total = client.get("/api/search?q=trafficking").get_json()["total"]
    assert len(feed.entries) == total and feed.feed.title == "Sift: trafficking"
    assert feed.feed.id.startswith("urn:uuid:") and feed.feed.updated
    times = [calendar.timegm(entry.updated_parsed) for entry in feed.entries]
    assert times == sorted(times, reverse=True)
    for entry in feed.entries:
        assert entry.title and entry.summary and "<mark>" not in entry.summary
        assert entry.link.startswith("http://localhost/doc/")
        assert entry.id.startswith("urn:uuid:")
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    # A dated document is listed by its date, an undated one by when it was first indexed.
    results = client.get("/api/search?q=trafficking&per_page=100").get_json()["results"]
    files = store.read_info(store.live_generation(sample.index_dir))["files"]
    listed_by = {hit["page_url"]: hit["date"] + "T00:00:00Z" if hit["date"]
                 else files[hit["path"]][3] + "Z" for hit in results}
    assert any(not hit["date"] for hit in results)
    assert [entry.updated for entry in feed.entries] == [listed_by[e.link] for e in feed.entries]


def test_the_search_page_links_its_feed(client):
    soup = BeautifulSoup(client.get("/?q=forced+labour&country=Qatar&page=2").data, "lxml")
    link = soup.find("link", rel="alternate", type="application/atom+xml")
    assert urlsplit(link["href"]).path == "/feed.atom"
    assert parse_qs(urlsplit(link["href"]).query) == {"q": ["forced labour"],
                                                       "country": ["Qatar"]}
    assert parsed(client, link["href"]).entries
    document = BeautifulSoup(client.get("/help").data, "lxml")
    assert document.find("link", rel="alternate") is None


def test_a_bad_query_is_a_clear_error(client):
    response = client.get('/feed.atom?q="unclosed')
    assert response.status_code == 400 and b"quotation mark" in response.data


def test_a_feed_lists_the_last_fifty(un_speeches):
    from webui import create_app

    client = create_app({"TESTING": True, "SIFT_INDEX": str(un_speeches.index_dir),
                         "SIFT_CORPUS": str(un_speeches.corpus_dir)}).test_client()
    feed = parsed(client, "/feed.atom?q=development")
    assert len(feed.entries) == 50
    assert entries(feed) == entries(parsed(client, "/feed.atom?q=development"))


@pytest.fixture
def feed_client(corpus_copy):
    from webui import create_app

    build.reindex(corpus_copy)
    app = create_app({"TESTING": True, "SIFT_INDEX": str(corpus_copy.index_dir),
                      "SIFT_CORPUS": str(corpus_copy.corpus_dir)})
    return app.test_client()


def test_a_subscriber_sees_a_new_document_once(feed_client, corpus_copy):
    before = entries(parsed(feed_client, QATAR_FORCED_LABOUR))
    assert before
    (corpus_copy.corpus_dir / "qatar-update.txt").write_text(
        "Qatar extends its labour reform\n\n"
        "Qatar said on Monday that it would extend its reform against forced labour to "
        "domestic workers.\n")
    build.reindex(corpus_copy)  # the new note has no date: it is as new as its indexing
    after = parsed(feed_client, QATAR_FORCED_LABOUR)
    assert after.entries[0].title == "Qatar extends its labour reform"
    assert entries(after)[1:] == before  # the others unchanged: no entry shown twice
    build.reindex(corpus_copy, full=True)  # a full rebuild keeps every id and time
    assert entries(parsed(feed_client, QATAR_FORCED_LABOUR)) == entries(after)
