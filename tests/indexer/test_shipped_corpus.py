"""The shipped archive, indexed: each document's headline, date, metadata and facets as a
careful reader of the five pages would give them."""

from __future__ import annotations

import pytest

from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

GROUP_OF_FRIENDS = [
    "Bahrain", "Bangladesh", "Belarus", "Bolivia", "Egypt", "Eritrea", "India", "Kazakhstan",
    "Kyrgyzstan", "Laos", "Libya", "Nicaragua", "Nigeria", "Philippines", "Qatar", "Russia",
    "Singapore", "Tajikistan", "Turkmenistan", "United Arab Emirates", "Uzbekistan", "Venezuela",
]

EXPECTED = {
    "2017-09-28-statement-trade-in-minors-digital-age.txt": {
        "title": "Statement by the Deputy Minister of Foreign Affairs of Belarus, Andrei "
        "Dapkiunas, at the Thematic Dialogue “Trade in Minors in the Digital Age” "
        "(September 28, 2017, New York)",
        "date": "2017-09-28", "kind": "statement",
        "source": "Ministry of Foreign Affairs of Belarus",
        "country": sorted([*GROUP_OF_FRIENDS, "Ecuador"]),
        "organization": ["C-Fam", "Group of Friends United against Human Trafficking",
                         "UN General Assembly", "UNODC", "United Nations"],
        "person": ["Andrei Dapkiunas"],
    },
    "2025-07-30-group-of-friends-declaration.txt": {
        "title": "Belarus, Group of Friends adopt declaration on combating human trafficking",
        "date": "2025-07-30", "kind": "news", "source": "BelTA",
        "country": GROUP_OF_FRIENDS,
        "organization": ["BelTA", "Group of Friends United against Human Trafficking", "ICAT",
                         "Permanent Mission of Belarus to International Organizations in Vienna",
                         "UNODC", "United Nations"],
        "person": [],
    },
    "2018-07-30-briefing-world-day-against-trafficking.txt": {
        "title": "Briefing commemorating the World Day against Trafficking in Persons",
        "date": "2018-07-30", "kind": "briefing",
        "source": "Ministry of Foreign Affairs of Belarus",
        "country": ["Belarus"],
        "organization": ["IOM", "Ministry of Foreign Affairs of Belarus",
                         "Ministry of Internal Affairs of Belarus",
                         "UN Commission on Crime Prevention and Criminal Justice",
                         "UN General Assembly", "United Nations"],
        "person": ["Andrei Dapkiunas"],
    },
    "belarus-to-continue-working-internationally.txt": {
        "title": "Belarus to continue working internationally to fight human trafficking",
        "date": None, "kind": "news", "source": "",
        "country": ["Belarus"],
        "organization": ["Group of Friends United against Human Trafficking",
                         "UN General Assembly", "United Nations"],
        "person": ["Valentin Rybakov", "Vladimir Khromov"],
    },
    "2019-11-15-resolution-improving-coordination.txt": {
        "title": "Belarus-sponsored resolution on combating trafficking in persons adopted "
        "at the UN",
        "date": "2019-11-15", "kind": "resolution",
        "source": "Ministry of Foreign Affairs of Belarus",
        "country": ["Australia", "Austria", "Belarus", "Canada", "China", "Egypt", "France",
                    "Georgia", "Germany", "Ireland", "Israel", "Italy", "Lithuania", "Poland",
                    "Russia", "United States"],
        "organization": ["European Union", "ICAT", "OSCE", "UN General Assembly",
                         "United Nations"],
        "person": ["Alexander Lukashenko"],
    },
}


@pytest.fixture(scope="module")
def documents(shipped) -> dict[str, dict]:
    archive = Archive(shipped.index_dir)
    listing = archive.search(SearchRequest(per_page=100))["results"]
    return {hit["path"]: archive.document(hit["id"]) for hit in listing}


def test_every_document_is_indexed(documents):
    assert set(documents) == set(EXPECTED)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_headline_date_and_metadata(documents, path):
    doc, expected = documents[path], EXPECTED[path]
    assert doc["title"] == expected["title"]
    assert doc["date"] == expected["date"]
    assert doc["year"] == (int(expected["date"][:4]) if expected["date"] else None)
    assert doc["kind"] == expected["kind"]
    assert doc["source"] == expected["source"]
    assert doc["language"] == "en"


@pytest.mark.parametrize("path", sorted(EXPECTED))
@pytest.mark.parametrize("facet", ["country", "organization", "person"])
def test_entities_named_in_the_text(documents, path, facet):
    assert documents[path][facet] == EXPECTED[path][facet]


@pytest.mark.parametrize(
    "chrome",
    ["Font size:", "Print version", "Go to", "Follow us on:", "Projects", "Government Bodies",
     "All news", "Visiting Belarus visa-free", "русская версия", "Заметили ошибку",
     "Recent news from Belarus", "Flag Friday"],
)
def test_site_chrome_is_not_in_the_text(documents, chrome):
    for doc in documents.values():
        assert chrome not in doc["body"]


def test_bylines_and_salutations_stay(documents):
    assert documents["belarus-to-continue-working-internationally.txt"]["body"].startswith(
        "By Vladimir Khromov")
    assert documents["2017-09-28-statement-trade-in-minors-digital-age.txt"]["body"].startswith(
        "Ladies and Gentlemen,")


def test_topics_are_the_themes_of_each_document(documents):
    topics = {path: set(doc["topic"]) for path, doc in documents.items()}
    assert "organ removal" in topics["2019-11-15-resolution-improving-coordination.txt"]
    assert "forced labour" in topics["2025-07-30-group-of-friends-declaration.txt"]
    assert {"child trafficking", "sexual exploitation", "online exploitation"} <= topics[
        "2017-09-28-statement-trade-in-minors-digital-age.txt"]
    # The IOM's name says "Migration"; the briefing is not about migration.
    assert "migration" not in topics["2018-07-30-briefing-world-day-against-trafficking.txt"]
    assert "organ removal" not in topics["2017-09-28-statement-trade-in-minors-digital-age.txt"]
