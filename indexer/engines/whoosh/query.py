"""Sift's query tree (:mod:`indexer.query_tree`) as a Whoosh query that is safe to run.

The tree is translated leaf by leaf with the fields' own analysis (what Whoosh's parser would
do with each word), then :func:`rewrite` bounds it against an index: wildcards, fuzzy terms and
text ranges expand to many terms and a leading wildcard scans the whole vocabulary, so
expansions are capped before the query runs (Whoosh's time-limit collector does not work off
the main thread, so bounding the query is the only safe way to bound the time).
"""

from __future__ import annotations

import fnmatch
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import islice

from whoosh import query as wq

from indexer import query_tree as tree
from indexer.analysis import ACRONYM_MARK, index_term
from indexer.engines.whoosh.schema import TEXT_FIELDS, build_schema
from indexer.query_syntax import (
    EXPANSION_SECONDS,
    MAX_EXPANSIONS,
    MIN_EXPANSIONS,
    MIN_SCANNED,
    QuerySyntaxError,
)

__all__ = ["QuerySyntaxError", "AllWords", "all_words", "parse", "rewrite", "searched_leaves"]


def parse(text: str) -> wq.Query | None:
    """The Whoosh query for ``text``, None for an empty query (meaning: every document).
    Raises QuerySyntaxError as :func:`indexer.query_tree.parse`."""
    parsed = tree.parse(text)
    return None if parsed is None else to_whoosh(parsed)


class AllWords(wq.And):
    """The words of an implicit multi-word query, all required: the documents it matches rank
    ahead of those with only some of the words (see :func:`all_words`)."""


@lru_cache(maxsize=1)
def _schema():
    return build_schema()


def _terms(field: str, text: str) -> list[str]:
    """What the field's analysis makes of ``text`` in a query, as Whoosh's parser analyses it."""
    return list(_schema()[field].process_text(text, mode="query"))


def _fields(leaf) -> tuple[str, ...]:
    return TEXT_FIELDS if leaf.field is None else (leaf.field,)


def _either(queries: list) -> wq.Query | None:
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _all_of(field: str, terms: list[str], boost: float) -> wq.Query | None:
    """Each of ``terms`` required: what a word the analysis cuts in two ("don't") searches."""
    queries = [wq.Term(field, term, boost=boost) for term in terms]
    if len(queries) < 2:
        return queries[0] if queries else None
    return wq.And(queries)


def _phrase(field: str, node: tree.Phrase) -> wq.Query | None:
    terms = _terms(field, node.text)
    if field in TEXT_FIELDS and len(terms) > 1:
        return wq.Phrase(field, terms, slop=node.slop, boost=node.boost)
    return _all_of(field, terms, node.boost)  # one word, or a facet's value, spaces and all


def _pattern(field: str, node: tree.Pattern) -> wq.Query:
    text = tree.vocabulary_pattern(node) if field in TEXT_FIELDS else node.text
    if tree.is_prefix(text):
        return wq.Prefix(field, text[:-1], boost=node.boost)
    return wq.Wildcard(field, text, boost=node.boost)


def _range(field: str, node: tree.Range) -> wq.Query:
    field_type = _schema()[field]
    if field not in TEXT_FIELDS and field_type.self_parsing():  # a number: the year
        if node.low == node.high and node.include_low and node.include_high:
            return field_type.parse_query(field, node.low)
        return field_type.parse_range(field, node.low, node.high, not node.include_low,
                                      not node.include_high)
    return wq.TermRange(field, node.low, node.high, not node.include_low,
                        not node.include_high)


_LEAF = {
    tree.Word: lambda field, node: _all_of(field, _terms(field, node.text), node.boost),
    tree.Phrase: _phrase,
    tree.Pattern: _pattern,
    # The word as typed: the analysis would stem it away from the word meant
    # ("dapkunas~" → "dapkuna"); rewrite matches it against unstemmed words.
    tree.Fuzzy: lambda field, node: wq.FuzzyTerm(field, node.text.lower(), boost=node.boost,
                                                 maxdist=node.distance,
                                                 prefixlength=node.prefix),
    tree.Range: _range,
}


def to_whoosh(node: tree.Node) -> wq.Query | None:
    """The Whoosh query of a tree; None for a part with nothing to search (a word of no
    letters), left out of its group."""
    if isinstance(node, tree.Every):
        return wq.Every()
    if isinstance(node, tree.DateSpan):
        return wq.DateRange(node.field, node.start, node.end)
    if isinstance(node, tree.Not):
        child = to_whoosh(node.child)
        return None if child is None else wq.Not(child)
    if isinstance(node, tree.GROUPS):
        parts = [part for child in node.children if (part := to_whoosh(child)) is not None]
        if not parts:
            return None
        kind = {tree.And: wq.And, tree.Or: wq.Or, tree.AllWords: AllWords}[type(node)]
        return parts[0] if len(parts) == 1 and kind is not AllWords else kind(parts)
    return _either([_LEAF[type(node)](field, node) for field in _fields(node)])


def searched_leaves(q: wq.Query) -> Iterator[wq.Query]:
    """The leaves of ``q`` a matching document can have (its words, phrases, expansions), not
    those it excludes (under a NOT): what is scored and what is marked in snippets."""
    if isinstance(q, wq.Not):
        return
    if q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from searched_leaves(child)


def all_words(q: wq.Query | None) -> AllWords | None:
    """The all-words part of a relaxed query, None when the query is not one."""
    if q is None:
        return None
    if isinstance(q, AllWords):
        return q
    for node in q.children():
        if (found := all_words(node)) is not None:
            return found
    return None


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _matching_words(reader, field: str, pattern: str, deadline: float) -> Iterator[str]:
    """Vocabulary words matching a ``*``/``?`` pattern, scanning no longer than ``deadline``.

    The literal start of the pattern narrows the scan; a leading wildcard scans the whole
    vocabulary, which the deadline bounds.
    """
    prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
    regex = re.compile(fnmatch.translate(pattern))
    words = reader.expand_prefix(field, prefix) if prefix else reader.lexicon(field)
    for count, word in enumerate(words):
        if count >= MIN_SCANNED and count % MIN_SCANNED == 0 and time.monotonic() > deadline:
            return
        word = _text(word)
        if regex.match(word):
            yield word


def _until(terms: Iterable, deadline: float, limit: int) -> list:
    """At most ``limit`` of ``terms``, as many as come before ``deadline`` (MIN_EXPANSIONS at
    least)."""
    taken = []
    for term in islice(terms, limit):
        taken.append(term)
        if len(taken) >= MIN_EXPANSIONS and time.monotonic() > deadline:
            break
    return taken


def rewrite(q: wq.Query, reader, facet_names: Mapping[str, Mapping[str, str]]) -> wq.Query:
    """Make ``q`` safe and exact to run against ``reader``.

    - wildcards, prefixes, fuzzy terms and text ranges expand to at most MAX_EXPANSIONS terms
      in all, shared between them, found within EXPANSION_SECONDS; in the text fields they
      expand over the unstemmed words (so ``trafficking*`` and ``hairdresers~`` work although
      the index holds stems), then stem what they found;
    - ``*`` alone means every document;
    - facet values are matched whatever their case (country:qatar finds Qatar, country:q*
      finds Qatar): ``facet_names[field]`` maps lower-cased names to stored values.
    """
    indexed = set(reader.indexed_field_names())
    deadline = time.monotonic() + EXPANSION_SECONDS
    expandable = (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange, wq.Regex)
    patterns = {repr(node) for node in q.leaves() if isinstance(node, expandable)}
    share = max(MIN_EXPANSIONS, MAX_EXPANSIONS // max(1, len(patterns)))
    expanded: dict[str, wq.Query] = {}  # the relaxed query holds each pattern twice

    def words_of(node: wq.Query, field: str) -> list[str]:
        text = node.text.lower()
        if isinstance(node, wq.FuzzyTerm):
            # Keeping the first letter cuts the vocabulary scan by an order of magnitude
            # (0.5 s → 0.04 s for "palestine~" over 1,746 speeches).
            fuzzy = wq.FuzzyTerm(field, text, maxdist=node.maxdist,
                                 prefixlength=max(node.prefixlength, 1))
            words = _until(fuzzy.expanded_terms(reader), deadline, share)
            return [_text(word) for _, word in words]
        pattern = text + "*" if isinstance(node, wq.Prefix) else text
        if field in facet_names:
            names = facet_names[field]
            return sorted({names[name] for name in fnmatch.filter(names, pattern)})[:share]
        return _until(_matching_words(reader, field, pattern, deadline), deadline, share)

    def expand(node: wq.Query) -> wq.Query:
        field = node.fieldname
        words_field = f"spell_{field}"
        patterned = isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm))
        if patterned and field in TEXT_FIELDS and words_field in indexed:
            terms = sorted({index_term(word) for word in words_of(node, words_field)})
        elif patterned and field in indexed:
            terms = words_of(node, field)
        else:
            terms = [_text(t) for _, t in _until(node.expanded_terms(reader), deadline, share)]
        if not terms:
            return wq.NullQuery
        return wq.Or([wq.Term(field, term, boost=node.boost) for term in terms])

    def fix(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Every):
            return wq.Every()
        if (isinstance(node, wq.Term) and node.fieldname in TEXT_FIELDS
                and node.text.endswith(ACRONYM_MARK)
                and not any((name, node.text) in reader for name in TEXT_FIELDS)):
            # An acronym no document writes in capitals ("WHO IS" typed with caps lock on)
            # is the word.
            return wq.Term(node.fieldname, node.text[:-len(ACRONYM_MARK)], boost=node.boost)
        if isinstance(node, wq.Term) and node.fieldname in facet_names:
            value = facet_names[node.fieldname].get(node.text.lower(), node.text)
            return wq.Term(node.fieldname, value, boost=node.boost)
        if isinstance(node, expandable):
            key = repr(node)
            if key not in expanded:
                expanded[key] = expand(node)
            return expanded[key]
        if node.is_leaf():
            return node
        return node.apply(fix)

    return fix(q)
