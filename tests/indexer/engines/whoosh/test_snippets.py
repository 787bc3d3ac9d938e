"""Highlights: a quoted phrase is one match, marked whole, in snippets and on the document page;
its words standing alone elsewhere are not marked."""

from __future__ import annotations

import re

from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

# British or American spelling, any punctuation between the words (the index ignores it).
FORCED_LABOUR = r"\bforced\W+labou?r\b"


def marks(passages: list) -> list[str]:
    """The marked texts of passages (or paragraphs), the phrase written as "forced labour"
    however the text spells it."""
    return [re.sub(FORCED_LABOUR, "forced labour", " ".join(text.split()), flags=re.I).lower()
            for passage in passages for text, marked in passage if marked]


def test_a_quoted_phrase_is_marked_whole_in_snippets(archive):
    answer = archive.search(SearchRequest(q='"forced labour"'))
    assert answer["results"]
    for hit in answer["results"]:
        assert marks(hit["snippet"]) and set(marks(hit["snippet"])) == {"forced labour"}


def test_the_document_page_counts_a_phrase_once_per_occurrence(un_speeches):
    # Seen: "8 matches" for "forced labour" where the text had it twice; n stepped word by word
    # and through "child labour".
    archive = Archive(un_speeches.index_dir)
    both = archive.search(SearchRequest(q='"forced labour" AND "child labour"', per_page=100))
    assert both["results"], "the fixture has speeches naming forced and child labour"
    for hit in both["results"]:
        record = archive.document(hit["id"], '"forced labour"')
        found = re.findall(FORCED_LABOUR, record["body"], re.I)
        page = record["paragraphs"]
        assert record["matches"] == len(found) > 0, hit["path"]
        assert marks(page) == ["forced labour"] * len(found)
        assert "labour" not in marks(page)


def test_single_words_and_a_phrase_together(archive):
    hit = archive.search(SearchRequest(q='"forced labour" qatar'))["results"][0]
    record = archive.document(hit["id"], '"forced labour" qatar')
    found = set(marks(record["paragraphs"]))
    assert found == {"forced labour", "qatar"}
    assert record["matches"] == sum(
        len(re.findall(pattern, record["body"], re.I))
        for pattern in (FORCED_LABOUR, r"\bqatar\b"))


def test_only_what_was_searched_for_is_marked(un_speeches):
    """Snippets mark the words a result was found by, each alternative of an OR where the
    text has it (an excluded word is never in a result's text: see test_query's
    searched_leaves for the part that leaves it out)."""
    archive = Archive(un_speeches.index_dir)
    answer = archive.search(SearchRequest(q="(refugees OR migrants) -climate", per_page=20))
    assert answer["results"]
    for hit in answer["results"]:
        found = set(marks(hit["snippet"]))
        assert found and found <= {"refugees", "refugee", "migrants", "migrant"}, found
