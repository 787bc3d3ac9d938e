"""The Whoosh engine's reading of a query: the tree translated into Whoosh's query objects
(no index needed); what a query means is tested in test_query_tree.py."""

import pytest

from indexer.engines.whoosh import query
from indexer.engines.whoosh.query import parse


@pytest.mark.parametrize(
    "text",
    ['"forced labour" qatar', "(qatar OR nigeria) -belarus", "year:[2017 TO 2019]",
     "date:[2019-01 TO 2019-12]", "date:[* TO 2019]", "year:[2017 TO *]", "traffick*",
     "hairdresers~", 'title:"trafficking ring"',
     "Belarus' initiative", "14:53", "a (b) \"c (d\""],
)
def test_well_formed_queries_pass(text):
    assert parse(text) is not None


def test_empty_query_means_every_document():
    assert parse("") is None
    assert parse("   ") is None


def test_negation_stays_required_when_words_are_relaxed():
    # Relaxing "all words" to "most words" must never turn "-belarus" into "or not belarus".
    text = str(parse("trafficking children -belarus"))
    assert "NOT" in text
    assert text.startswith("(NOT") or " AND NOT " in text or "AND (NOT" in text


def test_dash_inside_a_word_is_not_negation():
    assert "NOT" not in str(parse("Belarus-sponsored resolution"))


def test_searched_leaves_leave_out_what_is_excluded():
    """What is scored and marked: every word and phrase searched for, none excluded."""
    q = query.parse('(refugees OR "forced labour") -climate NOT title:war peace')
    texts = {(leaf.fieldname, getattr(leaf, "text", None) or " ".join(leaf.words))
             for leaf in query.searched_leaves(q)}
    assert {text for _, text in texts} == {"refuge", "forc labor", "peac"}  # spelling: US
    assert not {text for _, text in texts} & {"climat", "war"}
