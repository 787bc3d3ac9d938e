"""Who and when on the pages, year-only dates, and where undated documents are listed."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from indexer.config import Settings
from tests.conftest import build_index
from webui import views

PATTERN = """
[[patterns]]
path = "Session {session} - {year}/{country:iso3}_{session}_{year}.txt"
kind = "speech"
speaker = "{country}"
title = "{country} at the General Debate, {year}"
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from webui import create_app

    corpus = tmp_path_factory.mktemp("speeches") / "corpus"
    for folder, name, text in [
        ("Session 74 - 2019", "QAT_74_2019.txt", "Qatar speaks of labour reform and peace.\n"),
        ("Session 78 - 2023", "FRA_78_2023.txt", "France speaks of peace and the climate.\n"),
        ("notes", "loose-note.txt", "A note about peace, undated.\n"),
    ]:
        (corpus / folder).mkdir(parents=True, exist_ok=True)
        (corpus / folder / name).write_text(text, encoding="utf-8")
    (corpus / "metadata.toml").write_text(PATTERN, encoding="utf-8")
    settings: Settings = build_index(corpus, tmp_path_factory.mktemp("speeches-index"))
    app = create_app({"TESTING": True, "SIFT_INDEX": str(settings.index_dir),
                      "SIFT_CORPUS": str(settings.corpus_dir)})
    return app.test_client()


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return BeautifulSoup(response.data, "lxml")


def test_the_api_gives_year_only_dates_the_speaker_and_the_undated_count(client):
    answer = client.get("/api/search?q=peace&sort=newest").get_json()
    assert [(hit["title"], hit["date"], hit["speaker"]) for hit in answer["results"]] == [
        ("France at the General Debate, 2023", "2023", "France"),
        ("Qatar at the General Debate, 2019", "2019", "Qatar"),
        ("A note about peace, undated.", None, ""),
    ]
    assert answer["undated_total"] == 1
    assert {row["value"] for row in answer["facets"]["speaker"]} == {"France", "Qatar"}
    assert client.get("/api/search?q=peace&speaker=qatar").get_json()["total"] == 1
    assert client.get("/api/search?q=france").get_json()["undated_total"] == 0


def test_newest_first_says_where_the_undated_documents_are(client):
    soup = soup_of(client, "/?q=peace&sort=newest")
    note = soup.select_one(".undated-note").get_text(" ", strip=True)
    assert note == "1 undated document is listed after the dated ones."
    results = soup.select(".hit")
    assert "2019" in results[1].select_one(".meta").get_text()
    assert "Qatar" in results[1].select_one(".meta").get_text()
    # Ranked by relevance the note would say nothing true: it is not shown.
    assert soup_of(client, "/?q=peace").select_one(".undated-note") is None


def test_the_document_page_says_who_and_when(client):
    hit = client.get("/api/search?q=qatar").get_json()["results"][0]
    soup = soup_of(client, hit["url"])
    meta = soup.select_one(".doc-meta").get_text(" ", strip=True)
    assert "Speaker Qatar" in meta and "Date 2019" in meta
    # The title already names both: the tab title does not repeat them.
    assert soup.title.get_text() == "Qatar at the General Debate, 2019 – Sift"
    note = client.get("/api/search?q=note").get_json()["results"][0]
    assert soup_of(client, note["url"]).title.get_text() == "A note about peace, undated. – Sift"


def test_dates_as_precise_as_known():
    assert views.long_date("2019") == "2019"
    assert views.long_date("2019-03") == "March 2019"
    assert views.long_date("2019-03-12") == "12 March 2019"
    assert views.published_later("2019", "2019-03-12") == ""


def test_the_citation_and_tab_title_name_the_speaker_and_the_date():
    record = {"title": "It is an honour to address the Assembly.", "speaker": "Qatar",
              "source": "", "date": "2019", "source_url": ""}
    assert views.citation(record, "http://sift/doc/q") == (
        "It is an honour to address the Assembly. Qatar, 2019. http://sift/doc/q")
    assert views.byline(record) == "Qatar, 2019"
    assert views.byline({**record, "title": "Qatar at the General Debate, 2019"}) == ""
