"""Facet values, their documents, and disjunctive counts.

For each facet the reader's postings give value → documents once per index version, and as
numpy arrays of (document, value) pairs: counting the values of a facet over a set of documents
is then one gather and one ``bincount`` (2.3 ms for nine facets of 10,952 speeches, where
intersecting each value's set took 7 ms). Counts are disjunctive: each facet is counted over the
documents that match the query and every *other* facet's selection, so choosing one country does
not make the other countries vanish (values within a facet are OR-ed, facets are AND-ed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pycountry

from indexer.document_fields import FACETS, FACETS_BY_NAME, LANGUAGE, YEAR
from indexer.service import DEFAULT_FACET_SIZE


@dataclass(frozen=True)
class Pairs:
    """One facet's (document, value) pairs: ``values[value_of[i]]`` is a value of ``doc[i]``."""

    values: list[str]
    doc: np.ndarray
    value_of: np.ndarray
    totals: np.ndarray  # by value: its documents in all


@dataclass(frozen=True)
class FacetIndex:
    """Per index version: for each facet, each value's document numbers."""

    docs: dict[str, dict[str, frozenset[int]]]  # facet -> value -> docnums
    lookup: dict[str, dict[str, str]]  # facet -> lower-cased value or label -> value
    pairs: dict[str, Pairs]
    size: int  # document numbers run below this


def _pairs(values: dict[str, frozenset[int]]) -> Pairs:
    names = list(values)
    docs = [np.fromiter(values[name], dtype=np.int64, count=len(values[name])) for name in names]
    value_of = [np.full(len(found), number, dtype=np.int64) for number, found in enumerate(docs)]
    empty = np.empty(0, dtype=np.int64)
    return Pairs(names, np.concatenate(docs) if docs else empty,
                 np.concatenate(value_of) if docs else empty,
                 np.asarray([len(found) for found in docs], dtype=np.int64))


def language_label(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    return language.name if language else code


def label(facet: str, value: str) -> str:
    declared = FACETS_BY_NAME.get(facet)
    return language_label(value) if declared and declared.kind == LANGUAGE else value


def load(reader) -> FacetIndex:
    schema = reader.schema
    docs: dict[str, dict[str, frozenset[int]]] = {}
    for facet in FACETS:
        field = schema[facet.name]
        terms = (
            field.sortable_terms(reader, facet.name)
            if facet.kind == YEAR
            else reader.lexicon(facet.name)
        )
        docs[facet.name] = {
            str(field.from_bytes(term)): frozenset(reader.postings(facet.name, term).all_ids())
            for term in terms}
    return make_index(docs, reader.doc_count_all())


def make_index(docs: dict[str, dict[str, frozenset[int]]], size: int) -> FacetIndex:
    """The FacetIndex of each facet's values and their document numbers (all below ``size``)."""
    lookup: dict[str, dict[str, str]] = {}
    for name, values in docs.items():
        names = {value.lower(): value for value in values}
        names.update({label(name, value).lower(): value for value in values})
        lookup[name] = names
    pairs = {name: _pairs(values) for name, values in docs.items()}
    return FacetIndex(docs, lookup, pairs, size)


def selection_docs(index: FacetIndex, facet: str, values: tuple[str, ...]) -> set[int]:
    """Documents having any of ``values`` (matched whatever their case) for ``facet``."""
    by_value = index.docs.get(facet, {})
    names = index.lookup.get(facet, {})
    found: set[int] = set()
    for value in values:
        found.update(by_value.get(names.get(value.lower(), value), ()))
    return found


def count(
    index: FacetIndex,
    matching: set[int] | None,
    selected: dict[str, tuple[str, ...]],
    size: int = DEFAULT_FACET_SIZE,
) -> tuple[set[int] | None, dict[str, list[dict]], dict[str, int]]:
    """The documents matching the query and every selection, and each facet's value counts.

    ``matching`` is the set of documents matching the query and the date range (None: all).
    Returns values ordered by count then name, at most ``size`` of them (0: all), selected values
    flagged and always listed, even at zero; and how many values each facet has in all, so that
    a page can offer the full list.
    """
    chosen = {
        facet: selection_docs(index, facet, values) for facet, values in selected.items() if values
    }

    def restrict(base: set[int] | None, skip: str | None) -> set[int] | None:
        for facet, docs in chosen.items():
            if facet != skip:
                base = set(docs) if base is None else base & docs
        return base

    results = restrict(matching, None)
    results_mask = _mask(results, index.size)
    counts: dict[str, list[dict]] = {}
    sizes: dict[str, int] = {}
    for facet in FACETS:
        base = (_mask(restrict(matching, facet.name), index.size) if facet.name in chosen
                else results_mask)
        names = index.lookup[facet.name]
        wanted = {names.get(v.lower(), v) for v in selected.get(facet.name, ())}
        pairs = index.pairs[facet.name]
        found = (pairs.totals if base is None else
                 np.bincount(pairs.value_of[base[pairs.doc]], minlength=len(pairs.values)))
        rows = [(pairs.values[number], int(found[number])) for number in np.flatnonzero(found)]
        for value in wanted - {value for value, _ in rows}:
            rows.append((value, 0))
        rows.sort(key=lambda row: (-row[1], row[0].lower()))
        sizes[facet.name] = len(rows)
        listed = rows if size <= 0 else rows[:size]
        listed += [row for row in rows[len(listed):] if row[0] in wanted]
        counts[facet.name] = [
            {"value": value, "label": label(facet.name, value), "count": n,
             "selected": value in wanted}
            for value, n in listed
        ]
    return results, counts, sizes


def _mask(docs: set[int] | None, size: int) -> np.ndarray | None:
    if docs is None:
        return None
    found = np.zeros(size, dtype=bool)
    found[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
    return found
