"""Plain text, typically a web page saved as text with the site's chrome still in it.

Such a page is: navigation lines, a headline (not always the first line, sometimes repeated),
the article's paragraphs one per line, then more navigation. The rules are structural, so that
a page from another site comes out clean too: everything above the headline is chrome; a
trailing block of short lines that are not sentences is chrome; a few generic patterns (font
size, print, share, follow us, language switchers) are chrome wherever they are.
"""

from __future__ import annotations

import re

from indexer.dates import find_dates, first_date, is_date_line
from indexer.formats import Extracted

TITLE_MAX_CHARS = 200
HEAD_LINES = 15  # the headline is looked for among the first lines only

_CHROME = re.compile(
    r"""^(?:font\s*size|print(?:\s+version)?|go\s+to|share(?:\s+this)?|tweet|e-?mail|menu
    |follow\s+us(?:\s+on)?|subscribe|read\s+more|back\s+to\s+top|skip\s+to\s+(?:main\s+)?content
    |all\s+news|recent\s+news.*|related\s+news|more\s+news|home|search|x|facebook|telegram
    |vk|instagram|youtube|linkedin|whatsapp|rss)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
# "русская версия   беларуская версія", "English version"
_LANGUAGE_SWITCH = re.compile(r"^(?:[^\W\d_]+\s+(?:версия|версія|version)\s*)+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;\"”»'’)]$")
_DATELINE_SOURCE = re.compile(
    r"^[A-ZА-ЯЁ][\w .'-]{1,30},\s+[^()\n]{3,30}\((?P<source>[A-ZА-ЯЁ][\w .&-]{1,30})\)\s*[-–—]"
)


def _words(line: str) -> int:
    return len(line.split())


def is_chrome(line: str) -> bool:
    """A line that belongs to the site, not to the article."""
    if _CHROME.match(line) or _LANGUAGE_SWITCH.match(line):
        return True
    return line.endswith(":") and _words(line) <= 3  # a lone label: "Font size:", "Tags:"


def is_paragraph(line: str) -> bool:
    """A line of running text, as opposed to a headline, a label or a link."""
    if _words(line) >= 40:
        return True
    return _words(line) >= 8 and bool(re.search(r"[.!?…][\"”»'’)]?$", line))


def _find_title(lines: list[str]) -> int | None:
    """The index of the headline among ``lines``, or None when the text starts with prose."""
    head = []
    for i, line in enumerate(lines[:HEAD_LINES]):
        if is_paragraph(line):
            break
        if not is_chrome(line) and not is_date_line(line):
            head.append(i)
    for i in head:  # a headline repeated near the top (rubric, headline, byline, headline)
        if _words(lines[i]) >= 4 and lines[i] in (lines[j] for j in head if j > i):
            return i
    for i in head:
        if _words(lines[i]) >= 4 and not lines[i].endswith((".", ",")):
            return i
    return None


def _shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return _shorten(match.group(1) if match else text, 120)


def _strip_trailing_chrome(lines: list[str]) -> list[str]:
    end = len(lines)
    while end > 0 and (is_chrome(lines[end - 1]) or (
        _words(lines[end - 1]) < 10 and not _SENTENCE_END.search(lines[end - 1])
    )):
        end -= 1
    return lines[:end] if end else lines


def extract(text: str) -> Extracted:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return Extracted(title="", body="")
    title_at = _find_title(lines)
    if title_at is None:
        body_lines = [line for line in lines if not is_chrome(line)]
        title = _first_sentence(body_lines[0]) if body_lines else _shorten(lines[0])
        above: list[str] = []
    else:
        title = lines[title_at]
        above = lines[:title_at]
        body_lines = [
            line for line in lines[title_at + 1 :] if line != title and not is_chrome(line)
        ]
    body_lines = _strip_trailing_chrome(body_lines)
    return Extracted(
        title=_shorten(title),
        body="\n\n".join(body_lines),
        date=publication_date(title, above, body_lines),
        source=dateline_source(body_lines[0]) if body_lines else "",
    )


def publication_date(title: str, above: list[str], paragraphs: list[str]):
    """A date in the headline; else the date line nearest above it; else one in the lead.

    The page's own date ("Friday, 1 August 2025" in a site header) sits further up than the
    article's, so the nearest date line wins.
    """
    found = find_dates(title)
    if found:
        return found[0][0]
    for line in reversed(above):
        if is_date_line(line):
            return find_dates(line)[0][0]
    return first_date("\n".join(paragraphs[:2]))


def dateline_source(paragraph: str) -> str:
    """The agency of a wire dateline: "MINSK, 30 July (BelTA) - ..." gives "BelTA"."""
    match = _DATELINE_SOURCE.match(paragraph)
    return match.group("source").strip() if match else ""
