"""What the HTML pages show beyond the search core's answer: the year histogram, query examples
taken from the archive itself, a citation line. Pure functions, testable without a request."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# A histogram wider than this many years shows only the years that have documents.
MAX_YEAR_SPAN = 60


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    height: int  # percent of the tallest bar; at least 2 when count > 0, so it stays visible
    selected: bool


def year_bars(rows: list[dict]) -> list[Bar]:
    """The year facet's rows as bars in year order, empty years between them filled in."""
    # A year typed into the URL may be anything ("?year=abc" is listed as selected, at zero).
    years = [row for row in rows if re.fullmatch(r"[0-9]{1,5}", str(row["value"]))]
    counts = {int(row["value"]): row["count"] for row in years}
    selected = {int(row["value"]) for row in years if row["selected"]}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    years = range(first, last + 1) if last - first <= MAX_YEAR_SPAN else sorted(counts)
    tallest = max(counts.values()) or 1
    return [
        Bar(
            year,
            counts.get(year, 0),
            max(2, round(100 * counts[year] / tallest)) if counts.get(year) else 0,
            year in selected,
        )
        for year in years
    ]


@dataclass(frozen=True)
class Example:
    query: str
    explains: str


def query_examples(facets: dict[str, list[dict]]) -> list[Example]:
    """Queries built from the archive's commonest facet values; some may find nothing (a topic's
    words need not appear as a phrase), so the caller keeps those that do."""

    def top(name: str) -> str | None:
        rows = facets.get(name) or []
        return rows[0]["value"] if rows else None

    def quoted(value: str) -> str:
        return f'"{value}"' if " " in value else value

    examples = []
    topic = top("topic")
    if topic:
        words = topic.split()
        examples.append(Example(quoted(topic), "the exact phrase"))
        examples.append(Example(f"topic:{quoted(topic)}", "documents on a topic"))
        longest = max(words, key=len)
        if len(longest) >= 6:
            stem = longest[: max(4, len(longest) - 3)]
            examples.append(Example(stem + "*", f"words starting with “{stem}”"))
    country = top("country")
    if country:
        examples.append(Example(f"country:{quoted(country)}", "documents about a country"))
    person = top("person")
    if person:
        examples.append(Example(f"person:{quoted(person)}", "documents naming a person"))
    if topic and country:
        word = max(topic.split(), key=len)
        examples.append(Example(f"{word} -{quoted(country.lower())}",
                                "the first word, without the second"))
    years = [int(row["value"]) for row in facets.get("year") or [] if str(row["value"]).isdigit()]
    if len(years) >= 2:
        examples.append(Example(f"year:[{min(years)} TO {max(years)}]", "a range of years"))
    return examples


def published_later(first: str | None, other: str | None) -> str:
    """How long after ``first`` (an ISO date) ``other`` came out: "2 days later", "the same
    day", "a day earlier"; "" when either is undated."""
    if not first or not other:
        return ""
    days = (dt.date.fromisoformat(other) - dt.date.fromisoformat(first)).days
    if days == 0:
        return "the same day"
    count = "a day" if abs(days) == 1 else f"{abs(days):,} days"
    return f"{count} {'later' if days > 0 else 'earlier'}"


def long_date(iso: str) -> str:
    """2018-07-30 → 30 July 2018: unambiguous in every country."""
    return dt.date.fromisoformat(iso).strftime("%-d %B %Y")


def citation(record: dict, page_url: str) -> str:
    """"Title. Source, 30 July 2018. URL" — the original's address when known, else this page's."""
    parts = [record["title"].rstrip(".") + "."]
    when = long_date(record["date"]) if record.get("date") else ""
    byline = ", ".join(part for part in (record.get("source"), when) if part)
    if byline:
        parts.append(byline + ".")
    parts.append(record.get("source_url") or page_url)
    return " ".join(parts)
