"""Did you mean: a misspelt word is corrected whatever the number of results, the words no
document has are named, and the work is bounded whatever the query."""

from __future__ import annotations

import pytest

from indexer.config import Settings
from indexer.did_you_mean import MAX_CORRECTED_LENGTH, MAX_CORRECTED_WORDS, RARER
from indexer.engines.whoosh import build
from indexer.engines.whoosh import search as search_module
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchError, SearchRequest


def search(archive: Archive, q: str) -> dict:
    return archive.search(SearchRequest(q=q))


def test_a_misspelt_word_among_known_ones_is_corrected_and_named(archive):
    # "trafficking" alone finds many documents: the misspelt word must not vanish silently.
    answer = search(archive, "hairdresers trafficking")
    assert answer["total"] >= 3
    assert answer["suggestion"] == "hairdressers trafficking"
    assert answer["unmatched"] == ["hairdresers"]


def test_capitals_and_the_rest_of_the_query_are_kept(archive):
    answer = search(archive, 'Hairdresers "forced labour" country:Qatar')
    assert answer["suggestion"] == 'Hairdressers "forced labour" country:Qatar'


def test_a_correct_query_has_no_suggestion_and_no_unmatched_words(archive):
    answer = search(archive, "hairdressers trafficking")
    assert answer["suggestion"] is None
    assert answer["unmatched"] == []


def test_a_british_spelling_is_not_a_misspelling(archive):
    # The shipped corpus writes "labor"; "labour" finds it, so it is neither corrected nor
    # named as unmatched.
    answer = search(archive, "forced labour")
    assert answer["suggestion"] is None
    assert answer["unmatched"] == []


def test_a_word_far_rarer_than_a_close_one_is_corrected(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(RARER_DOCS := RARER + 5):
        (corpus / f"common-{number}.txt").write_text(
            f"Report {number}\n\nA report on trafficking of children, number {number}.\n")
    (corpus / "typo.txt").write_text("A note\n\nA note on trafficing of children.\n")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build.reindex(settings, full=True)
    answer = search(Archive(settings.index_dir), "trafficing children")
    assert answer["total"] == RARER_DOCS + 1  # the typo's own document is found
    assert answer["suggestion"] == "trafficking children"
    assert answer["unmatched"] == []


@pytest.fixture
def corrections(monkeypatch):
    """The words the vocabulary is scanned for, in order."""
    scanned = []
    closest = search_module._closest

    def counting(searcher, word, count):
        scanned.append(word)
        return closest(searcher, word, count)

    monkeypatch.setattr(search_module, "_closest", counting)
    return scanned


def test_a_word_repeated_is_looked_up_once(sample, corrections):
    archive = Archive(sample.index_dir)  # an archive of its own: nothing cached yet
    answer = search(archive, " ".join(["stqrvxk"] * 120))
    assert corrections == ["stqrvxk"]
    assert answer["unmatched"] == ["stqrvxk"]
    # The same word later, in another query, costs no scan: answers are kept per index version.
    search(archive, "stqrvxk trafficking")
    assert corrections == ["stqrvxk"]


def test_at_most_a_few_words_are_looked_up(sample, corrections):
    words = [f"zq{letter}xw" for letter in "abcdefghij"]
    answer = search(Archive(sample.index_dir), " ".join(words))
    assert corrections == words[:MAX_CORRECTED_WORDS]
    assert answer["unmatched"] == words  # all are named, even those not looked up


def test_a_long_word_is_not_looked_up(sample, corrections):
    word = "x" * (MAX_CORRECTED_LENGTH + 1)
    answer = search(Archive(sample.index_dir), word)
    assert corrections == []
    assert answer["unmatched"] == [word]
    with pytest.raises(SearchError, match="longer than"):  # refused before any lookup
        search(Archive(sample.index_dir), "x" * 999)
    assert corrections == []


@pytest.mark.parametrize("typed, meant, misspelt", [
    ("traffiking children", "trafficking children", "traffiking"),
    ("climate chnage", "climate change", "chnage"),
    ("nuclear disarmamant", "nuclear disarmament", "disarmamant"),
])
def test_real_speeches_misspelt_words_are_corrected(un_speeches, typed, meant, misspelt):
    answer = search(Archive(un_speeches.index_dir), typed)
    assert answer["total"] > 0  # the other word still finds speeches: the typo was dropped
    assert answer["suggestion"] == meant
    assert answer["unmatched"] == [misspelt]


def test_real_speeches_correct_queries_are_left_alone(un_speeches):
    archive = Archive(un_speeches.index_dir)
    for q in ("human trafficking", "forced labour", "sustainable development", "Tuvalu",
              "Dapkiunas", "WHO"):
        assert search(archive, q)["suggestion"] is None, q


def test_a_range_is_no_word_to_correct(archive):
    """``year:[2017 TO 2019]`` is one range: its ``TO`` was listed as a word no document has."""
    for q in ("year:[2017 TO 2019]", "trafficking date:[2019-01 TO 2019-12]",
              "year:{2017 TO 2019}"):
        answer = archive.search(SearchRequest(q=q))
        assert answer["unmatched"] == [] and answer["suggestion"] is None, q
