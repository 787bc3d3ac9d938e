"""Relevance scores: BM25F over title and body, plus a phrase and proximity boost.

Whoosh decides which documents match; this module says how well. Two departures from Whoosh's
own "BM25F", which is a sum of one BM25 per field:

- **True BM25F** (Robertson, Zaragoza & Taylor 2004): a word's occurrences in the title and the
  body are weighted (the title :data:`~indexer.engines.whoosh.schema.TITLE_BOOST` times), each
  normalised by its field's length, added, and only then saturated. A word found in both fields is
  one word found twice, not two words, so a one-word title match cannot outweigh the body's
  evidence. The idf is Robertson-Spärck Jones' (Lucene's), which gives words in most documents
  almost no weight now that stop words are indexed.
- **Phrase proximity** (Solr's ``pf2``/``ps``, Elasticsearch's ``match_phrase`` boost): every
  two neighbouring words of a multi-word query count once more, as a phrase, where they occur
  together within :data:`PROXIMITY_SLOP` moves; its frequency is Lucene's sloppy phrase
  frequency (adjacent in order 1, one word between 1/2, reversed 1/3) and its idf the sum of
  the two words' (Lucene's PhraseQuery), averaged over the query's pairs. So among documents
  with both words, those where they stand together come first. Positions are read for the
  best :data:`PROXIMITY_WINDOW` documents only, as Solr's ReRank and Elasticsearch's rescore
  windows do (200 or 1,000 gave the same SciFact and UN figures; 200 is twice as fast).

A quoted phrase is scored the same way, by its exact frequency.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from indexer.engines.whoosh import postings
from indexer.engines.whoosh import query as query_lang
from indexer.engines.whoosh.schema import TEXT_FIELDS, TITLE_BOOST

K1 = 1.2  # Lucene's defaults
B = 0.75
FIELD_WEIGHTS = {"title": TITLE_BOOST, "body": 1.0}
PROXIMITY_SLOP = 3
PROXIMITY_WINDOW = 200  # as Solr's ReRank query (reRankDocs)


@dataclass
class Terms:
    """What a query scores: words (text -> the fields asked and a boost), quoted phrases
    (words -> fields), and neighbouring words of the query to reward when close together."""

    words: dict[str, tuple[set[str], float]] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


def terms_of(q: wq.Query, neighbours: Sequence[wq.Query] = ()) -> Terms:
    """The scored parts of ``q`` (negated parts score nothing); ``neighbours`` are the word
    groups of an implicit multi-word query, in the order typed."""
    found = Terms()
    for node in query_lang.searched_leaves(q):
        if isinstance(node, wq.Term) and node.fieldname in TEXT_FIELDS:
            fields, boost = found.words.get(node.text, (set(), 0.0))
            found.words[node.text] = (fields | {node.fieldname}, max(boost, node.boost))
        elif isinstance(node, wq.Phrase) and node.fieldname in TEXT_FIELDS:
            key = tuple(node.words)
            found.phrases[key] = found.phrases.get(key, set()) | {node.fieldname}
    singles = [_single_word(group) for group in neighbours]
    found.pairs = [(a, b) for a, b in zip(singles, singles[1:], strict=False)
                   if a and b and a != b]
    return found


def _single_word(group: wq.Query) -> str | None:
    """The word of a group searched in the text fields (``title:w OR body:w``), else None."""
    texts = {leaf.text for leaf in group.leaves()
             if isinstance(leaf, wq.Term) and leaf.fieldname in TEXT_FIELDS}
    leaves = list(group.leaves())
    return texts.pop() if len(texts) == 1 and all(isinstance(x, wq.Term) for x in leaves) else None


class _Fields:
    """What one occurrence in a field counts in each document: the field's weight over its
    length norm (1 - b + b * length / average length), as arrays by document number."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.arrays: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.arrays:
            average = self.searcher.avg_field_length(name) or 1.0
            norm = 1 - B + B * postings.lengths(self.searcher, name) / average
            self.arrays[name] = FIELD_WEIGHTS.get(name, 1.0) / norm
        return self.arrays[name]

    def weight(self, docnum: int, name: str) -> float:
        return float(self[name][docnum])


def _idf(doc_count: int, df: int) -> float:
    return math.log(1 + (doc_count - df + 0.5) / (df + 0.5))


def _saturate(frequency):
    return frequency * (K1 + 1) / (K1 + frequency)


def scores(searcher, terms: Terms) -> np.ndarray:
    """BM25F of every document, by document number (0 where no scored part matches). Each
    word's postings are read whole as arrays (see :mod:`indexer.engines.whoosh.postings`)."""
    reader = searcher.reader()
    doc_count = max(1, searcher.doc_count())
    size = reader.doc_count_all()
    fields = _Fields(searcher)
    total = np.zeros(size)
    idfs: dict[str, float] = {}
    for text, (names, boost) in terms.words.items():
        frequency = np.zeros(size)
        having = np.zeros(size, dtype=bool)
        for name in names:
            ids, weights = postings.arrays(searcher, name, text)
            having[ids] = True
            frequency[ids] += weights * fields[name][ids]
        idfs[text] = idf = _idf(doc_count, int(having.sum()))
        total += boost * idf * _saturate(frequency)
    for words, names in terms.phrases.items():
        idf = sum(idfs.get(word) or _word_idf(reader, doc_count, word) for word in words)
        frequency = np.zeros(size)
        for name in names:
            ids, counts = postings.phrase_arrays(searcher, name, words)
            frequency[ids] += counts * fields[name][ids]
        total += idf * _saturate(frequency)
    return total


def _word_idf(reader, doc_count: int, word: str) -> float:
    return _idf(doc_count, max(reader.doc_frequency(name, word) for name in TEXT_FIELDS))


def proximity(searcher, pairs: Sequence[tuple[str, str]], docs: Sequence[int]) -> dict[int, float]:
    """The phrase boost of ``docs`` for each pair of neighbouring query words found close."""
    reader = searcher.reader()
    doc_count = max(1, searcher.doc_count())
    fields = _Fields(searcher)
    boost: dict[int, float] = defaultdict(float)
    wanted = sorted(docs)
    read: dict[tuple[str, str], dict[int, list[int]]] = {}  # a word may be in two pairs

    def positions(name: str, word: str) -> dict[int, list[int]]:
        if (name, word) not in read:
            read[name, word] = postings.positions(searcher, name, word, wanted)
        return read[name, word]

    for first, second in pairs:
        idf = _word_idf(reader, doc_count, first) + _word_idf(reader, doc_count, second)
        frequency: dict[int, float] = defaultdict(float)
        for name in TEXT_FIELDS:
            positions_a = positions(name, first)
            positions_b = positions(name, second) if positions_a else {}
            for docnum, after in positions_b.items():
                if docnum not in positions_a:
                    continue
                found = _sloppy_frequency(positions_a[docnum], after)
                if found:
                    frequency[docnum] += found * fields.weight(docnum, name)
        for docnum, value in frequency.items():
            # The mean over the pairs: that the query's words stand together is one piece of
            # evidence, as strong as one more word, however long the query. Summed, the pairs
            # of a twelve-word question outweighed its words (SciFact nDCG@10 0.675, not 0.691).
            boost[docnum] += idf * _saturate(value) / len(pairs)
    return boost


def _sloppy_frequency(first: Sequence[int], second: Sequence[int]) -> float:
    """Lucene's sloppy frequency of the phrase "first second" (both position lists ascending):
    for each occurrence of the first word, 1 / (moves + 1) for its nearest second word within
    PROXIMITY_SLOP moves (in order and adjacent: no move; one word between: one; reversed:
    two)."""
    total = 0.0
    start, count = 0, len(second)
    for position in first:
        while start < count and second[start] < position - PROXIMITY_SLOP:
            start += 1
        best = PROXIMITY_SLOP + 1
        index = start
        while index < count and second[index] <= position + PROXIMITY_SLOP + 1:
            best = min(best, abs(second[index] - position - 1))
            index += 1
        if best <= PROXIMITY_SLOP:
            total += 1 / (best + 1)
    return total
