"""The search service's contract, whichever engine answers: a request with its limits, checked
before any index is opened, and the plain-data answer every engine gives.

The web front end and the CLI speak to an archive through this module only: it loads no search
engine. An archive is opened by :func:`open_archive` (Whoosh, in ``indexer.engines.whoosh.search``)
or built by the Solr engine (``indexer.engines.solr.archive``); both have the methods of
:class:`Archive`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypedDict

from indexer import pages, query_syntax
from indexer.document_fields import FACETS, YEAR
from indexer.highlights import Segment, marks, split_paragraphs, unmarked

SORTS = ("relevance", "newest", "oldest")
SNIPPET_PASSAGES = 3  # passages of a result's snippet, at most
SNIPPET_CHARS = 250  # characters of a snippet's opening when nothing in the text matched
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
DEFAULT_FACET_SIZE = 10  # values listed per facet unless asked for more
MAX_FACET_SIZE = 10_000
FEED_SIZE = 50  # a feed's entries: the newest results
SIMILAR = 5  # documents listed as similar on a document's page


class SearchError(ValueError):
    """A request that cannot be answered as asked: ``code`` for programs, message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class IndexUnavailable(Exception):
    """There is no index to search yet, or it cannot be read now (a 503, or a message)."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    facet_size: int = DEFAULT_FACET_SIZE
    show_duplicates: bool = False  # list near-duplicates as results of their own


@dataclass
class ResultStream:
    """Every result of a request: how many, from which index version, and the records."""

    total: int
    build_id: str  # see Archive.build_id
    rows: Iterator[dict]


class FacetRow(TypedDict):
    value: str | int
    label: str  # shown to people (a language's name for its code)
    count: int
    selected: bool


class Result(TypedDict):
    """One result: its record (these, and each single-valued facet by its declared name), where
    its snippet stands, and its near-duplicates."""

    id: str
    path: str
    title: str
    date: str | None  # as precise as it is known: "2019", "2019-03" or "2019-03-12"
    source_url: str
    page: int | None  # the page of the snippet's first match, in a document of several
    title_segments: list[Segment]
    snippet: list[list[Segment]]  # passages
    score: float | None  # on the relevance sort
    duplicates: list[dict]  # the records of its near-duplicates, earliest first


class Answer(TypedDict):
    """The answer to a search, the same on every engine (the JSON API sends it as it is)."""

    ok: bool
    query: str
    total: int  # documents found
    page: int
    per_page: int
    all_words_total: int | None  # documents with every word, when the query was relaxed
    undated_total: int
    sort: str
    filters: dict[str, list[str]]
    date_from: str | None
    date_to: str | None
    entries: int  # results once near-duplicates are folded (total when they are shown)
    show_duplicates: bool
    results: list[Result]
    facets: dict[str, list[FacetRow]]
    facet_sizes: dict[str, int]  # each facet's number of values
    suggestion: str | None  # the query with its misspelt words corrected
    unmatched: list[str]  # its words no document contains
    build_id: str  # the index version that answered
    took_ms: float


def result_keys() -> set[str]:
    """The keys of every result: :class:`Result`'s and the single-valued facets'."""
    return {*Result.__annotations__, *(facet.name for facet in FACETS if not facet.multi)}


class Archive(Protocol):
    """What the web front end and the CLI ask of an archive, whichever engine holds it."""

    def search(self, request: SearchRequest) -> Answer: ...
    def stream(self, request: SearchRequest, chunk: int = MAX_PER_PAGE) -> ResultStream: ...
    def latest(self, request: SearchRequest, limit: int = FEED_SIZE) -> list[dict]: ...
    def document(self, doc_id: str, q: str = "") -> dict | None: ...
    def path_of(self, doc_id: str) -> tuple[str, str | None] | None: ...
    def suggest(self, prefix: str, limit: int = 8) -> list[str]: ...
    def document_count(self) -> int: ...
    def health(self) -> dict: ...
    def close(self) -> None: ...


def open_archive(index_dir: Path) -> Archive:
    """The Whoosh index in ``index_dir``, the embedded default (the engine is loaded here, when
    an archive is opened, not when this module is imported)."""
    from indexer.engines.whoosh.search import Archive as WhooshArchive

    return WhooshArchive(Path(index_dir))


def embedded_index_problem(index_dir: Path) -> str | None:
    """Why the Whoosh index in ``index_dir`` cannot be served (none yet, or it will not open),
    None when it can: ``sift serve`` then builds it before serving."""
    from indexer.engines.whoosh import store

    return store.problem(Path(index_dir))


def _whole_number(params, name: str, default: int, low: int, high: int) -> int:
    raw = (params.get(name) or [""])[0].strip()
    if not raw:
        return default
    if not re.fullmatch(r"\d{1,9}", raw) or not low <= int(raw) <= high:
        raise SearchError("bad_parameter", f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _date(params, name: str, end: bool) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first (or, for an end, last) day."""
    raw = (params.get(name) or [""])[0].strip()
    if not raw:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", raw)
    try:
        if not match:
            raise ValueError
        year, month, day = match.groups()
        if month is None:
            return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)
        if day is None:
            first = dt.date(int(year), int(month), 1)
            if not end:
                return first
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        message = f"{name} must be a date like 2019-11-15, 2019-11 or 2019"
        raise SearchError("bad_parameter", message) from None


def bounded_query(q: str) -> str:
    """``q`` itself, or SearchError when it is longer than the one declared bound."""
    if len(q) > query_syntax.MAX_QUERY_LENGTH:
        raise SearchError("query_too_long",
                          f"the query is longer than {query_syntax.MAX_QUERY_LENGTH} characters")
    return q


def request_from_params(params: Mapping[str, Sequence[str]]) -> SearchRequest:
    """A SearchRequest from URL-style parameters (each name with a list of values).

    Unknown parameters are ignored; a value that cannot be used raises SearchError.
    """
    q = bounded_query((params.get("q") or [""])[0])
    try:
        query_syntax.check_syntax(q)  # the query's bounds and fields, before any index is opened
    except query_syntax.QuerySyntaxError as error:
        raise SearchError("bad_query", str(error)) from None
    sort = (params.get("sort") or [""])[0] or "relevance"
    if sort not in SORTS:
        raise SearchError("bad_parameter", f"sort must be one of {', '.join(SORTS)}")
    filters = {}
    for facet in FACETS:
        values = tuple(dict.fromkeys(v.strip() for v in params.get(facet.name, ()) if v.strip()))
        if values:
            filters[facet.name] = values
    return SearchRequest(
        q=q,
        filters=filters,
        sort=sort,
        page=_whole_number(params, "page", 1, 1, MAX_PAGE),
        per_page=_whole_number(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        date_from=_date(params, "date_from", end=False),
        date_to=_date(params, "date_to", end=True),
        facet_size=_whole_number(params, "facet_size", DEFAULT_FACET_SIZE, 0, MAX_FACET_SIZE),
        show_duplicates=bool(_whole_number(params, "show_duplicates", 0, 0, 1)),
    )


def answer_head(request: SearchRequest, total: int, all_words_total: int | None,
                undated_total: int) -> dict:
    """The opening of every engine's answer, in its order: the counts, and what it repeats of
    the request."""
    return {
        "ok": True,
        "query": request.q,
        "total": total,
        "page": request.page,
        "per_page": request.per_page,
        "all_words_total": all_words_total,
        "undated_total": undated_total,
        "sort": request.sort,
        "filters": {facet: list(values) for facet, values in request.filters.items() if values},
        "date_from": request.date_from.isoformat() if request.date_from else None,
        "date_to": request.date_to.isoformat() if request.date_to else None,
    }


def date_text(date: dt.datetime, precision: str | None) -> str:
    """A date as precise as it is known: "2019", "2019-03" or "2019-03-12"."""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.date().isoformat()


def stored_values(stored: str | None) -> list[str]:
    """A multi-valued facet's values, as stored (joined by commas)."""
    return [value for value in (stored or "").split(",") if value]


def result_record(stored) -> dict:
    """The metadata every result carries, from stored fields (a Whoosh hit's, or a Solr
    document's with its date read as a datetime): one shape for every engine."""
    date = stored.get("date")
    return {
        "id": stored["id"],
        "path": stored.get("path", ""),
        "title": stored.get("title", ""),
        "date": date_text(date, stored.get("date_precision")) if date else None,
        "source_url": stored.get("source_url", ""),
        # the single-valued facets (a number missing is None, a name missing is "")
        **{facet.name: stored.get(facet.name, None if facet.kind == YEAR else "")
           for facet in FACETS if not facet.multi},
    }


def with_text(record: dict, stored, title: list[Segment] | None,
              body: list[Segment] | None) -> dict:
    """A document page's text, the same on every engine: ``record`` (with its ``title`` and
    ``body``) given the title's segments and its paragraphs with the query's matches marked
    (``title``/``body``: the engine's marked segments, None when nothing in them matched), how
    many matches, and its pages from the stored fields: how many, how many scanned pages were
    read by OCR (their text may have errors) or left unread (no text layer, OCR off or missing
    when indexed), and each paragraph's page (none when a match spanning a paragraph break made
    the marked text split otherwise)."""
    record["title_segments"] = title or unmarked(record["title"])
    record["paragraphs"] = split_paragraphs(body or unmarked(record["body"]))
    record["matches"] = sum(len(marks(paragraph)) for paragraph in record["paragraphs"])
    starts = stored.get("page_starts")
    record["pages"] = pages.page_count(starts)
    record["ocr_pages"] = stored.get("ocr_pages") or 0
    record["textless_pages"] = stored.get("textless_pages") or 0
    paragraph_pages = pages.paragraph_pages(record["body"], starts)
    record["paragraph_pages"] = (paragraph_pages if len(paragraph_pages)
                                 == len(record["paragraphs"]) else [])
    return record
