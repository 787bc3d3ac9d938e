"""Sift's query tree: what a typed query means, before any engine (both engines translate it)."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer import query_tree as tree
from indexer.query_syntax import MAX_CLAUSES, MAX_QUERY_LENGTH, QuerySyntaxError
from indexer.query_tree import (
    AllWords,
    And,
    DateSpan,
    Every,
    Fuzzy,
    Not,
    Or,
    Pattern,
    Phrase,
    Range,
    Word,
    parse,
)


def words(node) -> list[str]:
    return [leaf.text for leaf in tree.leaves(node) if isinstance(leaf, Word | Phrase)]


def test_the_issues_example_is_read_into_its_parts():
    q = parse('"forced labour" country:Qatar -belarus year:[2017 TO 2019] traffick*')
    assert isinstance(q, And)
    required = [child for child in q.children if not isinstance(child, Or)]
    assert Word("country", "Qatar") in required
    assert Not(Word(None, "belarus")) in required
    assert Range("year", "2017", "2019") in required
    relaxed = next(child for child in q.children if isinstance(child, Or))
    every = tree.all_words(q)
    assert every == AllWords((Phrase(None, "forced labour"), Pattern(None, "traffick*")))
    assert relaxed == Or((every, Or(every.children)))


def test_not_binds_tightest_then_and_then_or_then_words_side_by_side():
    q = parse('trafficking "forced labour" OR slavery AND NOT war')
    assert q == And((Word(None, "trafficking"),
                     Or((Phrase(None, "forced labour"),
                         And((Word(None, "slavery"), Not(Word(None, "war"))))))),
                    implicit=True)


def test_words_joined_by_and_are_not_relaxed():
    assert parse("forced AND labour") == And((Word(None, "forced"),
                                           Word(None, "labour")))


def test_stop_words_count_only_when_alone():
    assert parse("the trafficking of children") == Or((
        AllWords((Word(None, "trafficking"), Word(None, "children"))),
        Or((Word(None, "trafficking"), Word(None, "children")))))
    assert parse("the") == Word(None, "the")
    # typed in capitals, a stop word is an acronym: kept
    assert words(tree.all_words(parse("WHO report"))) == ["WHO", "report"]


def test_a_field_applies_to_a_group():
    assert words(parse("title:(forced labour)")) == ["forced", "labour"] * 2
    assert {leaf.field for leaf in tree.leaves(parse("title:(forced labour)"))} == {"title"}


@pytest.mark.parametrize(("text", "node"), [
    ("traffick*", Pattern(None, "traffick*")),
    ("Wom?n", Pattern(None, "wom?n")),
    ("country:Q*", Pattern("country", "q*")),
    ("hairdresers~", Fuzzy(None, "hairdresers", 1)),
    ("hairdresers~2/3", Fuzzy(None, "hairdresers", 2, 3)),
    ('"forced labour"~3', Phrase(None, "forced labour", 3)),
    ("labour^2", Word(None, "labour", 2.0)),
    ("*", Every()),
    ("*:*", Every()),
    ("year:2017", Range("year", "2017", "2017")),
    ("year:[* TO 2015]", Range("year", None, "2015")),
    ("year:[TO 2015]", Range("year", None, "2015")),
    ("year:{2015 TO 2017}", Range("year", "2015", "2017", False, False)),
    ('country:"Sri Lanka"', Phrase("country", "Sri Lanka")),
    ("NOT belarus", Not(Word(None, "belarus"))),
    ("-belarus", Not(Word(None, "belarus"))),
])
def test_each_kind_of_condition(text, node):
    assert parse(text) == node


def test_dates_are_spans_of_what_was_typed():
    end_of = dt.datetime(2020, 2, 29, 23, 59, 59, 999_999)
    assert parse("date:2020-02") == DateSpan("date", dt.datetime(2020, 2, 1), end_of)
    assert parse("date:[2019 TO 2020-02]") == DateSpan("date", dt.datetime(2019, 1, 1), end_of)
    assert parse("date:20191115") == DateSpan("date", dt.datetime(2019, 11, 15),
                                              dt.datetime(2019, 11, 15, 23, 59, 59, 999_999))
    assert parse("date:[2019-06 TO *]") == DateSpan("date", dt.datetime(2019, 6, 1), None)
    # exclusive ends leave out the whole year, month or day named
    assert parse("date:{2015 TO 2017}") == DateSpan(
        "date", dt.datetime(2016, 1, 1), dt.datetime(2016, 12, 31, 23, 59, 59, 999_999))


@pytest.mark.parametrize(("text", "says"), [
    ("date:2019-13", "date:2019-13 is not a valid date"),
    ("date:2019-02-30", "is not a valid date"),
    ("date:[2019 TO soon]", "date:soon is not a valid date"),
    ("year:abc", "year:abc is not a valid year"),
    ("year:[2015 TO x]", "is not a valid year"),
    ("forced AND AND labour", "every AND, OR and NOT has a word after it"),
    ("(forced OR )", "every AND, OR and NOT has a word after it"),
    ("NOT NOT labour", "every AND, OR and NOT has a word after it"),
    ("trafficking NOT", None),  # a NOT at the very end is the word "not"
])
def test_what_cannot_be_read_is_explained(text, says):
    if says is None:
        assert parse(text) is not None
        return
    with pytest.raises(QuerySyntaxError, match=says):
        parse(text)


def test_operators_are_words_where_they_cannot_be_operators():
    assert parse("AND peace") == Or((AllWords((Word(None, "AND"), Word(None, "peace"))),
                                     Or((Word(None, "AND"), Word(None, "peace")))))
    assert parse("Belarus-sponsored") == Word(None, "Belarus-sponsored")


def test_marks_without_letters_are_not_words():
    assert [leaf.text for leaf in tree.leaves(parse("peace - war"))] == ["peace", "war"] * 2


def test_the_number_of_conditions_is_bounded_and_a_repeated_word_counts_once():
    assert parse(" ".join(["peace"] * 150)) is not None
    assert parse(" ".join(f"w{n}" for n in range(MAX_CLAUSES))) is not None
    with pytest.raises(QuerySyntaxError, match=f"at most {MAX_CLAUSES}"):
        parse(" ".join(f"w{n}" for n in range(MAX_CLAUSES + 1)))
    # a word with inner punctuation is searched as its words
    with pytest.raises(QuerySyntaxError, match=f"at most {MAX_CLAUSES}"):
        parse(" ".join(f"a{n}-b{n}" for n in range(MAX_CLAUSES // 2 + 1)))


def test_searched_leaves_leave_out_what_is_excluded():
    q = parse('(refugees OR "forced labour") -climate NOT title:war peace')
    assert {leaf.text for leaf in tree.searched_leaves(q)} == {"refugees", "forced labour",
                                                               "peace"}


def test_a_prefix_is_matched_as_its_word_is_indexed():
    assert tree.vocabulary_pattern(Pattern(None, "labour*")) == "labor*"
    assert tree.vocabulary_pattern(Pattern(None, "trafficking*")) == "traffick*"
    assert tree.vocabulary_pattern(Pattern(None, "wom?n")) == "wom?n"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('"forced labour', "quotation mark is not closed"),
        ("(qatar OR nigeria", "'(' is not closed"),
        ("qatar) nigeria", "')' has no matching '('"),
        ("year:[2017 TO 2019", "range is not closed"),
        ("year:abc", "year:abc is not a valid year"),
        ("date:yesterday", "date:yesterday is not a valid date"),
        ("date:[abc TO *]", "is not a valid date"),
        ("date:[2019 TO soon]", "is not a valid date"),
        ("x" * (MAX_QUERY_LENGTH + 1), "longer than 1000 characters"),
    ],
)
def test_malformed_queries_are_explained(text, says):
    with pytest.raises(QuerySyntaxError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse(text)
