"""Sift's query language translated to Solr's lucene syntax (no cluster needed): what each kind
of node becomes. The contract tests check that the translations find the same documents."""

from __future__ import annotations

import pytest

from indexer import query_tree as tree
from indexer.engines.solr.translate import NOTHING, escape_term, share_of, translate
from indexer.query_syntax import MAX_EXPANSIONS, QuerySyntaxError

NAMES = {"country": {"qatar": "Qatar", "nepal": "Nepal", "new zealand": "New Zealand"},
         "language": {"en": "en", "english": "en", "ru": "ru", "russian": "ru"}}


def q(text: str, expand=None) -> str:
    return translate(text, NAMES, expand).q


def test_the_issues_example_means_the_same_parts():
    translated = translate('"forced labour" country:qatar -belarus year:[2017 TO 2019] '
                           "traffick*", NAMES, lambda node, limit: ["trafficking", "traffickers"])
    assert translated.q.startswith('(+country:"Qatar" +year:[2017 TO 2019] ')
    assert '(title:"forced labour"^2.5 OR body:"forced labour")' in translated.q
    assert "-(title:belarus^2.5 OR body:belarus)" in translated.q
    assert "title:trafficking^2.5 OR title:traffickers^2.5" in translated.q
    # the relaxed words: all of them ranked first, any of them matched
    assert translated.all_words.startswith('(+(title:"forced labour"^2.5')
    # the highlighter gets what was searched in the text, not the conditions or the exclusion
    assert "belarus" not in translated.highlight and "country" not in translated.highlight


def test_words_are_sent_as_typed_for_solr_to_analyse():
    assert q("Labours") == "(title:Labours^2.5 OR body:Labours)"
    assert q("WHO") == "(title:WHO^2.5 OR body:WHO)"  # Solr's chain makes it who_, as Sift's
    # a typed word that is two terms: each term as Sift made it
    assert q("don't") == "((+title:don^2.5 +title:t^2.5) OR (+body:don +body:t))"


def test_facet_values_and_labels_whatever_their_case():
    assert q("country:qatar") == 'country:"Qatar"'
    assert q("language:Russian") == 'language:"ru"'
    assert q("country:q*") == '(country:"Qatar")'
    assert q("country:zz*") == NOTHING


def test_a_range_of_a_facets_values_is_not_read_as_years():
    assert q("country:[A TO C]") == "country:[A TO C]"
    assert q("country:{A TO *}") == "country:{A TO *}"


def test_ranges_with_open_ends_and_dates():
    assert q("year:[* TO 2015]") == "year:[* TO 2015]"
    assert q("year:2017") == "year:2017"
    assert q("date:[2017-01 TO 2018-06]") == \
        "date:[2017-01-01T00:00:00Z TO 2018-06-30T23:59:59Z]"


def test_negation_alone_is_from_every_document():
    assert q("NOT belarus") == "(+*:* -(title:belarus^2.5 OR body:belarus))"
    assert q("-belarus") == "(+*:* -(title:belarus^2.5 OR body:belarus))"


def test_phrase_slop_is_lucenes():
    assert 'body:"forced labour"~2' in q('"forced labour"~3')  # Whoosh's 1 is adjacency


def test_patterns_become_the_words_they_expand_to_within_their_share():
    asked = []

    def expand(node, limit):
        asked.append((type(node).__name__, node.text, limit))
        return [f"w{i}" for i in range(100)]

    text = q("traffick* hairdresers~", expand)
    # two patterns, each in title and body: four in all, as indexer.engines.whoosh.query.rewrite
    # counts them
    assert {limit for *_, limit in asked} == {MAX_EXPANSIONS // 4}
    assert text.count("body:w") == 2 * (MAX_EXPANSIONS // 4)
    assert ("Fuzzy", "hairdresers", MAX_EXPANSIONS // 4) in asked
    assert q("zzz*", lambda node, limit: []) == NOTHING


def test_without_expansion_patterns_go_to_the_unstemmed_words():
    assert q("traffick*") == "spell:traffick*"
    assert q("traf?ick") == "spell:traf?ick"
    assert q("hairdresers~") == "spell:hairdresers~1"


def test_lucene_special_characters_are_escaped():
    assert escape_term('a+b:c"d') == 'a\\+b\\:c\\"d'
    assert escape_term("AND") == '"AND"'


def test_share_counts_distinct_patterns():
    assert share_of(tree.Pattern(None, "a*")) == MAX_EXPANSIONS // 2  # in title and in body
    assert share_of(tree.Or((tree.Pattern("title", "a*"), tree.Pattern("title", "a*")))) == \
        MAX_EXPANSIONS
    assert share_of(tree.Word("body", "a")) == MAX_EXPANSIONS


def test_empty_and_broken_queries():
    assert translate("", NAMES) is None
    assert translate("   ", NAMES) is None
    with pytest.raises(QuerySyntaxError):
        translate('"unclosed', NAMES)


def test_an_acronym_no_document_writes_is_searched_as_the_word():
    """As indexer.engines.whoosh.query.rewrite: "WHO" typed with caps lock on finds "who" when no
    document writes WHO in capitals."""
    assert q("WHO") == "(title:WHO^2.5 OR body:WHO)"
    nowhere = translate("WHO", NAMES, present=lambda terms: set()).q
    assert nowhere == "(title:who^2.5 OR body:who)"
    written = translate("WHO", NAMES, present=lambda terms: {"who_"}).q
    assert written == "(title:WHO^2.5 OR body:WHO)"


def test_an_acronym_shared_by_a_relaxed_query_is_changed_once():
    nowhere = translate("WHO IS", NAMES, present=lambda terms: set())
    assert "body:who" in nowhere.q and "body:is" in nowhere.q
    assert "body:wh " not in nowhere.q and "body:wh)" not in nowhere.q
