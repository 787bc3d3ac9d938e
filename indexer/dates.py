"""Publication dates, however a page writes them.

Regular expressions find the candidates that name a FULL date (day, month and year):
"September 28, 2017", "Nov. 15, 2019", "30 July 2025, 14:53", "Friday, 1 August 2025",
"2019-11-15", "15.11.2019", "28 сентября 2017 г.". A month and a year ("December 2013") or a
bare year is never a publication date, so it is never found.

dateutil reads the English candidates (month names, abbreviations, ordinals): it is small and
well kept. dateparser's free-text search was not used: it is slow, imports large locale tables,
and happily finds "dates" in phrases like "in 2005". Russian and Belarusian month names (in the
genitive, as dates write them) are mapped here; numeric forms need no parser at all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

from dateutil import parser as dateutil_parser

_EN_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_SLAVIC_MONTHS = {
    # Russian
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    # Belarusian ("мая" is the same word in both)
    "студзеня": 1, "лютага": 2, "сакавіка": 3, "красавіка": 4, "чэрвеня": 6, "ліпеня": 7,
    "жніўня": 8, "верасня": 9, "кастрычніка": 10, "лістапада": 11, "снежня": 12,
}
MAX_DATE_STRING = 100  # "Published: Tuesday, 04 June 2019, 09:30:00 GMT" and then some
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_YEAR = r"[12]\d{3}"
_NUMBER_EDGE_BEFORE = r"(?<![\d.\-/])"
_NUMBER_EDGE_AFTER = r"(?![\d\-/]|\.\d)"

_PATTERNS = (
    # "September 28, 2017", "Nov. 15, 2019"
    ("en", re.compile(rf"\b{_EN_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)),
    # "30 July 2025", "1st of August 2025"
    ("en", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_EN_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)),
    # "2019-11-15", "2019/11/15", also the start of "2019-06-04T09:30:00Z"
    ("ymd", re.compile(rf"{_NUMBER_EDGE_BEFORE}({_YEAR})([-/])(\d\d?)\2(\d\d?)(?![\d\-/])")),
    # "15.11.2019"
    ("dmy", re.compile(rf"{_NUMBER_EDGE_BEFORE}(\d\d?)\.(\d\d?)\.({_YEAR}){_NUMBER_EDGE_AFTER}")),
    # "28 сентября 2017 г.", "15 октября 2020 года"
    ("slavic", re.compile(
        rf"\b(\d\d?)\s+({'|'.join(_SLAVIC_MONTHS)})\s+({_YEAR})(?:\s*(?:г\.|года\b|год\b))?",
        re.IGNORECASE,
    )),
)

# Every full date has a year: text without four such digits needs no pattern tried (most lines).
_ANY_YEAR = re.compile(_YEAR)

# What may surround the date in a string that is a date: a weekday, a time, a time zone, a label.
_DATE_NOISE = re.compile(
    r"""
      \b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?
    | \b(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\b
    | T?\d\d?:\d\d(?::\d\d(?:\.\d+)?)?Z?(?:\s*[ap]\.?m\.?)?
    | \b(?:GMT|UTC)\b | [+-]\d\d:?\d\d\b
    | \b(?:on|at|published|posted|updated|date|dated|опубликовано|дата)\b
    | [\s,.;:()|/·•–—-]+
    """,
    re.IGNORECASE | re.VERBOSE,
)


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every full date in ``text`` as (date, start, end), in reading order, none overlapping.

    Impossible dates ("February 30, 2019") are skipped, not raised.
    """
    found: list[tuple[dt.date, int, int]] = []
    if not _ANY_YEAR.search(text):
        return found
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for _, s, e in found):
                continue
            date = _to_date(kind, match)
            if date is not None:
                found.append((date, start, end))
    return sorted(found, key=lambda item: item[1])


def parse_date(text: str) -> dt.date | None:
    """The date of a string that is a date and little else, or None.

    Accepts what date lines, front matter and meta tags hold: "30 July 2025, 14:53",
    "Friday, 1 August 2025", "2019-06-04T09:30:00Z", "Published: Nov. 15, 2019". A sentence that
    merely contains a date ("On July 30, 2018 the Ministry ...") is not a date.
    """
    found = find_dates(text) if len(text) <= MAX_DATE_STRING else []
    if not found:
        return None
    date, start, end = found[0]
    rest = text[:start] + " " + text[end:]
    return date if not _DATE_NOISE.sub("", rest) else None


# A lead's own date opens it: "On November 15, 2019 the ...", "MINSK, 30 July 2025 (BelTA) -",
# "30.07.2025 -", "Published 5 May 2021". A date further into a paragraph is one the text talks
# about ("the coup of 11 September 1973"), not when it was published.
_LEAD_PREFIX = re.compile(
    r"(?:(?i:on)"  # "On 15 November 2019 ..."
    r"|[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{1,40},?"  # a dateline place: "MINSK," "МОСКВА,"
    r"|(?i:(?:\w+\s+)?(?:published|posted|updated|dated|written|date)(?:\s+on)?:?)"  # a label
    r")?\s*"
)


def lead_date(paragraphs: Iterable[str]) -> dt.date | None:
    """The date that one of the first two paragraphs opens with, if any."""
    for paragraph in islice(paragraphs, 2):
        found = find_dates(paragraph[:MAX_DATE_STRING])
        if found and _LEAD_PREFIX.fullmatch(paragraph[: found[0][1]]):
            return found[0][0]
    return None


def first_date(texts: Iterable[str]) -> dt.date | None:
    """The first full date found in ``texts``, taken in order (headline, then lead paragraphs)."""
    for text in texts:
        found = find_dates(text)
        if found:
            return found[0][0]
    return None


def _to_date(kind: str, match: re.Match) -> dt.date | None:
    try:
        if kind == "en":
            return _parse_english(match.group(0))
        if kind == "ymd":
            year, _, month, day = match.groups()
        elif kind == "dmy":
            day, month, year = match.groups()
        else:
            day, month_name, year = match.groups()
            month = _SLAVIC_MONTHS[month_name.lower()]
        return dt.date(int(year), int(month), int(day))
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        return None


@lru_cache(maxsize=1024)
def _parse_english(candidate: str) -> dt.date:
    """dateutil on a located candidate; cached, as listing pages repeat the same few dates."""
    return dateutil_parser.parse(candidate).date()
