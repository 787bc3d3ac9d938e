"""Entity pages as plain data: who and what the archive is about, from the index's facets.

An entity is one value of a declared facet (``organization: UNODC``). Everything here is counted
from the same value → documents sets the facet counts use (:class:`indexer.facets.FacetIndex`),
so there is no second store to keep in step with the index: how many documents name the entity,
a year histogram, the entities of the several-valued facets most often named with it, and its
newest documents (one search-core call). Aliases come from the curator's ``entities.toml``
(:func:`indexer.entities.load_aliases`), passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping

from indexer.document_fields import FACETS, FACETS_BY_NAME, YEAR_FACET
from indexer.facets import label
from indexer.service import Archive, SearchRequest

RELATED = 20
DOCUMENTS = 20


def canonical(archive: Archive, facet: str, value: str) -> str | None:
    """The value as indexed (``unodc`` → ``UNODC``, a language's name → its code), or None when
    the facet or the value is unknown."""
    if facet not in FACETS_BY_NAME:
        return None
    return archive.facet_index().lookup.get(facet, {}).get(value.strip().lower())


def entity(archive: Archive, facet: str, value: str,
           aliases: Mapping[str, Mapping[str, list[str]]] | None = None,
           documents: int = DOCUMENTS) -> dict | None:
    """Everything an entity page shows, JSON-ready; None when the archive has no such entity."""
    found = canonical(archive, facet, value)
    if found is None:
        return None
    index = archive.facet_index()
    docs = index.docs[facet][found]
    years = sorted(
        (int(year), n) for year, year_docs in index.docs.get(YEAR_FACET, {}).items()
        if str(year).isdigit() and (n := len(year_docs & docs))
    )
    related = []
    for other in FACETS:
        if not other.multi:
            continue
        for other_value, other_docs in index.docs[other.name].items():
            if other.name == facet and other_value == found:
                continue
            if n := len(other_docs & docs):
                related.append((other.name, other_value, n))
    order = {f.name: i for i, f in enumerate(FACETS)}
    related.sort(key=lambda row: (-row[2], order[row[0]], row[1].lower()))
    newest = archive.search(SearchRequest(filters={facet: (found,)}, sort="newest",
                                          per_page=documents, facet_size=1))
    return {
        "facet": facet,
        "facet_label": FACETS_BY_NAME[facet].label,
        "value": found,
        "label": label(facet, found),
        "aliases": list((aliases or {}).get(facet, {}).get(found, [])),
        "count": len(docs),
        "years": [{"year": year, "count": n} for year, n in years],
        "undated": len(docs) - sum(n for _, n in years),
        "related": [{"facet": name, "value": v, "label": label(name, v), "count": n}
                    for name, v, n in related[:RELATED]],
        "documents": newest["results"],
    }


def all_entities(archive: Archive) -> list[dict]:
    """Every value of every facet with its document count, commonest first: the archive's
    index of names."""
    index = archive.facet_index()
    listing = []
    for facet in FACETS:
        values = sorted(index.docs[facet.name].items(),
                        key=lambda item: (-len(item[1]), str(item[0]).lower()))
        listing.append({
            "facet": facet.name,
            "facet_label": facet.label,
            "values": [{"value": value, "label": label(facet.name, value), "count": len(docs)}
                       for value, docs in values],
        })
    return listing
