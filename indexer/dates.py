"""Publication dates, however a page writes them.

Regular expressions find candidates that name a full date ("September 28, 2017", "30 July
2025, 14:53", "Nov. 15, 2019", "2019-11-15", "15.11.2019", "28 сентября 2017 г."); dateutil
turns the English ones into dates. dateutil is small and well kept; dateparser's free-text
search is slower, imports large locale tables and finds dates in phrases like "in 2005", which
is exactly what a publication date must not be taken from. A month and a year ("December 2013")
or a bare year is never a publication date.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

_MONTHS_EN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTHS_RU = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

_PATTERNS = [
    ("en", re.compile(rf"\b{_MONTHS_EN}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)),
    ("en", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTHS_EN},?\s+{_YEAR}\b", re.IGNORECASE)),
    ("iso", re.compile(rf"\b({_YEAR})-([01]?\d)-([0-3]?\d)\b")),
    ("dmy", re.compile(rf"\b([0-3]?\d)\.([01]?\d)\.({_YEAR})\b")),
    ("ru", re.compile(rf"\b([0-3]?\d)\s+({'|'.join(_MONTHS_RU)})\s+({_YEAR})", re.IGNORECASE)),
]


def _to_date(kind: str, match: re.Match) -> dt.date | None:
    try:
        if kind == "en":
            text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", match.group(0))
            return dateutil_parser.parse(text.replace(" of ", " "), fuzzy=False).date()
        if kind == "iso":
            year, month, day = match.groups()
        elif kind == "dmy":
            day, month, year = match.groups()
        else:
            day, month_name, year = match.groups()
            month = _MONTHS_RU[month_name.lower()]
        return dt.date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        return None  # "February 30, 2019" names no day


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every full date in ``text`` as (date, start, end), in reading order."""
    found = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            date = _to_date(kind, match)
            if date is not None:
                found.append((date, start, end))
                taken.append((start, end))
    return sorted(found, key=lambda item: item[1])


def first_date(text: str) -> dt.date | None:
    found = find_dates(text)
    return found[0][0] if found else None


def parse_date(text: str) -> dt.date | None:
    """A date from a string that is a date (front matter, <time datetime>, meta tags)."""
    text = text.strip()
    match = re.match(rf"({_YEAR})-(\d\d)-(\d\d)", text)  # ISO, possibly with a time after it
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            return None
    return first_date(text)


def is_date_line(line: str) -> bool:
    """True for a line that is a date and little else ("30 July 2025, 14:53")."""
    found = find_dates(line)
    if not found:
        return False
    rest = line[: found[0][1]] + line[found[0][2] :]
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 2
