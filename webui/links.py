"""The search page's links: every URL is the current query's parameters with one change.

Pure functions over a list of ``(name, value)`` pairs, so that toggling a facet value, removing a
chip, changing the sort or the page are testable without a request, and every URL is built by
``urlencode`` (never by gluing strings), which escapes whatever a user or a document supplied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from indexer.document_fields import FACETS

Params = list[tuple[str, str]]

# The parameters a results page carries; anything else in the URL is dropped from its links.
KEPT = ("q", "sort", "per_page", "date_from", "date_to", "show_duplicates",
        *(facet.name for facet in FACETS))
FILTERS = tuple(facet.name for facet in FACETS)
# Page links shown either side of the current page.
PAGE_WINDOW = 2


def clean(pairs: Iterable[tuple[str, str]]) -> Params:
    """The meaningful parameters, without empty values, repeats or the page number."""
    seen = set()
    kept = []
    for name, value in pairs:
        value = value.strip() if name != "q" else value
        if name in KEPT and value and (name, value) not in seen:
            seen.add((name, value))
            kept.append((name, value))
    return kept


def href(params: Params, **changes: str | int | None) -> str:
    """``?…`` for ``params`` with single-valued parameters replaced (None or "" removes them)."""
    pairs = [(name, value) for name, value in params if name not in changes]
    pairs += [(name, str(value)) for name, value in changes.items() if value not in (None, "")]
    return "?" + urlencode(pairs) if pairs else "?"


def toggle(params: Params, name: str, value: str) -> str:
    """The link that selects ``value`` of facet ``name``, or unselects it when selected."""
    if (name, value) in params:
        return href([pair for pair in params if pair != (name, value)])
    return href([*params, (name, value)])


def without_filters(params: Params) -> str:
    """"Clear all": the query and sort kept, every facet value and date bound dropped."""
    return href([(n, v) for n, v in params if n not in FILTERS + ("date_from", "date_to")])


def without(params: Params, *names: str) -> str:
    """``params`` without any value of ``names``: the base a year range replaces its bounds in."""
    return href([(name, value) for name, value in params if name not in names])


def applied(params: Params) -> int:
    """How many filters (facet values and date bounds) the search has."""
    return sum(1 for name, _ in params if name in FILTERS + ("date_from", "date_to"))


def results_state(params: Params, page: int) -> str:
    """The results page a document was opened from, as one URL parameter's value, so that the
    document page's "Back to the results" returns to the same query, filters, sort and page."""
    return urlencode(params + ([("page", str(page))] if page > 1 else []))


def back_to_results(state: str) -> str:
    """The search page's ``?…`` for a :func:`results_state` value; whatever else a hand-edited
    URL put in it is dropped (only the results' own parameters and a page number are kept)."""
    pairs = parse_qsl(state[:4000], keep_blank_values=False)
    page = next((value for name, value in pairs if name == "page" and value.isdigit()), None)
    return href(clean(pairs), page=int(page) if page and int(page) > 1 else None)


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…")
    current: bool = False


def page_links(page: int, per_page: int, total: int) -> list[PageLink]:
    """First, last and the pages around the current one, with gaps where pages are skipped."""
    last = last_page(per_page, total)
    numbers = {1, last, *range(max(1, page - PAGE_WINDOW), min(last, page + PAGE_WINDOW) + 1)}
    # A gap of one page shows that page: "…" would take as much room.
    numbers |= {n + 1 for n in numbers if n + 2 in numbers}
    links: list[PageLink] = []
    for number in sorted(numbers):
        if links and number > links[-1].number + 1:
            links.append(PageLink(None))
        links.append(PageLink(number, number == page))
    return links


def last_page(per_page: int, total: int) -> int:
    return max(1, -(-total // per_page))
