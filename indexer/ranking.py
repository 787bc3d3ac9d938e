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

from collections.abc import Collection, Iterable

from whoosh import query as wq

SCORE_DIGITS = 6  # scores equal to this many decimals are ties (float noise is not an order)


def _column(reader, name: str):
    return reader.column_reader(name, translate=False) if reader.has_column(name) else None


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def order(searcher, q: wq.Query | None, docs: Collection[int] | None, sort: str,
          dated: Collection[int], tiers: Iterable[Collection[int]] = ()) -> list[tuple[int, float]]:
    """Every document of ``docs`` (None: the whole index) matching ``q`` (None: every one) as
    ``(docnum, score)`` in the one order pages are cut from.

    ``sort`` is ``relevance`` (tier, then score, then newest, then id), ``newest`` or
    ``oldest`` (dated documents by date, then the undated ones; equal dates by id). ``tiers``
    are sets of documents ranked ahead of the rest, in order (the documents with every word of
    the query before those with some). ``dated`` holds the documents that have a date.
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

    if q is not None and sort == "relevance":
        # limit=None: the unlimited collector scores every match, no quality skipping.
        results = searcher.search(q, filter=docs, limit=None, optimize=False)
        scored = [(docnum, score) for score, docnum in results.top_n]
    else:
        if q is not None:
            matching = searcher.docs_for_query(q)
        elif docs is not None:
            matching = docs
        else:
            matching = reader.all_doc_ids()
        allowed = docs if q is not None and docs is not None else None
        scored = [(docnum, 0.0) for docnum in matching if allowed is None or docnum in allowed]

    tier_sets = [frozenset(tier) for tier in tiers]

    def tier(docnum: int) -> int:
        return next((i for i, members in enumerate(tier_sets) if docnum in members),
                    len(tier_sets))

    if sort == "relevance":
        def key(item):
            docnum, score = item
            return (tier(docnum), -round(score, SCORE_DIGITS), -date(docnum), doc_id(docnum))
    else:
        sign = -1 if sort == "newest" else 1

        def key(item):
            docnum = item[0]
            when = date(docnum)
            return (when < 0, sign * when, doc_id(docnum))

    return sorted(scored, key=key)
