"""Markdown, with optional front matter: ``key: value`` lines between ``---`` lines at the top.

The Markdown is rendered to HTML by markdown-it-py (CommonMark, raw HTML disabled, so a <script>
in a note stays visible text and never becomes markup) and read by the HTML module, so
headings, lists and emphasis become the same clean paragraphs as on a web page.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from indexer.dates import first_date, lead_date, parse_date
from indexer.formats import Extracted
from indexer.formats import html as html_format

FIELDS = ("title", "date", "source", "source_url", "url", "kind")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_RENDERER = MarkdownIt("commonmark", {"html": False})


def extract(text: str) -> Extracted:
    fields, markdown = front_matter(text)
    soup = html_format.parse(_RENDERER.render(markdown))
    heading = html_format.text_line(soup.find("h1"))
    title, body = html_format.titled_body(
        fields.get("title") or heading, heading, html_format.text_of(soup)
    )
    date = parse_date(fields["date"]) if fields.get("date") else None
    return Extracted(
        title=title,
        body="\n\n".join(body),
        date=date or first_date([title]) or lead_date(body),
        source=fields.get("source", ""),
        source_url=html_format.absolute_url(fields.get("source_url") or fields.get("url", "")),
        kind=fields.get("kind", ""),
    )


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter's known fields (values unquoted) and the Markdown after it.

    Only simple ``key: value`` lines are read; anything else in the block is ignored, and a text
    without the block is all Markdown.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {}
    for line in match.group(1).splitlines():
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if colon and key in FIELDS:
            fields[key] = _unquote(value.strip())
    return fields, text[match.end():]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
