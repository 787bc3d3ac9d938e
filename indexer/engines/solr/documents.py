"""Sift's document records (indexer.documents) as Solr documents, and Solr's stored fields back
as the result records the search core returns.

The records are engine-independent; only their encoding differs: Whoosh keeps an entity facet
as one comma-separated string and dates as naive datetimes, Solr wants a list of values and ISO
instants in UTC.
"""

from __future__ import annotations

import datetime as dt

from indexer.document_fields import FACETS
from indexer.engines.solr import groups
from indexer.service import result_record


def _instant(value: dt.datetime | dt.date) -> str:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_solr(record: dict) -> dict:
    """The Solr document of a record: entity facets as lists, dates as ISO instants, the
    near-duplicate signature in base64, empty values left out (a missing field, as in Whoosh).
    A record is its own near-duplicate group until the groups are written
    (indexer.engines.solr.groups); an atomic update (a field's ``{"set": ...}``) is sent as it
    is."""
    if any(isinstance(value, dict) for value in record.values()):
        return record
    multi = {facet.name for facet in FACETS if facet.multi}
    document = {groups.FIELD: record["id"]}
    for name, value in record.items():
        if value in ("", b"", None, [], ()):
            continue
        if name == groups.SIGNATURE:
            value = groups.encoded(value)
        if name in multi and isinstance(value, str):
            value = [part for part in value.split(",") if part]
            if not value:
                continue
        elif isinstance(value, (dt.datetime, dt.date)):
            value = _instant(value)
        document[name] = value
    return document


def parse_instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")


def record(stored: dict) -> dict:
    """The metadata every result carries, from a Solr document's stored fields (the shape of
    indexer.engines.whoosh.search's records, made by the same function)."""
    return result_record({**stored, "date": parse_instant(stored.get("date"))})


# What service.result_record reads (its single-valued facets from the declarations), and the
# pages a snippet's page is found from.
RECORD_FIELDS = ("id", "path", "title", "date", "date_precision", "source_url", "page_starts",
                 *(facet.name for facet in FACETS if not facet.multi))
