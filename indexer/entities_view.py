"""Entity pages as plain data: who and what the archive is about, from the index's facets.

An entity is one value of a declared facet (``organization: UNODC``). Everything here comes from
the search service's answers, so it is the same on every engine and counted where the engine
counts facets (numpy over the Whoosh index's postings; Solr's facets on a cluster), with no
second store to keep in step with the index: one search for the entity (``organization:UNODC``,
a condition, so every facet is counted over its documents, its own facet included) gives how
many documents name it, a year histogram, the entities of the several-valued facets most often
named with it, and its newest documents; the index of names is the browse-all answer's facets.
Aliases come from the curator's ``entities.toml`` (:func:`indexer.entities.load_aliases`),
passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping

from indexer.document_fields import FACETS, FACETS_BY_NAME, YEAR_FACET
from indexer.facets import label
from indexer.service import Archive, SearchRequest

RELATED = 20
DOCUMENTS = 20


def _every_value(archive: Archive) -> dict[str, list[dict]]:
    """Every facet's values with their documents' counts, commonest first."""
    return archive.search(SearchRequest(per_page=1, facet_size=0))["facets"]


def canonical(archive: Archive, facet: str, value: str) -> str | None:
    """The value as indexed (``unodc`` → ``UNODC``, a language's name → its code), or None when
    the facet or the value is unknown."""
    if facet not in FACETS_BY_NAME:
        return None
    wanted = value.strip().lower()
    rows = _every_value(archive).get(facet, [])
    return next((str(row["value"]) for row in rows if str(row["value"]).lower() == wanted), None) \
        or next((str(row["value"]) for row in rows if str(row["label"]).lower() == wanted), None)


def entity(archive: Archive, facet: str, value: str,
           aliases: Mapping[str, Mapping[str, list[str]]] | None = None,
           documents: int = DOCUMENTS) -> dict | None:
    """Everything an entity page shows, JSON-ready; None when the archive has no such entity."""
    found = canonical(archive, facet, value)
    if found is None:
        return None
    if '"' not in found:  # the query language has no escape for a quote in a quoted value
        request = SearchRequest(q=f'{facet}:"{found}"', sort="newest", per_page=documents,
                                facet_size=0)
    else:  # as a filter, its own facet is counted over every document: no companions there
        request = SearchRequest(filters={facet: (found,)}, sort="newest", per_page=documents,
                                facet_size=0)
    answer = archive.search(request)
    years = sorted((int(row["value"]), row["count"])
                   for row in answer["facets"].get(YEAR_FACET, [])
                   if str(row["value"]).isdigit() and row["count"])
    related = [{"facet": other.name, "value": str(row["value"]), "label": row["label"],
                "count": row["count"]}
               for other in FACETS if other.multi
               and not (other.name == facet and request.filters)
               for row in answer["facets"].get(other.name, [])
               if row["count"] and not (other.name == facet and str(row["value"]) == found)]
    order = {f.name: i for i, f in enumerate(FACETS)}
    related.sort(key=lambda row: (-row["count"], order[row["facet"]], row["value"].lower()))
    return {
        "facet": facet,
        "facet_label": FACETS_BY_NAME[facet].label,
        "value": found,
        "label": label(facet, found),
        "aliases": list((aliases or {}).get(facet, {}).get(found, [])),
        "count": answer["total"],
        "years": [{"year": year, "count": n} for year, n in years],
        "undated": answer["undated_total"],
        "related": related[:RELATED],
        "documents": answer["results"],
    }


def all_entities(archive: Archive) -> list[dict]:
    """Every value of every facet with its document count, commonest first: the archive's
    index of names."""
    every = _every_value(archive)
    return [{
        "facet": facet.name,
        "facet_label": facet.label,
        "values": [{"value": str(row["value"]), "label": row["label"], "count": row["count"]}
                   for row in sorted(every.get(facet.name, []),
                                     key=lambda row: (-row["count"], str(row["value"]).lower()))
                   if row["count"]],
    } for facet in FACETS]
