"""One total order of the matching documents, from which every page is cut.

Whoosh's top-N collector is not a stable ranking: with a limit it replaces sub-matchers that
cannot reach the current N-th score and skips posting blocks by their stored maximum quality
(``optimize``), and its cut falls through groups of equal scores by document number. So the
order of an OR query depended on the ``limit`` asked for: on 2,132 UN speeches, pages of ten
of ``human trafficking`` repeated and skipped documents. Here every matching document is scored
(no limit, no block skipping), then sorted by a key that leaves no ties: relevance tier, score,
date (newest first), then document id. A page is a slice of that list, so pages of any size
concatenate to the same ranking.
"""

from __future__ import annotations

from collections.abc import Collection

from whoosh import query as wq

from indexer import query as query_lang
from indexer import scoring

SCORE_DIGITS = 6  # scores equal to this many decimals are ties (float noise is not an order)


def _column(reader, name: str):
    return reader.column_reader(name, translate=False) if reader.has_column(name) else None


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def doc_id(searcher, docnum: int) -> str:
    """A document's id, from the id column (not its stored fields, which hold the whole text)."""
    reader = searcher.reader()
    if reader.has_column("id"):
        return _text(reader.column_reader("id", translate=False)[docnum])
    return searcher.stored_fields(docnum)["id"]


def order(searcher, q: wq.Query | None, docs: Collection[int] | None, sort: str,
          dated: Collection[int]) -> list[tuple[int, float]]:
    """The documents matching ``q`` (None: every one), or ``docs`` when given (the matches
    already filtered), as ``(docnum, score)`` in the one order pages are cut from.

    ``sort`` is ``relevance`` (documents with every word of a multi-word query first, then by
    score, then newest, then id), ``newest`` or ``oldest`` (dated documents by date, then the
    undated ones; equal dates by id). ``dated`` holds the documents that have a date.
    """
    if docs is not None and not docs:
        return []  # Whoosh reads an empty filter as no filter at all
    reader = searcher.reader()
    ids = _column(reader, "id")
    dates = _column(reader, "date")

    def doc_id(docnum: int) -> str:
        return _text(ids[docnum]) if ids is not None else searcher.stored_fields(docnum)["id"]

    def date(docnum: int) -> int:
        return dates[docnum] if dates is not None and docnum in dated else -1

    if docs is not None:
        matching = set(docs)
    else:
        matching = set(reader.all_doc_ids() if q is None else searcher.docs_for_query(q))

    if q is None or sort != "relevance":
        sign = -1 if sort == "newest" or q is None and sort == "relevance" else 1

        def by_date(docnum: int):
            when = date(docnum)
            return (when < 0, sign * when, doc_id(docnum))

        return [(docnum, 0.0) for docnum in sorted(matching, key=by_date)]

    every = query_lang.all_words(q)
    first = frozenset(matching & set(searcher.docs_for_query(every))) if every else frozenset()
    terms = scoring.terms_of(q, every.subqueries if every else ())
    score = scoring.scores(searcher, terms, matching)

    def key(docnum: int):
        return (docnum not in first if every else False, -round(score[docnum], SCORE_DIGITS),
                -date(docnum), doc_id(docnum))

    ranked = sorted(matching, key=key)
    if terms.pairs:
        window = ranked[:scoring.PROXIMITY_WINDOW]
        for docnum, boost in scoring.proximity(searcher, terms.pairs, window).items():
            score[docnum] += boost
        ranked = sorted(window, key=key) + ranked[len(window):]
    return [(docnum, score[docnum]) for docnum in ranked]


def all_words_count(searcher, q: wq.Query | None, docs: Collection[int] | None) -> int | None:
    """How many of ``docs`` have every word of a multi-word query (None for other queries)."""
    every = query_lang.all_words(q)
    if every is None:
        return None
    found = set(searcher.docs_for_query(every))
    return len(found if docs is None else found & set(docs))
