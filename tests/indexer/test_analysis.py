"""The one-loop analyzer gives the chain's tokens: the same terms, positions and offsets."""

import re

import pytest
from whoosh.analysis import CompositeAnalyzer

from indexer.analysis import WORD_PATTERN, TextAnalyzer, text_analyzer, word_spans

TEXT = ("WHO and the US said IT; the Labour organisation's programme, торговлей людьми, "
        "İstanbul 1946 WHO labour_party Organisation")


@pytest.mark.parametrize("options", [
    {"positions": True, "chars": True},
    {"positions": True, "chars": True, "start_pos": 5, "start_char": 7},
    {"mode": "query"},
    {"no_morph": True},
])
def test_same_tokens_as_the_chain(options):
    fast = TextAnalyzer()
    chain = CompositeAnalyzer(*fast.items)

    def tokens(analyzer):
        return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None),
                 getattr(t, "endchar", None)) for t in analyzer(TEXT, **options)]

    assert tokens(fast) == tokens(chain)
    assert tokens(fast) == tokens(fast)  # and again, from its remembered terms


def test_acronyms_and_variants():
    words = [t.text for t in TextAnalyzer()("WHO labour", mode="query")]
    assert words == ["who_", "labor"]


@pytest.mark.parametrize("text", [
    "Forced labour, 2019: the_WHO's “report” — Принудительный труд! ½ ² ٣ x",
    "",
    "   ,,, ",
    "word",
    "emoji 🙂 between\u00a0words and a lone surrogate \ud800 here",
    "tab\tnew\nline\r\nend_",
])
def test_word_spans_count_words_as_the_analyzer_does(text):
    """Snippets find a match's characters from its position: word N must be the analyzer's
    word N, or the wrong word is marked."""
    starts, ends = word_spans(text)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == [
        match.span() for match in re.finditer(WORD_PATTERN, text)]
    positions = [token.pos for token in text_analyzer()(text, positions=True)]
    assert sorted(set(positions)) == list(range(len(starts)))
