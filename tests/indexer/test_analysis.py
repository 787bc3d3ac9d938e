"""The one-loop analyzer gives the chain's tokens: the same terms, positions and offsets."""

import pytest
from whoosh.analysis import CompositeAnalyzer

from indexer.analysis import TextAnalyzer

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
