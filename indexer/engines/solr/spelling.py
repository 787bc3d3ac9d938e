""""Did you mean" on the Solr engine: the rules of :mod:`indexer.did_you_mean` (which words need
a correction, how near and how much commoner the correction must be), with the vocabulary and
the document frequencies read from Solr's terms component.

Solr's own spellcheck component ranks by other rules (and, distributed, by per-shard counts),
so it would suggest other words than the Whoosh engine; the terms component gives the same
counts as Whoosh's reader: the documents of a term in title or in body (the larger), and the
unstemmed words of the collection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from indexer.analysis import text_analyzer
from indexer.did_you_mean import (
    bare_words,
    best_correction,
    cased_like,
    corrected,
    edits_allowed,
    needing_correction,
)
from indexer.document_fields import TEXT_FIELDS
from indexer.engines.solr.translate import SPELL_FIELD


def _terms_of(word: str) -> list[str]:
    return [token.text for token in text_analyzer()(word, mode="query")]


def document_frequencies(engine, words: Iterable[str]) -> dict[str, int]:
    """For each word, the documents whose title or body has it as a query would search it (the
    larger of the two counts, as indexer.engines.whoosh.search._document_frequency)."""
    words = list(dict.fromkeys(words))
    terms = {word: _terms_of(word) for word in words}
    wanted = sorted({term for found in terms.values() for term in found})
    counts: dict[tuple[str, str], int] = {}
    for start in range(0, len(wanted), 200):
        answer = engine.client.get(f"{engine.collection}/terms", [
            *(("terms.fl", field) for field in TEXT_FIELDS),
            ("terms.list", ",".join(wanted[start:start + 200])),
        ])
        for field, flat in answer.get("terms", {}).items():
            for term, count in zip(flat[::2], flat[1::2], strict=True):
                counts[(field, term)] = count
    return {word: max((counts.get((field, term), 0)
                       for term in terms[word] for field in TEXT_FIELDS), default=0)
            for word in words}


def closest(engine, word: str, count: int) -> str | None:
    """The nearest word of the collection's vocabulary to ``word`` (in ``count`` documents),
    the commonest among equally near ones, if it is in more documents (RARER times more for a
    known word); within two edits of an unknown word, one of a known one; first letter kept."""
    edits = edits_allowed(count)
    lengths = f"{{{max(0, len(word) - 1 - edits)},{len(word) - 1 + edits}}}"
    answer = engine.client.get(f"{engine.collection}/terms", [
        ("terms.fl", SPELL_FIELD), ("terms.prefix", word[:1]), ("terms.limit", "-1"),
        ("terms.sort", "index"), ("terms.regex", re.escape(word[:1]) + "." + lengths),
    ])
    vocabulary = answer.get("terms", {}).get(SPELL_FIELD, [])[::2]
    distances = {found: OSA.distance(word, found, score_cutoff=edits) for found in vocabulary
                 if found != word}
    near = {found: distance for found, distance in distances.items() if distance <= edits}
    return best_correction(near, document_frequencies(engine, near) if near else {}, count)


def suggestion(engine, q: str, documents: int) -> tuple[str | None, list[str]]:
    """The query with misspelt words replaced (None if none needs it), and its bare words no
    document contains; ``documents`` is how many the collection holds."""
    words = bare_words(q)
    if not words:
        return None, []
    lowers = [word.lower() for word in words if not word.islower()]
    frequency = document_frequencies(engine, [*words, *lowers])
    unmatched = [word for word in words if frequency[word] == 0]
    needing = needing_correction({word: frequency[word] for word in words}, documents,
                                 frequency.__getitem__)
    fixes = {}
    for word in needing:
        fixes[word] = cased_like(word, closest(engine, word.lower(), frequency[word]))
    return corrected(q, fixes), unmatched
