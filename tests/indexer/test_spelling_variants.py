"""British and American spellings of one word find each other (labour/labor,
organisation/organization, programme/program, centre/center, defence/defense), in words,
phrases and wildcards, without merging words that only look alike."""

from __future__ import annotations

import pytest

from indexer.analysis import text_analyzer
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest


def terms(text: str) -> list[str]:
    return [token.text for token in text_analyzer()(text)]


@pytest.mark.parametrize("british, american", [
    ("labour", "labor"), ("organisation", "organization"), ("organisations", "organizations"),
    ("programme", "program"), ("centre", "center"), ("defence", "defense"),
    ("recognise", "recognize"), ("criticised", "criticized"), ("harbour", "harbor"),
    ("catalogue", "catalog"), ("Labour", "labor"),
])
def test_both_spellings_are_one_term(british, american):
    assert terms(british) == terms(american)


@pytest.mark.parametrize("british, other", [
    ("tyre", "tire"), ("tonne", "ton"), ("draught", "draft"), ("gauge", "gage"),
    ("philtre", "filter"), ("storey", "story"), ("promise", "promize"), ("exercise", "exercize"),
])
def test_look_alikes_stay_apart(british, other):
    assert terms(british) != terms(other)


def test_a_phrase_keeps_its_positions():
    tokens = text_analyzer()("forced labour today", positions=True)
    assert [(token.text, token.pos) for token in tokens] == [
        ("forc", 0), ("labor", 1), ("today", 2)]


@pytest.fixture(scope="module")
def shipped_archive(shipped) -> Archive:
    return Archive(shipped.index_dir)


def search(archive: Archive, q: str) -> dict:
    return archive.search(SearchRequest(q=q, per_page=100))


def test_the_british_phrase_finds_the_american_text(shipped_archive, shipped_text):
    # The shipped corpus writes "forced labor"; a British writer searches "forced labour".
    assert shipped_text("forced labor")
    american = search(shipped_archive, '"forced labor"')
    british = search(shipped_archive, '"forced labour"')
    assert american["total"] >= 1
    assert [hit["id"] for hit in british["results"]] == [
        hit["id"] for hit in american["results"]]
    assert "forced labor" in [text.lower() for passage in british["results"][0]["snippet"]
                              for text, marked in passage if marked]


def test_a_wildcard_over_a_british_spelling_finds_the_american_text(shipped_archive):
    assert search(shipped_archive, "labour*")["total"] == search(shipped_archive, "labor")["total"]
    assert search(shipped_archive, "labour*")["total"] >= 1
