"""A result set as CSV, JSON Lines or RIS, written as it streams from the search core.

Every format is a generator of text chunks over :meth:`indexer.service.Archive.stream` (either
engine's), so an export of any size holds one chunk of records at a time. CSV and JSON Lines open
with what makes a table traceable and re-runnable: the query, filters, sort, dates, the time of the
export and the index build it ran on (see ``ResultStream.build_id``). RIS (for Zotero, EndNote) has
no place for a header; its records carry the same fields a citation needs.

CSV is UTF-8 with a byte-order mark, so that spreadsheets read it as UTF-8, and a cell that
starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is prefixed with ``'`` so
that a spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator

from indexer.document_fields import FACETS
from indexer.highlights import snippet_text
from indexer.service import ResultStream, SearchRequest

FORMATS = ("csv", "jsonl", "ris")
MIMETYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson",
             "ris": "application/x-research-info-systems"}
ENTITY_FACETS = tuple(facet.name for facet in FACETS if facet.multi)
COLUMNS = ("id", "title", "date", "source", "kind", "language", *ENTITY_FACETS, "url",
           "snippet", "score")
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# RIS reference types by the kind of document; anything else is a generic reference.
RIS_TYPES = {"news": "NEWS", "report": "RPRT"}

PageUrl = Callable[[str], str]  # document id -> the address of its page


def provenance(request: SearchRequest, stream: ResultStream, now: dt.datetime) -> dict:
    """What the export was made from: enough to trace a table back and run it again."""
    return {
        "query": request.q,
        "filters": {facet: list(values) for facet, values in request.filters.items() if values},
        "sort": request.sort,
        "date_from": request.date_from.isoformat() if request.date_from else None,
        "date_to": request.date_to.isoformat() if request.date_to else None,
        "exported_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "index_build": stream.build_id,
        "total": stream.total,
    }


def flat(record: dict, page_url: PageUrl) -> dict:
    """One result as the exported fields, entities by facet."""
    entities = record.get("entities", {})
    return {
        "id": record["id"],
        "title": record["title"],
        "date": record["date"] or "",
        "source": record["source"],
        "kind": record["kind"],
        "language": record["language"],
        **{facet: entities.get(facet, []) for facet in ENTITY_FACETS},
        "url": page_url(record["id"]),
        "snippet": snippet_text(record),
        "score": record.get("score"),
    }


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would take for a formula, made text."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _csv_line(cells: list) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def csv_lines(info: dict, stream: ResultStream, page_url: PageUrl) -> Iterator[str]:
    lines = [f"# Sift export: {info['total']} documents"]
    for key in ("query", "filters", "sort", "date_from", "date_to", "exported_at",
                "index_build"):
        value = info[key]
        if key == "filters":
            value = "; ".join(f"{facet}={v}" for facet, values in value.items() for v in values)
        lines.append(f"# {key}: {' '.join(str(value if value is not None else '').split())}")
    yield BOM + "".join(_csv_line([line]) for line in lines)
    yield _csv_line(list(COLUMNS))
    for record in stream.rows:
        row = flat(record, page_url)
        cells = []
        for column in COLUMNS:
            value = row[column]
            if isinstance(value, list):
                value = "; ".join(value)
            cells.append("" if value is None else neutralise(str(value)))
        yield _csv_line(cells)


def jsonl_lines(info: dict, stream: ResultStream, page_url: PageUrl) -> Iterator[str]:
    yield json.dumps({"export": info}, ensure_ascii=False) + "\n"
    for record in stream.rows:
        yield json.dumps(flat(record, page_url), ensure_ascii=False) + "\n"


def _ris_value(value: str) -> str:
    return " ".join(str(value).split())


def ris_lines(info: dict, stream: ResultStream, page_url: PageUrl) -> Iterator[str]:
    for record in stream.rows:
        row = flat(record, page_url)
        tags = [("TY", RIS_TYPES.get(row["kind"], "GEN")), ("ID", row["id"]),
                ("TI", row["title"])]
        if row["date"]:
            year, month, day = (row["date"].split("-") + ["", ""])[:3]
            tags += [("PY", year), ("DA", f"{year}/{month}/{day}/")]
        if row["source"]:
            tags.append(("PB", row["source"]))
        if row["language"]:
            tags.append(("LA", row["language"]))
        if record.get("source_url"):
            tags.append(("UR", record["source_url"]))
        tags.append(("UR", row["url"]))
        tags += [("KW", value) for facet in ENTITY_FACETS for value in row[facet]]
        if row["snippet"]:
            tags.append(("AB", row["snippet"]))
        tags.append(("N1", f"Exported from Sift, index build {info['index_build']}, "
                           f"{info['exported_at']}"))
        lines = [f"{tag}  - {_ris_value(value)}" for tag, value in tags if str(value).strip()]
        yield "\r\n".join([*lines, "ER  - ", "", ""])


WRITERS = {"csv": csv_lines, "jsonl": jsonl_lines, "ris": ris_lines}


def export(fmt: str, request: SearchRequest, stream: ResultStream, page_url: PageUrl,
           now: dt.datetime | None = None) -> Iterator[str]:
    """The export of ``stream`` (made from ``request``) in ``fmt``, chunk by chunk."""
    info = provenance(request, stream, now or dt.datetime.now(dt.UTC))
    return WRITERS[fmt](info, stream, page_url)
