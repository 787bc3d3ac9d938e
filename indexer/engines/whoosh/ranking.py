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

import weakref
from collections.abc import Collection
from dataclasses import dataclass
from itertools import repeat

import numpy as np
from whoosh import query as wq

from indexer.engines.whoosh import postings, scoring
from indexer.engines.whoosh import query as query_lang

SCORE_DIGITS = 6  # scores equal to this many decimals are ties (float noise is not an order)


def _column(reader, name: str):
    return reader.column_reader(name, translate=False) if reader.has_column(name) else None


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


_id_columns: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def doc_id(searcher, docnum: int) -> str:
    """A document's id, from the id column (not its stored fields, which hold the whole text);
    the column's reader is opened once per reader (opening it reads its table of offsets)."""
    reader = searcher.reader()
    if not reader.has_column("id"):
        return searcher.stored_fields(docnum)["id"]
    column = _id_columns.get(reader)
    if column is None:
        column = _id_columns[reader] = reader.column_reader("id", translate=False)
    return _text(column[docnum])


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
    if docs is not None:
        matching = np.fromiter(sorted(docs), dtype=np.int64, count=len(docs))
    elif q is None:
        matching = np.flatnonzero(postings.live(searcher))
    else:
        matching = np.flatnonzero(postings.mask(searcher, q))
    columns = _columns(searcher, dated)
    id_rank = columns.id_rank[matching]
    when = columns.dates[matching]

    if q is None or sort != "relevance":
        sign = -1 if sort == "newest" or q is None and sort == "relevance" else 1
        # undated last, then by date (newest or oldest first), then by id
        ranked = matching[np.lexsort((id_rank, sign * when, when < 0))]
        return list(zip(ranked.tolist(), repeat(0.0)))

    every = query_lang.all_words(q)
    first = postings.mask(searcher, every)[matching] if every else np.zeros(len(matching), bool)
    terms = scoring.terms_of(q, every.subqueries if every else ())
    score = scoring.scores(searcher, terms)
    ranked = matching[np.lexsort((id_rank, -when, -np.round(score[matching], SCORE_DIGITS),
                                  ~first))].tolist()
    if terms.pairs:
        first_set = set(matching[first].tolist())
        window = ranked[:scoring.PROXIMITY_WINDOW]
        for docnum, boost in scoring.proximity(searcher, terms.pairs, window).items():
            score[docnum] += boost

        def key(docnum: int):
            return (docnum not in first_set, -round(score[docnum], SCORE_DIGITS),
                    -columns.dates[docnum], columns.id_rank[docnum])

        ranked = sorted(window, key=key) + ranked[len(window):]
    return list(zip(ranked, score[ranked].tolist(), strict=True))


@dataclass(frozen=True)
class _Columns:
    dates: np.ndarray  # by document number: the date as Whoosh's long, -1 when undated
    id_rank: np.ndarray  # by document number: the place of its id among all ids, sorted


def _columns(searcher, dated: Collection[int]) -> _Columns:
    """The sort keys of every document, read once per index version (shared by threads)."""
    reader = searcher.reader()

    def make() -> _Columns:
        size = reader.doc_count_all()
        ids = _column(reader, "id")
        if ids is not None:
            names = [_text(ids[docnum]) for docnum in range(size)]
        else:  # an index without the id column: from the stored fields
            live = set(reader.all_doc_ids())
            names = [searcher.stored_fields(docnum)["id"] if docnum in live else ""
                     for docnum in range(size)]
        id_rank = np.empty(size, dtype=np.int64)
        id_rank[np.argsort(np.array(names, dtype=object), kind="stable")] = np.arange(size)
        dates = np.full(size, -1, dtype=np.int64)
        column = _column(reader, "date")
        if column is not None:
            for docnum in dated:
                dates[docnum] = column[docnum]
        return _Columns(dates, id_rank)

    return postings.per_version(reader, "columns", make)


def all_words_count(searcher, q: wq.Query | None, docs: Collection[int] | None) -> int | None:
    """How many of ``docs`` have every word of a multi-word query (None for other queries)."""
    every = query_lang.all_words(q)
    if every is None:
        return None
    found = postings.mask(searcher, every)
    if docs is None:
        return int(found.sum())
    return sum(1 for docnum in docs if found[docnum])
