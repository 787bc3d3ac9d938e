"""Facet values, their documents, and disjunctive counts.

For each facet the reader's postings give value → documents once per index version; counting
is then set intersection in C. Counts are disjunctive: each facet is counted over the documents
that match the query and every *other* facet's selection, so choosing one country does not make
the other countries vanish (values within a facet are OR-ed, facets are AND-ed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry

from indexer.schema import FACETS, FACETS_BY_NAME, LANGUAGE, YEAR

DEFAULT_FACET_SIZE = 10


@dataclass(frozen=True)
class FacetIndex:
    """Per index version: for each facet, each value's document numbers."""

    docs: dict[str, dict[str, frozenset[int]]]  # facet -> value -> docnums
    lookup: dict[str, dict[str, str]]  # facet -> lower-cased value or label -> value


def language_label(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    return language.name if language else code


def label(facet: str, value: str) -> str:
    declared = FACETS_BY_NAME.get(facet)
    return language_label(value) if declared and declared.kind == LANGUAGE else value


def load(reader) -> FacetIndex:
    schema = reader.schema
    docs: dict[str, dict[str, frozenset[int]]] = {}
    lookup: dict[str, dict[str, str]] = {}
    for facet in FACETS:
        field = schema[facet.name]
        terms = (
            field.sortable_terms(reader, facet.name)
            if facet.kind == YEAR
            else reader.lexicon(facet.name)
        )
        values: dict[str, frozenset[int]] = {}
        for term in terms:
            value = str(field.from_bytes(term))
            values[value] = frozenset(reader.postings(facet.name, term).all_ids())
        docs[facet.name] = values
        names = {value.lower(): value for value in values}
        names.update({label(facet.name, value).lower(): value for value in values})
        lookup[facet.name] = names
    return FacetIndex(docs, lookup)


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
    counts: dict[str, list[dict]] = {}
    sizes: dict[str, int] = {}
    for facet in FACETS:
        base = restrict(matching, facet.name) if facet.name in chosen else results
        names = index.lookup[facet.name]
        wanted = {names.get(v.lower(), v) for v in selected.get(facet.name, ())}
        rows = []
        for value, docs in index.docs[facet.name].items():
            n = len(docs) if base is None else len(docs & base)
            if n or value in wanted:
                rows.append((value, n))
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
