"""Highlighted passages: a text's segments, the query's matches marked (plain data, see
:data:`indexer.service.Segment`; the web front end and the CLI render the marks).

The index keeps each word's positions, not its characters: a match's characters are found by
counting words in the stored text as the analyzer counts them (word N is the Nth match of its
word pattern; :func:`indexer.analysis.word_spans`), without analysing the text again. The
fragmenter's default 32 K character limit is lifted so that matches late in a long document
are found too.

A quoted phrase is one match: its words are marked together, in one segment, where they stand
in order, and not where one of them stands alone (Whoosh marks every occurrence of every word
it matched, so ``"forced labour"`` marked "child labour" too, and a document page counted each
word as a match). Unquoted neighbouring words found side by side are one match too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

import numpy as np
from whoosh import highlight
from whoosh import query as wq
from whoosh.analysis import Token

from indexer.analysis import word_spans
from indexer.engines.whoosh import postings, scoring
from indexer.engines.whoosh import query as query_lang
from indexer.engines.whoosh.schema import TEXT_FIELDS
from indexer.highlights import Segment, tidy, unmarked
from indexer.service import SNIPPET_CHARS, SNIPPET_PASSAGES


@dataclass(frozen=True)
class PageMatches:
    """Where the searched words of a query stand in each document of a page: the positions of
    each word in each text field, read from the postings of those documents only (no matcher
    runs the query again to find them)."""

    terms: scoring.Terms
    positions: dict[int, dict[str, dict[str, list[int]]]]  # docnum -> field -> word -> positions

    def of(self, docnum: int, field: str) -> dict[str, list[int]]:
        return self.positions.get(docnum, {}).get(field, {})


def page_matches(searcher, q: wq.Query, docnums: Sequence[int]) -> PageMatches:
    """The matches of ``q``'s searched parts (its words, expansions and phrases; not what it
    excludes) in ``docnums``."""
    every = query_lang.all_words(q)
    terms = scoring.terms_of(q, every.subqueries if every else ())
    wanted: dict[str, set[str]] = {field: set() for field in TEXT_FIELDS}
    for word, (fields, _) in terms.words.items():
        for field in fields:
            wanted[field].add(word)
    for words, fields in terms.phrases.items():
        for field in fields:
            wanted[field].update(words)
    found: dict[int, dict[str, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(dict))
    for field, words in wanted.items():
        for word in sorted(words):
            for docnum, at in postings.positions(searcher, field, word, docnums).items():
                found[docnum][field][word] = at
    return PageMatches(terms, found)


def _with_characters(positions: dict[str, list[int]],
                     text: str) -> dict[str, list[tuple[int, int, int]]]:
    """Each word's occurrences as (position, start, end) in ``text``."""
    starts, ends = word_spans(text)
    count = len(starts)
    chars = {}
    for word, found in positions.items():
        at = np.asarray(found, dtype=np.int64)
        at = at[at < count]
        chars[word] = list(zip(at.tolist(), starts[at].tolist(), ends[at].tolist(), strict=True))
    return chars


def _match_tokens(terms: scoring.Terms, fieldname: str, chars) -> list[Token]:
    """One token per match in the field: each occurrence of a single word, each occurrence of
    a quoted phrase (from its first word's start to its last word's end), and neighbouring
    words of the query found side by side in order (``forced labour`` unquoted) as one."""
    tokens = []
    for word, (fields, _) in terms.words.items():
        if fieldname in fields:
            tokens += [Token(text=word, pos=pos, startchar=start, endchar=end)
                       for pos, start, end in chars.get(word, ())]
    phrases = [*terms.phrases.items(), *((pair, {fieldname}) for pair in terms.pairs)]
    for words, fields in phrases:
        if fieldname not in fields or not all(word in chars for word in words):
            continue
        at = [{pos: (start, end) for pos, start, end in chars[word]} for word in words]
        for pos, (start, _) in sorted(at[0].items()):
            if all(pos + i in at[i] for i in range(1, len(words))):
                end = at[-1][pos + len(words) - 1][1]
                tokens.append(Token(text=" ".join(words), pos=pos, startchar=start, endchar=end))
    # Overlapping matches (a word also inside a phrase) become the longest one.
    tokens.sort(key=lambda token: (token.startchar, -token.endchar))
    merged: list[Token] = []
    for _, group in groupby(tokens, key=lambda token: token.startchar):
        token = next(group)
        if merged and token.startchar < merged[-1].endchar:
            continue
        merged.append(token)
    return merged


_PASSAGES = highlight.PinpointFragmenter(maxchars=SNIPPET_CHARS // 2, surround=45,
                                        autotrim=True, charlimit=None)
_SCORER = highlight.BasicFragmentScorer()


def _segments(fragment: highlight.Fragment) -> list[Segment]:
    """The fragment's text, its matches marked (a match overlapping an earlier one is not)."""
    segments, at, text = [], fragment.startchar, fragment.text
    for token in fragment.matches:
        if token.startchar < at:
            continue
        segments += [(text[at:token.startchar], False), (text[token.startchar:token.endchar], True)]
        at = token.endchar
    segments.append((text[at:fragment.endchar], False))
    return [(part, marked) for part, marked in segments if part]


def lead(text: str, limit: int = SNIPPET_CHARS) -> list[list[Segment]]:
    """The opening of ``text`` cut on a word boundary, as one passage: the snippet when
    nothing matched (none for no text)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return [unmarked(text)] if text else []


def passages(text: str, matches: PageMatches, docnum: int,
             field: str = "body") -> tuple[list[list[Segment]], int | None]:
    """The best passages of ``field`` around the matches, in the text's order (none when
    nothing in it matched), and where in the text the best passage's first match stands (for
    the page it is on)."""
    tokens = _match_tokens(matches.terms, field,
                           _with_characters(matches.of(docnum, field), text))
    fragments = highlight.top_fragments(_PASSAGES.fragment_matches(text, tokens),
                                        SNIPPET_PASSAGES, _SCORER, highlight.FIRST, minscore=1)
    best = max(fragments, key=_SCORER, default=None)
    start = best.matches[0].startchar if best is not None and best.matches else None
    return [tidy(_segments(fragment)) for fragment in fragments], start


def whole(text: str, matches: PageMatches, docnum: int, field: str) -> list[Segment] | None:
    """All of ``field`` with every match marked (None when nothing in it matched)."""
    tokens = _match_tokens(matches.terms, field,
                           _with_characters(matches.of(docnum, field), text))
    if not tokens:
        return None
    return _segments(highlight.Fragment(text, tokens))
