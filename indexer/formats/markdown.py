"""Markdown, with optional front matter: ``key: value`` lines between ``---`` lines at the top.

The Markdown is rendered to HTML by markdown-it-py (raw HTML disabled) and its text read like
any HTML page, so headings, lists and emphasis become clean paragraphs.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from indexer.dates import parse_date
from indexer.formats import Extracted
from indexer.formats import html as html_format

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_RENDERER = MarkdownIt("commonmark", {"html": False})


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter's fields (lower-case keys, unquoted values) and the rest of the text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, text[match.end() :]


def extract(text: str) -> Extracted:
    fields, markdown = front_matter(text)
    extracted = html_format.extract(f"<body>{_RENDERER.render(markdown)}</body>")
    if fields.get("title"):
        extracted.title = fields["title"]
        first, _, rest = extracted.body.partition("\n\n")
        if first == fields["title"]:
            extracted.body = rest
    if fields.get("date"):
        extracted.date = parse_date(fields["date"]) or extracted.date
    extracted.source = fields.get("source", extracted.source)
    extracted.source_url = fields.get("source_url") or fields.get("url") or extracted.source_url
    extracted.kind = fields.get("kind", "")
    return extracted
