"""What the HTML pages show beyond the search core's answer: the year histogram, query examples
taken from the archive itself, a citation line. Pure functions, testable without a request."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indexer.document_fields import ENTITY, FACETS, YEAR, Facet

# A histogram wider than this many years shows only the years that have documents (a stray
# "year 1" would otherwise draw two thousand empty bars); any real archive's span is drawn whole.
MAX_YEAR_SPAN = 400
# At most this many year labels under the chart, at round steps: every year on a short span,
# every decade from 1946 to 2024.
YEAR_LABELS = 8
LABEL_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    height: int  # percent of the tallest bar; at least 2 when count > 0, so it stays visible
    selected: bool
    label: str = ""  # the year printed under the bar, on round years only


def label_step(first: int, last: int) -> int:
    """The smallest round step that labels at most YEAR_LABELS years between first and last."""
    for step in LABEL_STEPS:
        if last // step - (first - 1) // step <= YEAR_LABELS:
            return step
    return LABEL_STEPS[-1]


def _is_year(value) -> bool:
    return re.fullmatch(r"[0-9]{1,5}", str(value)) is not None


def year_bars(rows: list[dict], tallest: int = 0) -> list[Bar]:
    """The year facet's rows as bars on a real time axis: every year between the first and the
    last, the empty ones as gaps, round years labelled. ``tallest`` scales the bars when another
    bar (the undated one) is drawn beside them."""
    # A year typed into the URL may be anything ("?year=abc" is listed as selected, at zero).
    years = [row for row in rows if _is_year(row["value"])]
    counts = {int(row["value"]): row["count"] for row in years}
    selected = {int(row["value"]) for row in years if row["selected"]}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    years = range(first, last + 1) if last - first <= MAX_YEAR_SPAN else sorted(counts)
    tallest = max(tallest, *counts.values()) or 1
    step = label_step(first, last)
    return [
        Bar(
            year,
            counts.get(year, 0),
            bar_height(counts.get(year, 0), tallest),
            year in selected,
            str(year) if year % step == 0 or len(years) == 1 else "",
        )
        for year in years
    ]


def bar_height(count: int, tallest: int) -> int:
    return max(2, round(100 * count / tallest)) if count else 0


@dataclass(frozen=True)
class YearChart:
    bars: list[Bar]
    undated: int | None  # documents without a date among the results; None: not known here
    undated_height: int
    first: int | None  # the span the range inputs offer
    last: int | None


def year_chart(answer: dict, facet: str) -> YearChart:
    """The search page's chart: the bars of ``facet`` (the years') and the undated documents' bar.

    The undated count is the answer's ``undated_total`` when the search core gives it; else it is
    the results less the documents counted under a year, which holds while no year is chosen (a
    chosen year's own facet counts the query without it, so the difference would mean nothing).
    """
    rows = answer["facets"].get(facet, [])
    undated = answer.get("undated_total")
    if undated is None and not any(row["selected"] for row in rows):
        undated = answer["total"] - sum(row["count"] for row in rows if _is_year(row["value"]))
    bars = year_bars(rows, tallest=undated or 0)
    counts = [row["count"] for row in rows if _is_year(row["value"])]
    tallest = max([undated or 0, *counts]) or 1
    dated = [bar.year for bar in bars]
    return YearChart(
        bars=bars,
        undated=undated,
        undated_height=bar_height(undated or 0, tallest),
        first=min(dated) if dated else None,
        last=max(dated) if dated else None,
    )


def facet_rows(rows: list[dict], order: str = "count", contains: str = "") -> list[dict]:
    """A facet's values as a reader scans them: the chosen ones pinned on top, then the others by
    count (the search core's order) or A–Z; with ``contains``, only the values whose label or
    value contains it, whatever the case ("qa" finds Qatar); the chosen ones stay listed, so a
    search within the facet never unticks them."""
    needle = contains.casefold()
    if needle:
        rows = [row for row in rows if row["selected"]
                or needle in str(row["label"]).casefold() or needle in str(row["value"]).casefold()]
    if order == "az":
        rows = sorted(rows, key=lambda row: str(row["label"]).casefold())
    return [row for row in rows if row["selected"]] + [row for row in rows if not row["selected"]]


@dataclass(frozen=True)
class Example:
    query: str
    explains: str


def query_examples(facets: dict[str, list[dict]],
                   declared: tuple[Facet, ...] = FACETS) -> list[Example]:
    """Queries built from the archive's commonest facet values, by the facets' kinds: a phrase
    and a prefix from the commonest value of several words, each entity facet's commonest
    value, a word without another facet's value, and the span of the year facet. Some may find
    nothing (a topic's words need not appear as a phrase), so the caller keeps those that do."""

    def quoted(value: str) -> str:
        return f'"{value}"' if " " in value else value

    tops = [(facet, rows[0]) for facet in declared
            if facet.kind == ENTITY and (rows := facets.get(facet.name))]
    examples = []
    phrases = [row for _, row in tops if " " in row["value"]]
    phrase = max(phrases, key=lambda row: row["count"])["value"] if phrases else None
    if phrase:
        examples.append(Example(quoted(phrase), "the exact phrase"))
        longest = max(phrase.split(), key=len)
        if len(longest) >= 6:
            stem = longest[: max(4, len(longest) - 3)]
            examples.append(Example(stem + "*", f"words starting with “{stem}”"))
    for facet, row in tops:
        examples.append(Example(f"{facet.name}:{quoted(row['value'])}",
                                f"documents naming this {facet.label.lower()}"))
    others = [row["value"] for _, row in tops if row["value"] != phrase]
    if phrase and others:
        examples.append(Example(f"{max(phrase.split(), key=len)} -{quoted(others[0].lower())}",
                                "the first word, without the second"))
    for facet in (facet for facet in declared if facet.kind == YEAR):
        years = [int(row["value"]) for row in facets.get(facet.name) or []
                 if str(row["value"]).isdigit()]
        if len(years) >= 2:
            examples.append(Example(f"{facet.name}:[{min(years)} TO {max(years)}]",
                                    "a range of years"))
    return examples


def published_later(first: str | None, other: str | None) -> str:
    """How long after ``first`` (an ISO date) ``other`` came out: "2 days later", "the same
    day", "a day earlier"; "" when either is undated."""
    if not first or not other:
        return ""
    if len(first) < 10 or len(other) < 10:  # a year or a month: no count of days
        return ""
    days = (dt.date.fromisoformat(other) - dt.date.fromisoformat(first)).days
    if days == 0:
        return "the same day"
    count = "a day" if abs(days) == 1 else f"{abs(days):,} days"
    return f"{count} {'later' if days > 0 else 'earlier'}"


def long_date(iso: str) -> str:
    """2018-07-30 → 30 July 2018: unambiguous in every country; 2019-03 → March 2019 and
    2019 → 2019 for documents dated only to the month or the year."""
    if re.fullmatch(r"\d{4}", iso):
        return iso
    if re.fullmatch(r"\d{4}-\d{2}", iso):
        return dt.date.fromisoformat(f"{iso}-01").strftime("%B %Y")
    return dt.date.fromisoformat(iso).strftime("%-d %B %Y")


def byline(record: dict) -> str:
    """Who and when, "Qatar, 2019", leaving out what the title already says (a title made from
    a path pattern names both); for the tab title."""
    title = record.get("title", "")
    when = long_date(record["date"]) if record.get("date") else ""
    who = record.get("speaker") or record.get("source") or ""
    return ", ".join(part for part in (who, when) if part and part not in title)


def citation(record: dict, page_url: str) -> str:
    """"Title. Source, 30 July 2018. URL" — the original's address when known, else this page's."""
    parts = [record["title"].rstrip(".") + "."]
    when = long_date(record["date"]) if record.get("date") else ""
    who = record.get("speaker") or record.get("source")
    byline = ", ".join(part for part in (who, when) if part)
    if byline:
        parts.append(byline + ".")
    parts.append(record.get("source_url") or page_url)
    return " ".join(parts)
